"""What a person does in the chat, for the Rasa actions: join a meeting with an invite code, answer
the questions, name people to invite, leave a question for the coordinator, agree their summary,
ask to be forgotten, and (the safeguarding check) tell of harm.

Every function finds the participant by the conversation their chat is linked to; one that writes
returns False, and changes nothing, when the chat has not joined a meeting.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable

from bot.domain import join_attempts
from bot.domain.network import Person as Named
from bot.domain.records import Chat, Flag, Person
from bot.domain.summary import Line, summary_of
from bot.store.unit_of_work import SqlUnitOfWork
from bot.use_cases.unit_of_work import UnitOfWork

Uow = Callable[..., UnitOfWork]
TOO_MANY_TRIES = "too_many_tries"


def _as_participant(conversation_id: str, uow: Uow, change: Callable[[UnitOfWork, int], None]) -> bool:
    """Make a change for the participant this chat joined as; False, and nothing changed, before joining."""
    with uow() as work:
        participant_id = work.chats.participant_id(conversation_id)
        if participant_id is None:
            return False
        change(work, participant_id)
        return True


def linked_chat(conversation_id: str, uow: Uow = SqlUnitOfWork) -> Chat | None:
    """The participant this chat joined as, with their answers and meeting; None before joining."""
    with uow(read_only=True) as work:
        return work.chats.linked(conversation_id)


def my_answers(conversation_id: str, uow: Uow = SqlUnitOfWork) -> Person | None:
    """What the participant this chat joined as said so far; None before joining."""
    with uow(read_only=True) as work:
        return work.chats.person(conversation_id)


def has_joined(conversation_id: str, uow: Uow = SqlUnitOfWork) -> bool:
    with uow(read_only=True) as work:
        return work.chats.participant_id(conversation_id) is not None


@dataclass(frozen=True)
class Joined:
    chat: Chat | None
    problem: str | None = None  # "unknown" | "taken" | "expired" | "too_many_tries"
    same_person: bool = False   # the chat had joined as this participant before


def join_meeting(conversation_id: str, code: str, telegram_user_id: int | None, now: datetime,
                 uow: Uow = SqlUnitOfWork) -> Joined:
    """Link the chat to the participant whose invite code it gave. A chat that tried too many codes
    that did not work is told to wait, and its code is not even looked at (bot/domain/join_attempts.py)."""
    with uow() as work:
        start = join_attempts.window_start(now)
        if not join_attempts.may_try_code(work.chats.failed_joins_since(conversation_id, start), now):
            return Joined(None, TOO_MANY_TRIES)
        before = work.chats.participant_id(conversation_id)
        participant_id, problem = work.chats.join(conversation_id, code, telegram_user_id)
        if participant_id is None:
            work.chats.record_failed_join(conversation_id, now, forget_before=start)
            return Joined(None, problem)
        return Joined(work.chats.linked(conversation_id), same_person=before == participant_id)


def save_answer(conversation_id: str, topic: str, key: str, value: str, visibility: str,
                uow: Uow = SqlUnitOfWork) -> bool:
    """Keep one answer (or a note beside one), replacing what was saved under the same key."""
    return _as_participant(conversation_id, uow,
                           lambda work, participant: work.chats.save_answer(participant, topic, key, value, visibility))


def add_to_answer(conversation_id: str, topic: str, key: str, text: str, uow: Uow = SqlUnitOfWork) -> bool:
    """Keep one more thing said under `key` (a concern raised twice keeps both)."""
    return _as_participant(conversation_id, uow,
                           lambda work, participant: work.chats.add_to_answer(participant, topic, key, text))


def share_answer(conversation_id: str, key: str, visibility: str, uow: Uow = SqlUnitOfWork) -> bool:
    """A young person's choice of who may see one of their answers."""
    return _as_participant(conversation_id, uow,
                           lambda work, participant: work.chats.set_visibility(participant, key, visibility))


def name_people(conversation_id: str, people: Iterable[Named], wanted: bool = True,
                uow: Uow = SqlUnitOfWork) -> bool:
    """People the person wants at the meeting (or, `wanted=False`, would rather were not there)."""
    def add(work: UnitOfWork, participant_id: int) -> None:
        for person in people:
            work.chats.add_invitee(participant_id, person.name, person.relationship, wanted, person.anonymous)
    return _as_participant(conversation_id, uow, add)


def leave_question(conversation_id: str, text: str, uow: Uow = SqlUnitOfWork) -> bool:
    """A question the assistant could not answer, kept for the coordinator."""
    return _as_participant(conversation_id, uow,
                           lambda work, participant: work.chats.keep_question(participant, text))


def my_summary(conversation_id: str, uow: Uow = SqlUnitOfWork) -> list[Line] | None:
    """What the person said, as they read it back and the coordinator's printable summary shows it."""
    person = my_answers(conversation_id, uow)
    return None if person is None else summary_of(person)


def confirm_answers(conversation_id: str, now: datetime, uow: Uow = SqlUnitOfWork) -> bool:
    """The person agreed their summary: their answers go to the coordinator as confirmed."""
    return _as_participant(conversation_id, uow,
                           lambda work, participant: work.chats.confirm(participant, now))


def forget_me(conversation_id: str, uow: Uow = SqlUnitOfWork) -> bool:
    """Delete what the person said and unlink their chat. True when a safeguarding flag is kept (it
    holds no message text) so the coordinator can still act."""
    with uow() as work:
        return work.chats.forget(conversation_id)


@dataclass(frozen=True)
class Raised:
    flag: Flag
    chat: Chat | None  # None: the person had not joined a meeting; the duty contact is told


def raise_flag(conversation_id: str, category: str, now: datetime, uow: Uow = SqlUnitOfWork) -> Raised:
    """An urgent flag with its alerts queued in the same transaction; told again while the chat's flag is
    open, the same flag counts it (see bot.store.repository.raise_safeguarding_flag)."""
    with uow() as work:
        chat = work.chats.linked(conversation_id)
        flag = work.flags.raise_flag(conversation_id, category, chat.person.id if chat else None, now)
        return Raised(flag, chat)
