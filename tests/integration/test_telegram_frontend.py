"""The real Telegram Application, against a fake Bot API server and a fake Rasa REST channel."""
import asyncio
import json
import logging

import pytest
from sqlalchemy import select

from bot.chat.rasa_client import RasaClient
from bot.store import accounts
from bot.store.db import unit_of_work
from bot.store.models import Contribution
from bot.store.repository import add_participant, button_payload, create_meeting, join_meeting, telegram_sender
from bot.telegram import relay
from bot.telegram.app import run_telegram
from bot.use_cases import alert_links
from fakes.fake_bot_api import user
from fakes.fake_rasa import buttons, unused_url
from running_bot import running_bot, sender_of_user

SAM = user(1001, "Sam")
QUIET = 0.3  # seconds to wait when checking that something did NOT happen


@pytest.fixture
async def bot(database, api, fake_rasa):
    async with running_bot(api, fake_rasa.url) as app:
        yield app


def keyboard(message: dict) -> list[list[dict]]:
    return message["reply_markup"]["inline_keyboard"]


async def test_text_is_relayed_to_rasa_as_the_telegram_user_and_the_reply_comes_back(bot, api, fake_rasa):
    fake_rasa.reply_to("hello there", {"text": "Hello! Shall we get ready for the meeting?"})

    api.send_text(SAM, "hello there")

    [sent] = await api.wait_for("sendMessage")
    [received] = fake_rasa.received
    assert received["sender"] == sender_of_user(1001) != "tg-1001"
    assert received["message"] == "hello there"
    assert received["metadata"] == {"channel": "telegram", "chat_type": "private", "telegram_user_id": 1001}
    assert sent["chat_id"] == 1001
    assert sent["text"] == "Hello! Shall we get ready for the meeting?"


async def test_replies_are_sent_as_plain_text_so_markup_in_answers_is_shown_as_is(bot, api, fake_rasa):
    fake_rasa.reply_to("hi", {"text": "<b>Bold</b> and *stars*"})

    api.send_text(SAM, "hi")

    [sent] = await api.wait_for("sendMessage")
    assert sent["text"] == "<b>Bold</b> and *stars*"
    assert "parse_mode" not in sent


async def test_a_turns_texts_arrive_as_one_message_with_the_buttons_under_it(bot, api, fake_rasa):
    """Issue 16: one bubble a turn, not a wall of them; a second keyboard needs a second message."""
    fake_rasa.reply_to(
        "tuesdays are no good",
        {"text": "Noted: Tuesdays don't work for you."},
        {"text": "Where would you like the meeting?", "buttons": buttons(("At home", "/home"), ("Somewhere else", "/else"))},
        {"text": "You can type a place too."},
    )
    fake_rasa.reply_to(
        "two questions",
        {"text": "First?", "buttons": buttons(("Yes", "/affirm"))},
        {"text": "Second?", "buttons": buttons(("No", "/deny"))},
    )

    api.send_text(SAM, "tuesdays are no good")
    [one] = await api.wait_for("sendMessage")
    api.send_text(SAM, "two questions")
    _, first, second = await api.wait_for("sendMessage", count=3)

    assert one["text"] == ("Noted: Tuesdays don't work for you.\n\nWhere would you like the meeting?\n\n"
                           "You can type a place too.")
    assert [b["text"] for row in keyboard(one) for b in row] == ["At home", "Somewhere else"]
    assert (first["text"], second["text"]) == ("First?", "Second?")
    assert [b["text"] for row in keyboard(first) for b in row] == ["Yes"]
    assert [b["text"] for row in keyboard(second) for b in row] == ["No"]


async def test_buttons_arrive_as_an_inline_keyboard_of_short_stored_keys_two_per_row(bot, api, fake_rasa):
    payloads = ['/choose_topic{"topic":"who_to_invite"}', "/affirm", "/deny"]
    fake_rasa.reply_to(
        "ready",
        {"text": "Pick one", "buttons": buttons(("People", payloads[0]), ("Yes", payloads[1]), ("No", payloads[2]))},
    )

    api.send_text(SAM, "ready")

    [sent] = await api.wait_for("sendMessage")
    rows = keyboard(sent)
    assert [[b["text"] for b in row] for row in rows] == [["People", "Yes"], ["No"]]
    data = [b["callback_data"] for row in rows for b in row]
    assert all(len(d.encode()) <= 64 and d.startswith("b:") for d in data)
    assert not any("{" in d or "/" in d for d in data)
    with unit_of_work() as session:
        assert [button_payload(session, d[2:]) for d in data] == payloads


async def test_long_button_titles_get_a_row_each(bot, api, fake_rasa):
    fake_rasa.reply_to(
        "ready",
        {"text": "Who?", "buttons": buttons(("My grandmother on my mum's side", "/a"), ("Nobody", "/b"))},
    )

    api.send_text(SAM, "ready")

    [sent] = await api.wait_for("sendMessage")
    assert [len(row) for row in keyboard(sent)] == [1, 1]


async def test_pressing_a_button_answers_it_removes_the_keyboard_and_relays_the_payload(bot, api, fake_rasa):
    fake_rasa.reply_to("ready", {"text": "Are you coming?", "buttons": buttons(("Yes", "/affirm"), ("No", "/deny"))})
    fake_rasa.reply_to("/deny", {"text": "That's fine."})
    api.send_text(SAM, "ready")
    await api.wait_for("sendMessage")
    [question] = api.sent_messages(SAM["id"])
    no_button = keyboard(question)[0][1]["callback_data"]

    api.press_button(SAM, question, no_button)

    await api.wait_for("answerCallbackQuery")
    [edit] = await api.wait_for("editMessageText")
    _, answer = await api.wait_for("sendMessage", count=2)
    assert edit["message_id"] == question["message_id"]
    assert edit["text"] == "Are you coming?\n\n✓ No"
    assert "reply_markup" not in edit or not edit["reply_markup"].get("inline_keyboard")
    assert fake_rasa.received[-1]["message"] == "/deny"
    assert fake_rasa.received[-1]["sender"] == sender_of_user(1001)
    assert answer["text"] == "That's fine."


async def test_a_button_with_an_unknown_key_gets_a_kind_note_and_nothing_reaches_rasa(bot, api, fake_rasa):
    old_message = {
        "message_id": 99, "date": 0, "chat": api.private_chat(SAM), "text": "Old question",
        "reply_markup": {"inline_keyboard": [[{"text": "Yes", "callback_data": "b:0000000000000000"}]]},
    }

    api.press_button(SAM, old_message, "b:0000000000000000")

    [answered] = await api.wait_for("answerCallbackQuery")
    [sent] = await api.wait_for("sendMessage")
    assert answered["text"] == relay.OLD_BUTTON_NOTE
    assert sent["text"] == relay.OLD_BUTTON_REPLY
    assert fake_rasa.received == []


async def test_start_with_an_invite_code_asks_rasa_to_join_that_meeting(bot, api, fake_rasa):
    fake_rasa.reply_to('/join_meeting{"invite_code":"ABC123XYZ"}', {"text": "Welcome, you're in."})

    api.send_text(SAM, "/start ABC123XYZ")

    [sent] = await api.wait_for("sendMessage")
    assert fake_rasa.messages() == ['/join_meeting{"invite_code":"ABC123XYZ"}']
    assert sent["text"] == "Welcome, you're in."


async def test_start_cleans_a_typed_code_to_letters_and_digits_in_capitals(bot, api, fake_rasa):
    api.send_text(SAM, '/start abc-12"3}')

    await api.wait_for("sendMessage")
    assert fake_rasa.messages() == ['/join_meeting{"invite_code":"ABC123"}']


@pytest.mark.parametrize("text", ["/start", "/start ---"])
async def test_start_without_a_usable_code_explains_where_to_find_it_without_asking_rasa(bot, api, fake_rasa, text):
    api.send_text(SAM, text)

    [sent] = await api.wait_for("sendMessage")
    assert sent["text"] == relay.NO_CODE_REPLY
    assert "coordinator" in sent["text"] and "questions" in sent["text"]
    assert fake_rasa.received == []


async def test_a_coordinators_one_time_alerts_link_links_their_chat_and_never_reaches_rasa(bot, api, fake_rasa):
    with unit_of_work() as session:
        amira_id = accounts.create_coordinator(session, "amira@example.org", "Amira", "a long enough password 1").id
    code = alert_links.new_link_code(amira_id)
    api.send_text(SAM, f"/start {code}")
    [sent] = await api.wait_for("sendMessage")
    assert sent["text"].startswith("Done, Amira. Safeguarding alerts")
    assert alert_links.is_linked(amira_id) and fake_rasa.received == []

    api.send_text(SAM, f"/start {code}")  # once only
    sent = (await api.wait_for("sendMessage", count=2))[-1]
    assert sent["text"] == relay.ALERTS_LINK_OLD_REPLY


async def test_help_is_passed_to_rasa(bot, api, fake_rasa):
    api.send_text(SAM, "/help")

    await api.wait_for("sendMessage")
    assert fake_rasa.messages() == ["/help"]


async def test_privacy_and_forget_are_passed_to_rasa(bot, api, fake_rasa):
    api.send_text(SAM, "/privacy")
    api.send_text(SAM, "/forget")

    await api.wait_for("sendMessage", count=2)
    assert fake_rasa.messages() == ["/privacy", "/forget"]


async def test_the_forget_instruction_is_not_shown_to_the_person(bot, api, fake_rasa):
    """Rasa's signed channel deletes the conversation itself (tests/e2e); a front end shows only words."""
    fake_rasa.reply_to("yes", {"text": "Done."}, {"custom": {"forget_conversation": True}})
    api.send_text(SAM, "yes")

    [sent] = await api.wait_for("sendMessage")
    assert sent["text"] == "Done."


@pytest.mark.parametrize(
    "text, reply",
    [
        ('/join_meeting{"invite_code":"STOLEN"}', relay.UNKNOWN_COMMAND_REPLY),
        ("/affirm", relay.UNKNOWN_COMMAND_REPLY),
        ("///", relay.EMPTY_TEXT_REPLY),
    ],
)
async def test_commands_and_slashes_that_are_not_ours_never_reach_rasa(bot, api, fake_rasa, text, reply):
    api.send_text(SAM, text)

    [sent] = await api.wait_for("sendMessage")
    assert sent["text"] == reply
    assert fake_rasa.received == []


async def test_text_starting_with_slashes_reaches_rasa_only_without_them(bot, api, fake_rasa):
    api.send_text(SAM, '//join_meeting{"invite_code":"X"}')
    api.send_text(SAM, " / /deny")

    await api.wait_for("sendMessage", count=2)
    assert fake_rasa.messages() == ['join_meeting{"invite_code":"X"}', "deny"]
    assert not any(message.startswith("/") for message in fake_rasa.messages())


async def test_very_long_text_is_cut_to_4000_characters_before_relaying(bot, api, fake_rasa):
    api.send_text(SAM, "a" * 4090)

    await api.wait_for("sendMessage")
    assert fake_rasa.messages() == ["a" * 4000]


@pytest.mark.parametrize("push", ["send_sticker", "send_photo", "send_voice", "send_location"])
async def test_non_text_messages_get_a_polite_please_type_reply(bot, api, fake_rasa, push):
    getattr(api, push)(SAM)

    [sent] = await api.wait_for("sendMessage")
    assert sent["text"] == relay.NON_TEXT_REPLY
    assert fake_rasa.received == []


async def test_an_edited_message_is_not_read_and_the_person_is_asked_to_send_it_again(bot, api, fake_rasa):
    api.edit_text(SAM, "actually three children")

    [sent] = await api.wait_for("sendMessage")
    assert sent["text"] == relay.EDITED_REPLY
    assert fake_rasa.received == []


@pytest.mark.parametrize("chat_type", ["group", "supergroup"])
async def test_group_messages_get_the_private_chat_note_and_nothing_reaches_rasa(bot, api, fake_rasa, chat_type):
    api.send_group_text(SAM, "/start ABC123XYZ", chat_type=chat_type)
    api.send_group_text(SAM, "hello bot", chat_type=chat_type)

    first, second = await api.wait_for("sendMessage", count=2)
    assert first["text"] == second["text"] == relay.GROUP_REPLY
    assert first["chat_id"] < 0
    await asyncio.sleep(QUIET)
    assert fake_rasa.received == []


async def test_when_rasa_is_down_the_person_is_told_kindly(database, api):
    async with running_bot(api, unused_url()):
        api.send_text(SAM, "hello")

        [sent] = await api.wait_for("sendMessage")
    assert sent["text"] == relay.RASA_DOWN_REPLY


async def test_nothing_a_person_writes_is_logged_even_when_handling_fails(bot, api, fake_rasa, caplog):
    caplog.set_level(logging.DEBUG)
    api.fail_next("sendMessage", "Bad Request: Zebediah Fairweather")

    api.send_text(SAM, "My name is Zebediah Fairweather")

    _, told = await api.wait_for("sendMessage", count=2)  # the failed reply, then the kind error message
    assert told["text"] == relay.ERROR_REPLY
    assert fake_rasa.messages() == ["My name is Zebediah Fairweather"]
    await asyncio.sleep(0.1)
    assert "BadRequest" in caplog.text
    assert "Zebediah" not in caplog.text
    assert api.token not in caplog.text


async def test_run_telegram_serves_in_a_running_loop_until_cancelled(database, api, fake_rasa, monkeypatch):
    monkeypatch.delenv("TELEGRAM_WEBHOOK_URL", raising=False)
    rasa = RasaClient(fake_rasa.url)
    task = asyncio.create_task(run_telegram(api.token, rasa, base_url=api.base_url))
    try:
        api.send_text(SAM, "hello")
        [sent] = await api.wait_for("sendMessage")
        assert sent["text"] == "You said: hello"
        assert api.calls_to("setMyCommands")
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=3)
        await rasa.close()


async def test_a_young_persons_photo_or_voice_note_is_kept_for_the_coordinator_only(bot, api, fake_rasa):
    with unit_of_work() as session:
        meeting = create_meeting(session, "Smith family", "Amira")
        jo = add_participant(session, meeting, "Jo", "young_person")
        join_meeting(session, telegram_sender(session, 1001), jo.invite_code)
    api.send_photo(SAM)
    api.send_voice(SAM)

    sent = await api.wait_for("sendMessage", count=2)
    assert all(message["text"] == relay.CONTRIBUTION_KEPT_REPLY for message in sent)
    with unit_of_work() as session:
        kept = session.scalars(select(Contribution)).all()
        assert [(c.kind, c.telegram_file_id, c.visibility) for c in kept] == [
            ("photo", "photo-file", "coordinator"), ("voice", "voice-file", "coordinator")]
    assert fake_rasa.received == []


async def test_typing_the_words_of_a_button_on_screen_presses_it(bot, api, fake_rasa):
    fake_rasa.reply_to("ready", {"text": "Is that right?", "buttons": buttons(("Yes, send it", "/affirm"),
                                                                              ("Change something", "/change_answer"))})
    fake_rasa.reply_to("/affirm", {"text": "Thank you. I've passed it to the coordinator."})
    api.send_text(SAM, "ready")
    await api.wait_for("sendMessage")

    api.send_text(SAM, "yes send it please")

    _, answer = await api.wait_for("sendMessage", count=2)
    assert fake_rasa.received[-1]["message"] == "/affirm"
    assert answer["text"] == "Thank you. I've passed it to the coordinator."
    api.send_text(SAM, "yes send it please")  # no buttons on screen now: typed text
    await api.wait_for("sendMessage", count=3)
    assert fake_rasa.received[-1]["message"] == "yes send it please"
