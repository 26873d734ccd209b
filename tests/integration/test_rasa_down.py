"""Rasa down or slow: the message is kept in the database, the person is told kindly, and what they
wrote reaches Rasa in order once it is back. The real Telegram app, fake Bot API, fake Rasa."""
import asyncio

from sqlalchemy import func, select

from bot.store.db import unit_of_work
from bot.store.models import PendingMessage
from bot.telegram import relay
from fakes.fake_bot_api import user
from running_bot import running_bot, sender_of_user

SAM, JO = user(1001, "Sam"), user(1002, "Jo")
NEVER = 3600  # seconds: a retry job that does not run during the test


def kept() -> list[tuple[str, str]]:
    with unit_of_work() as session:
        return [(m.sender_id, m.text) for m in session.scalars(select(PendingMessage).order_by(PendingMessage.id))]


def texts(api, chat_id: int) -> list[str]:
    return [message["text"] for message in api.sent_messages(chat_id)]


async def wait_until(condition, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_a_message_sent_while_rasa_is_down_is_kept_and_answered_when_it_is_back(database, api, fake_rasa):
    fake_rasa.go_down()
    async with running_bot(api, fake_rasa.url):
        api.send_text(SAM, "my nan Zoë")
        [sent] = await api.wait_for("sendMessage")
        assert sent["text"] == relay.RASA_DOWN_REPLY
        assert "saved" in sent["text"] and "as soon as I can" in sent["text"]
        assert kept() == [(sender_of_user(1001), "my nan Zoë")]

        fake_rasa.come_back()

        await api.wait_for("sendMessage", count=2)
        assert fake_rasa.messages() == ["my nan Zoë"]
        assert texts(api, 1001) == [relay.RASA_DOWN_REPLY, "You said: my nan Zoë"]
        assert kept() == []


async def test_new_messages_queue_behind_kept_ones_and_reach_rasa_in_order(database, api, fake_rasa):
    fake_rasa.go_down()
    async with running_bot(api, fake_rasa.url):
        for text in ("one", "two", "three"):
            api.send_text(SAM, text)
        await api.wait_for("sendMessage", count=3)
        assert texts(api, 1001) == [relay.RASA_DOWN_REPLY, relay.STILL_WAITING_REPLY, relay.STILL_WAITING_REPLY]

        fake_rasa.come_back()

        await api.wait_for("sendMessage", count=6)
        assert fake_rasa.messages() == ["one", "two", "three"]
        assert texts(api, 1001)[3:] == ["You said: one", "You said: two", "You said: three"]
        assert kept() == []


async def test_a_new_message_after_rasa_is_back_goes_after_the_kept_ones_without_waiting_for_the_retry(
        database, api, fake_rasa):
    fake_rasa.go_down()
    async with running_bot(api, fake_rasa.url, retry_pending_every=NEVER):
        api.send_text(SAM, "one")
        await api.wait_for("sendMessage")
        fake_rasa.come_back()

        api.send_text(SAM, "two")

        await api.wait_for("sendMessage", count=3)
        assert fake_rasa.messages() == ["one", "two"]
        assert texts(api, 1001) == [relay.RASA_DOWN_REPLY, "You said: one", "You said: two"]


async def test_each_persons_kept_messages_go_back_to_that_person(database, api, fake_rasa):
    fake_rasa.go_down()
    async with running_bot(api, fake_rasa.url):
        api.send_text(SAM, "from Sam")
        api.send_text(JO, "from Jo")
        await api.wait_for("sendMessage", count=2)

        fake_rasa.come_back()

        await api.wait_for("sendMessage", count=4)
        assert texts(api, 1001) == [relay.RASA_DOWN_REPLY, "You said: from Sam"]
        assert texts(api, 1002) == [relay.RASA_DOWN_REPLY, "You said: from Jo"]
        assert {body["sender"] for body in fake_rasa.received} == {sender_of_user(1001), sender_of_user(1002)}


async def test_a_slow_rasa_counts_as_down_and_the_message_is_sent_again_later(database, api, fake_rasa):
    fake_rasa.answer_slowly("hello", 1.0)
    async with running_bot(api, fake_rasa.url, rasa_timeout=0.3, retry_pending_every=0.5):
        api.send_text(SAM, "hello")
        [sent] = await api.wait_for("sendMessage")
        assert sent["text"] == relay.RASA_DOWN_REPLY

        fake_rasa.answer_slowly("hello", 0)

        await api.wait_for("sendMessage", count=2, timeout=5)
        assert texts(api, 1001) == [relay.RASA_DOWN_REPLY, "You said: hello"]
        # At least once: the slow first try reached Rasa too, and it was sent again.
        assert fake_rasa.messages()[:2] == ["hello", "hello"] and set(fake_rasa.messages()) == {"hello"}


async def test_kept_messages_survive_a_restart_of_the_bot(database, api, fake_rasa):
    fake_rasa.go_down()
    async with running_bot(api, fake_rasa.url):
        api.send_text(SAM, "before the restart")
        await api.wait_for("sendMessage")
    fake_rasa.come_back()

    async with running_bot(api, fake_rasa.url):
        await api.wait_for("sendMessage", count=2)

    assert texts(api, 1001) == [relay.RASA_DOWN_REPLY, "You said: before the restart"]


async def test_a_message_rasa_refuses_is_not_kept_and_the_person_is_asked_to_say_it_another_way(
        database, api, fake_rasa):
    fake_rasa.refuse("hello", status=400)
    async with running_bot(api, fake_rasa.url):
        api.send_text(SAM, "hello")
        [sent] = await api.wait_for("sendMessage")
    assert sent["text"] == relay.RASA_REFUSED_REPLY
    assert kept() == []


async def test_button_presses_while_rasa_is_down_are_kept_in_order_with_typed_messages(database, api, fake_rasa):
    fake_rasa.reply_to("ready", {"text": "Coming?", "buttons": [{"title": "Yes", "payload": "/affirm"}]})
    async with running_bot(api, fake_rasa.url):
        api.send_text(SAM, "ready")
        await api.wait_for("sendMessage")
        [question] = api.sent_messages(1001)
        fake_rasa.go_down()

        api.press_button(SAM, question, question["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
        api.send_text(SAM, "and my nan")
        await api.wait_for("sendMessage", count=3)
        with unit_of_work() as session:
            assert session.scalar(select(func.count()).select_from(PendingMessage)) == 2

        fake_rasa.come_back()

        await api.wait_for("sendMessage", count=5)
    assert fake_rasa.messages() == ["ready", "/affirm", "and my nan"]
