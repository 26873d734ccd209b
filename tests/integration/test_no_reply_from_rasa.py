"""Rasa answers nothing when it cannot run an action (the action server is down or failed): the
message is kept and the person told, as when Rasa is down; sent again until it gets a reply, or
dropped after a limit with a request to send it again. The real Telegram app, fake Bot API, fake Rasa."""
from sqlalchemy import select

from bot.chat import pending
from bot.store.db import unit_of_work
from bot.store.models import PendingMessage
from bot.telegram import relay
from fakes.fake_bot_api import user
from running_bot import running_bot, sender_of_user
from test_rasa_down import NEVER, kept, texts

SAM = user(1001, "Sam")


def silent_replies() -> list[int]:
    with unit_of_work() as session:
        return list(session.scalars(select(PendingMessage.silent_replies).order_by(PendingMessage.id)))


async def test_a_message_rasa_answers_with_nothing_is_kept_and_answered_once_rasa_replies(database, api, fake_rasa):
    fake_rasa.reply_to("the library")  # nothing back, as when the action server is down
    async with running_bot(api, fake_rasa.url, retry_pending_every=NEVER):
        api.send_text(SAM, "the library")
        [sent] = await api.wait_for("sendMessage")
        assert sent["text"] == relay.RASA_DOWN_REPLY
        assert kept() == [(sender_of_user(1001), "the library")] and silent_replies() == [1]

        fake_rasa.reply_to("the library", {"text": "Thanks. Where would you not want it?"})
        api.send_text(SAM, "not the school")  # goes after the kept one

        await api.wait_for("sendMessage", count=3)
    assert fake_rasa.messages() == ["the library", "the library", "not the school"]
    assert texts(api, 1001) == [relay.RASA_DOWN_REPLY, "Thanks. Where would you not want it?",
                                "You said: not the school"]
    assert kept() == []


async def test_a_message_that_never_gets_a_reply_is_dropped_after_the_limit_and_the_person_told(
        database, api, fake_rasa, monkeypatch):
    monkeypatch.setattr(pending, "MAX_SILENT_REPLIES", 3)
    fake_rasa.reply_to("breaks an action")
    async with running_bot(api, fake_rasa.url, retry_pending_every=NEVER):
        api.send_text(SAM, "breaks an action")
        await api.wait_for("sendMessage")
        api.send_text(SAM, "next")  # kept behind it; the retry now gets nothing again
        await api.wait_for("sendMessage", count=2)
        assert kept() == [(sender_of_user(1001), "breaks an action"), (sender_of_user(1001), "next")] and silent_replies() == [2, 0]

        api.send_text(SAM, "and another")  # the third silence: dropped, and the rest go on
        await api.wait_for("sendMessage", count=5)
    assert texts(api, 1001) == [relay.RASA_DOWN_REPLY, relay.STILL_WAITING_REPLY, pending.GAVE_UP_REPLY,
                                "You said: next", "You said: and another"]
    assert fake_rasa.messages() == ["breaks an action"] * 3 + ["next", "and another"]
    assert kept() == []


async def test_the_retry_job_sends_a_silently_answered_message_again(database, api, fake_rasa):
    fake_rasa.reply_to("hello")
    async with running_bot(api, fake_rasa.url):  # retries every 0.1 s
        api.send_text(SAM, "hello")
        await api.wait_for("sendMessage")
        await fake_rasa.wait_for_messages(3)
        fake_rasa.reply_to("hello", {"text": "Hello again"})
        await api.wait_for("sendMessage", count=2)
    assert texts(api, 1001) == [relay.RASA_DOWN_REPLY, "Hello again"]


async def test_a_message_that_gets_no_reply_for_minutes_is_dropped_whatever_the_tries(
        database, api, fake_rasa, monkeypatch):
    """The local chat retries only with the person's next message: a message still silent after
    GIVE_UP_AFTER is dropped at the next try, not after thirty more messages."""
    fake_rasa.reply_to("breaks an action")
    async with running_bot(api, fake_rasa.url, retry_pending_every=NEVER):
        api.send_text(SAM, "breaks an action")
        await api.wait_for("sendMessage")
        monkeypatch.setattr(pending, "GIVE_UP_AFTER", pending.timedelta(0))  # as if minutes went by
        api.send_text(SAM, "next")
        await api.wait_for("sendMessage", count=3)
    assert texts(api, 1001) == [relay.RASA_DOWN_REPLY, pending.GAVE_UP_REPLY, "You said: next"]
    assert kept() == []
