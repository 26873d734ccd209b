"""The terminal chat shows what Telegram would, and sends what Telegram would, to a fake Rasa."""
import pytest

from bot.chat.local import run_local_chat
from bot.chat.rasa_client import RasaClient
from bot.telegram import relay
from fakes.fake_rasa import buttons, unused_url


@pytest.fixture(autouse=True)
def database_for_kept_messages(sqlite_database):
    """Messages are kept in the database while Rasa is down (bot.chat.pending), and looked for first."""


QUESTION = {"text": "Are you coming to the meeting?", "buttons": buttons(("Yes", "/affirm"), ("No", "/deny"))}


def scripted(*lines: str):
    """An input() that types these lines, then presses Ctrl-D."""
    remaining = list(lines)

    def input_fn(prompt: str = "") -> str:
        if not remaining:
            raise EOFError
        return remaining.pop(0)

    return input_fn


async def chat(rasa_url: str, *lines: str) -> list[str]:
    """Run the chat with these typed lines; returns everything it printed."""
    printed: list[str] = []
    client = RasaClient(rasa_url)
    try:
        await run_local_chat(client, "local-test", input_fn=scripted(*lines), print_fn=lambda *a: printed.append(" ".join(map(str, a))))
    finally:
        await client.close()
    return printed


async def test_replies_are_printed_with_their_buttons_as_numbered_choices(fake_rasa):
    fake_rasa.reply_to("hello", QUESTION)

    printed = await chat(fake_rasa.url, "hello")

    at = printed.index("Are you coming to the meeting?")
    assert printed[at + 1 : at + 3] == ["  1) Yes", "  2) No"]


async def test_typing_a_number_presses_that_button_and_sends_its_payload(fake_rasa):
    fake_rasa.reply_to("hello", QUESTION)
    fake_rasa.reply_to("/deny", {"text": "That's fine."})

    printed = await chat(fake_rasa.url, "hello", "2")

    assert fake_rasa.messages() == ["hello", "/deny"]
    assert fake_rasa.received[0]["sender"] == "local-test"
    assert printed[-3:] == ["✓ No", "That's fine.", ""]


async def test_a_number_when_no_button_has_that_number_is_sent_as_typed_text(fake_rasa):
    fake_rasa.reply_to("hello", QUESTION)

    await chat(fake_rasa.url, "hello", "3", "1")

    assert fake_rasa.messages() == ["hello", "3", "1"]  # "You said: 3" had no buttons, so "1" is text


async def test_start_with_a_code_sends_the_same_join_message_as_telegram(fake_rasa):
    await chat(fake_rasa.url, "/start abc-123")

    assert fake_rasa.messages() == ['/join_meeting{"invite_code":"ABC123"}']
    assert fake_rasa.messages() == [relay.join_message("ABC123")]


async def test_start_without_a_code_explains_where_to_get_one_without_asking_rasa(fake_rasa):
    printed = await chat(fake_rasa.url, "/start")

    assert relay.NO_CODE_REPLY in printed
    assert fake_rasa.received == []


@pytest.mark.parametrize("typed, sent", [("//affirm", "affirm"), (" / /deny please", "deny please")])
async def test_typed_text_never_reaches_rasa_with_a_leading_slash(fake_rasa, typed, sent):
    await chat(fake_rasa.url, typed)

    assert fake_rasa.messages() == [sent]


async def test_unknown_commands_are_declined_and_not_sent(fake_rasa):
    printed = await chat(fake_rasa.url, '/join_meeting{"invite_code":"X"}')

    assert relay.UNKNOWN_COMMAND_REPLY in printed
    assert fake_rasa.received == []


async def test_quit_ends_the_chat_before_later_lines(fake_rasa):
    await chat(fake_rasa.url, "hello", "/quit", "never sent")

    assert fake_rasa.messages() == ["hello"]


async def test_when_rasa_is_down_the_kind_trouble_message_is_shown():
    printed = await chat(unused_url(), "hello")

    assert relay.RASA_DOWN_REPLY in printed


async def test_a_message_kept_while_rasa_was_down_is_sent_before_the_next_one(fake_rasa):
    fake_rasa.go_down()
    printed: list[str] = []
    client = RasaClient(fake_rasa.url)

    typed = scripted("first", "second")

    def input_fn(prompt: str = "") -> str:
        line = typed(prompt)
        if line == "second":
            fake_rasa.come_back()  # Rasa is back before the second message is typed
        return line

    try:
        await run_local_chat(client, "local-test", input_fn=input_fn, print_fn=lambda *a: printed.append(" ".join(a)))
    finally:
        await client.close()

    assert fake_rasa.messages() == ["first", "second"]
    assert printed[1:4] == [relay.RASA_DOWN_REPLY, "You said: first", "You said: second"]


async def test_typing_a_buttons_words_presses_it(fake_rasa):
    fake_rasa.reply_to("hello", QUESTION)
    fake_rasa.reply_to("/deny", {"text": "That's fine."})

    printed = await chat(fake_rasa.url, "hello", "no thanks")

    assert fake_rasa.messages() == ["hello", "/deny"]
    assert printed[-3:] == ["✓ No", "That's fine.", ""]
