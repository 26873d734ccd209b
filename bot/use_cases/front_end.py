"""What the chat front ends do besides passing messages to Rasa: keep a person's messages while Rasa
cannot take them (bot/chat/pending.py), know which Telegram user a conversation is, remember the buttons
sent, keep a young person's photos and voice notes, and send reminders once (bot/telegram/)."""
from __future__ import annotations

from datetime import datetime
from typing import Callable, Iterable

from bot.domain.buttons import button_key_for
from bot.domain.conflicts import Conflict
from bot.domain.records import KeptMessage
from bot.domain.reminders import Planned, due, reminder_text
from bot.domain.visibility import COORDINATOR
from bot.store.unit_of_work import SqlUnitOfWork
from bot.use_cases.unit_of_work import UnitOfWork

Uow = Callable[..., UnitOfWork]


# Messages kept while Rasa could not take them.

def has_waiting_messages(sender_id: str, uow: Uow = SqlUnitOfWork) -> bool:
    with uow(read_only=True) as work:
        return work.pending.has_any(sender_id)


def keep_message(sender_id: str, text: str, metadata: dict, silent_replies: int = 0, uow: Uow = SqlUnitOfWork) -> None:
    """Keep a message to send again later, after any kept before it."""
    with uow() as work:
        work.pending.keep(sender_id, text, metadata, silent_replies)


def waiting_messages(sender_id: str, uow: Uow = SqlUnitOfWork) -> list[KeptMessage]:
    with uow(read_only=True) as work:
        return work.pending.of(sender_id)


def count_silent_reply(message_id: int, uow: Uow = SqlUnitOfWork) -> None:
    """Rasa took a kept message and answered nothing, once more."""
    with uow() as work:
        work.pending.count_silent_reply(message_id)


def drop_message(message_id: int, uow: Uow = SqlUnitOfWork) -> None:
    with uow() as work:
        work.pending.forget(message_id)


def senders_waiting(prefix: str = "", uow: Uow = SqlUnitOfWork) -> list[str]:
    """Conversations with kept messages, longest waiting first."""
    with uow(read_only=True) as work:
        return work.pending.senders(prefix)


# Telegram.

def sender_of(telegram_user_id: int, uow: Uow = SqlUnitOfWork) -> str:
    """The random Rasa sender id of this Telegram user's chat, made on their first message. Their first two
    messages at once (or two front ends) may both try to make it: the second reads the first one's."""
    for attempt in (1, 2):
        try:
            with uow() as work:
                return work.telegram.sender_of(telegram_user_id)
        except Conflict:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def telegram_chat_of(sender_id: str, uow: Uow = SqlUnitOfWork) -> int | None:
    """The Telegram chat of a conversation (private chats only: chat id = user id)."""
    with uow(read_only=True) as work:
        return work.telegram.user_of(sender_id)


def remember_buttons(payloads: Iterable[str], uow: Uow = SqlUnitOfWork) -> dict[str, str]:
    """The short key of each button about to be sent, its payload saved so a press can be read back. Most
    were saved long ago: they are looked for first without taking the database's write lock."""
    keys = {payload: button_key_for(payload) for payload in dict.fromkeys(payloads)}
    with uow(read_only=True) as work:
        new = [payload for payload, key in keys.items() if work.telegram.button_payload(key) is None]
    for attempt in (1, 2):
        if not new:
            break
        try:
            with uow() as work:
                for payload in new:
                    work.telegram.save_button(payload)
            break
        except Conflict:  # another writer saved one of them first: save the others again
            if attempt == 2:
                raise
    return keys


def pressed_button(key: str, uow: Uow = SqlUnitOfWork) -> str | None:
    with uow(read_only=True) as work:
        return work.telegram.button_payload(key)


def keep_contribution(sender_id: str, kind: str, file_id: str | None, uow: Uow = SqlUnitOfWork) -> bool:
    """Keep a young person's photo, drawing, voice note or video for the coordinator; False for anyone else."""
    with uow() as work:
        chat = work.chats.linked(sender_id)
        if chat is None or chat.person.role != "young_person":
            return False
        work.telegram.keep_contribution(chat.person.id, kind, file_id, COORDINATOR)
        return True


# Reminders.

def planned_reminders(now: datetime, since: datetime, uow: Uow = SqlUnitOfWork) -> list[Planned]:
    """Every reminder still to send to people in meetings on or after `since` (bot/domain/reminders.py)."""
    with uow() as work:
        return [Planned(r.participant_id, r.chat_id, due_now.kind, r.meeting_at, due_now.at, r.sender_id)
                for r in work.reminders.to_remind(since)
                for due_now in due(r.meeting_at, now, set(r.sent), review_on=r.review_on)]


def text_if_still_due(planned: Planned, uow: Uow = SqlUnitOfWork) -> str | None:
    """The message to send now, or None if it was sent, the date moved or the person left."""
    with uow() as work:
        person = work.reminders.one(planned.participant_id)
        if person is None or person.meeting_at != planned.meeting_at or planned.kind in person.sent:
            return None
        return reminder_text(planned.kind, person.name, person.meeting_at, person.place, person.coordinator_name,
                             person.role)


def claim_reminder(planned: Planned, uow: Uow = SqlUnitOfWork) -> bool:
    """Record the reminder as sent, before sending it: False when another front end already has."""
    try:
        with uow() as work:
            work.reminders.record_sent(planned.participant_id, planned.kind, planned.meeting_at)
        return True
    except Conflict:
        return False


def let_reminder_go(planned: Planned, uow: Uow = SqlUnitOfWork) -> None:
    """Sending failed: the claim goes, so the next rebuild tries again."""
    with uow() as work:
        work.reminders.forget_sent(planned.participant_id, planned.kind, planned.meeting_at)
