"""Reading and writing meetings and answers. Every function takes the session of one unit of work."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.domain import alerts
from bot.domain.buttons import button_key_for
from bot.domain.safeguarding import URGENT_NOW
from bot.domain.invite_codes import code_expiry, has_expired, new_invite_code, normalise_code
from bot.domain.people import PARTICIPANT_ROLES
from bot.domain.retention import DeletedData, MeetingDate
from bot.domain.text import visible_text
from bot.store import outbox
from bot.store.models import (
    ButtonPayload,
    ChatSender,
    Contribution,
    FailedJoin,
    Invitee,
    Meeting,
    OpenQuestion,
    Participant,
    PendingMessage,
    Preference,
    Professional,
    SafeguardingFlag,
    utcnow,
)

def create_meeting(
    session: Session,
    title: str,
    coordinator_name: str,
    kind: str = "family group conference",
    scheduled_at: datetime | None = None,
    professionals: list[tuple[str, str]] = (),
) -> Meeting:
    meeting = Meeting(title=title, coordinator_name=coordinator_name, kind=kind, scheduled_at=scheduled_at)
    meeting.professionals = [Professional(name=name, role=role) for name, role in professionals]
    session.add(meeting)
    session.flush()
    return meeting


def add_participant(
    session: Session, meeting: Meeting, display_name: str, role: str, code_expires_at: datetime | None = None
) -> Participant:
    """A participant with a new invite code, which expires after CODE_LIFETIME unless told otherwise."""
    if role not in PARTICIPANT_ROLES:
        raise ValueError(f"role must be one of {', '.join(PARTICIPANT_ROLES)}")
    participant = Participant(meeting=meeting, display_name=display_name, role=role, invite_code=new_invite_code(),
                              code_expires_at=code_expires_at or code_expiry(utcnow()))
    session.add(participant)
    session.flush()
    return participant


@dataclass(frozen=True)
class JoinResult:
    participant: Participant | None
    problem: str | None = None  # "unknown" | "taken" | "expired" (out of date or revoked)


def join_meeting(
    session: Session, conversation_id: str, code: str, telegram_user_id: int | None = None
) -> JoinResult:
    """Link a chat to the participant whose invite code it gave. Joining twice is harmless.
    A revoked code works for no one; an expired one only for the chat that already joined with it."""
    participant = session.scalar(select(Participant).where(Participant.invite_code == normalise_code(code)))
    if participant is None:
        return JoinResult(None, "unknown")
    if participant.code_revoked_at is not None:
        return JoinResult(None, "expired")
    if participant.conversation_id not in (None, conversation_id):
        return JoinResult(None, "taken")
    expired = has_expired(participant.code_expires_at, utcnow())
    if expired and participant.conversation_id != conversation_id:
        return JoinResult(None, "expired")
    # A chat belongs to one participant: a new code moves it.
    previous = participant_for_conversation(session, conversation_id)
    if previous is not None and previous.id != participant.id:
        previous.conversation_id = None
        session.flush()
    participant.conversation_id = conversation_id
    participant.telegram_user_id = telegram_user_id or participant.telegram_user_id
    participant.joined_at = participant.joined_at or utcnow()
    return JoinResult(participant)


def failed_joins_since(session: Session, sender_id: str, since: datetime) -> list[datetime]:
    """When this chat tried invite codes that did not work, after `since`."""
    query = select(FailedJoin.failed_at).where(FailedJoin.sender_id == sender_id, FailedJoin.failed_at > since)
    return list(session.scalars(query))


def record_failed_join(session: Session, sender_id: str, at: datetime, forget_before: datetime) -> None:
    """Note a code that did not work; failures from before `forget_before` (everyone's) go."""
    session.execute(delete(FailedJoin).where(FailedJoin.failed_at <= forget_before),
                    execution_options={"synchronize_session": False})
    session.add(FailedJoin(sender_id=sender_id, failed_at=at))


def participant_for_conversation(session: Session, conversation_id: str) -> Participant | None:
    return session.scalar(select(Participant).where(Participant.conversation_id == conversation_id))


def save_preference(
    session: Session, participant: Participant, topic: str, key: str, value: str, visibility: str = "coordinator"
) -> Preference:
    """Insert or replace one answer; safe to repeat when Rasa retries an action."""
    preference = _preference(session, participant, topic, key)
    if preference is None:
        preference = Preference(participant_id=participant.id, topic=topic, key=key)
        session.add(preference)
    preference.value = value
    preference.visibility = visibility
    preference.updated_at = utcnow()
    session.flush()
    return preference


def add_to_preference(session: Session, participant: Participant, topic: str, key: str, text: str) -> Preference:
    """Keep one more thing said under `key` (a concern raised twice keeps both), each on its own line."""
    existing = _preference(session, participant, topic, key)
    if existing is not None and text in existing.value.splitlines():
        return existing  # said again (or Rasa retried the action): kept once
    value = text if existing is None else f"{existing.value}\n{text}"
    return save_preference(session, participant, topic, key, value)


def _preference(session: Session, participant: Participant, topic: str, key: str) -> Preference | None:
    return session.scalar(select(Preference).where(
        Preference.participant_id == participant.id, Preference.topic == topic, Preference.key == key))


def set_visibility(session: Session, participant: Participant, key: str, visibility: str) -> None:
    """Who may see one of a participant's answers (a young person's sharing choice)."""
    for preference in participant.preferences:
        if preference.key == key:
            preference.visibility = visibility


def add_invitee(
    session: Session, participant: Participant, name: str, relationship_to: str = "", wanted: bool = True
) -> Invitee:
    """Add a suggested person once; naming the same person again updates them, wanted or not as said
    last ("my cousin Jordan", then "wait no, i meant i DON'T want Jordan there")."""
    for invitee in participant.invitees:
        if invitee.name.casefold() == name.casefold():
            invitee.relationship_to = relationship_to or invitee.relationship_to
            invitee.wanted = wanted
            return invitee
    invitee = Invitee(participant=participant, name=name, relationship_to=relationship_to, wanted=wanted)
    session.add(invitee)
    session.flush()
    return invitee


def save_open_question(session: Session, participant: Participant, text: str) -> None:
    session.add(OpenQuestion(participant=participant, text=visible_text(text)))


def find_meeting(session: Session, meeting_ref: str) -> Meeting | None:
    """A meeting by id or exact title."""
    if meeting_ref.isdigit():
        return session.get(Meeting, int(meeting_ref))
    return session.scalar(select(Meeting).where(Meeting.title == meeting_ref))


def button_key(session: Session, payload: str) -> str:
    """The payload's key, saved so a pressed button can be read back."""
    key = button_key_for(payload)
    if session.get(ButtonPayload, key) is None:
        session.add(ButtonPayload(key=key, payload=payload))
    return key


def button_payload(session: Session, key: str) -> str | None:
    row = session.get(ButtonPayload, key)
    return row.payload if row else None


def raise_safeguarding_flag(
    session: Session, conversation_id: str, category: str, participant: Participant | None, now: datetime,
) -> SafeguardingFlag:
    """An urgent flag, and its alerts queued to go at once. A further disclosure in the same chat while
    its flag is not yet handled is added to that flag, without new alerts; unless it says someone is
    in danger now and the flag was about something else: that must reach a person at once."""
    open_flag = session.scalar(
        select(SafeguardingFlag).where(SafeguardingFlag.conversation_id == conversation_id,
                                       SafeguardingFlag.handled_at.is_(None))
        .order_by(SafeguardingFlag.created_at.desc()).limit(1)
    )
    if open_flag is not None and (category == open_flag.category or category not in URGENT_NOW):
        open_flag.said_again += 1
        open_flag.last_said_at = now
        return open_flag
    flag = SafeguardingFlag(
        conversation_id=conversation_id, category=category, created_at=now,
        participant_id=participant.id if participant else None,
        meeting_id=participant.meeting_id if participant else None,
    )
    session.add(flag)
    session.flush()
    outbox.queue_alerts(session, flag, alerts.RAISED, now)  # same transaction: no flag without its alerts
    return flag


def safeguarding_flags(session: Session, meeting_id: int | None = None) -> list[SafeguardingFlag]:
    """Flags newest first, not yet handled before handled ones."""
    query = select(SafeguardingFlag).order_by(
        SafeguardingFlag.handled_at.is_not(None), SafeguardingFlag.created_at.desc()
    )
    if meeting_id is not None:
        query = query.where(SafeguardingFlag.meeting_id == meeting_id)
    return list(session.scalars(query))


def update_meeting(
    session: Session, meeting: Meeting, title: str, kind: str, scheduled_at: datetime | None,
    professionals: list[tuple[str, str]], place: str | None = None, review_on: date | None = None,
) -> Meeting:
    """Change a meeting's details; the professionals listed replace the ones before."""
    meeting.title, meeting.kind, meeting.scheduled_at, meeting.place = title, kind, scheduled_at, place
    meeting.review_on = review_on
    for professional in list(meeting.professionals):
        session.delete(professional)
    session.flush()
    session.expire(meeting, ["professionals"])
    for name, role in professionals:
        session.add(Professional(meeting_id=meeting.id, name=name, role=role))
    session.flush()
    return meeting


def revoke_invite_code(session: Session, participant: Participant) -> None:
    """The code stops working, and the chat that used it is no longer linked (answers are kept)."""
    participant.code_revoked_at = utcnow()
    participant.conversation_id = None
    session.flush()


def renew_invite_code(session: Session, participant: Participant, expires_at: datetime | None = None) -> str:
    """A fresh code replacing the old one, which then works for no one, and the chat that used the
    old one is no longer linked (a lost or shared phone must not carry on as this person)."""
    participant.invite_code = new_invite_code()
    participant.code_revoked_at = None
    participant.code_expires_at = expires_at or code_expiry(utcnow())
    participant.conversation_id = None
    participant.telegram_user_id = None
    session.flush()
    return participant.invite_code


def forget_participant(session: Session, participant: Participant | None, conversation_id: str) -> bool:
    """Delete what a participant said and unlink their chat; True when a safeguarding flag is kept."""
    if participant is not None:
        for rows in (participant.preferences, participant.invitees, participant.questions):
            for row in list(rows):
                session.delete(row)
        for contribution in session.scalars(select(Contribution).where(Contribution.participant_id == participant.id)):
            session.delete(contribution)
        participant.conversation_id = None
        participant.telegram_user_id = None
        participant.confirmed_at = None
    flags = select(SafeguardingFlag).where(SafeguardingFlag.conversation_id == conversation_id)
    return session.scalar(flags) is not None


def keep_pending_message(session: Session, sender_id: str, text: str, metadata: dict, silent_replies: int = 0) -> None:
    """Keep a message Rasa could not take, to send it again later (after any kept before it)."""
    session.add(PendingMessage(sender_id=sender_id, text=text, message_metadata=metadata,
                               silent_replies=silent_replies))


def count_silent_reply(session: Session, message_id: int) -> None:
    """Rasa answered a kept message with nothing once more."""
    session.execute(update(PendingMessage).where(PendingMessage.id == message_id)
                    .values(silent_replies=PendingMessage.silent_replies + 1))


def pending_messages(session: Session, sender_id: str) -> list[PendingMessage]:
    """A conversation's kept messages, oldest first."""
    query = select(PendingMessage).where(PendingMessage.sender_id == sender_id).order_by(PendingMessage.id)
    return list(session.scalars(query))


def has_pending_messages(session: Session, sender_id: str) -> bool:
    query = select(PendingMessage.id).where(PendingMessage.sender_id == sender_id).limit(1)
    return session.scalar(query) is not None


def senders_with_pending_messages(session: Session, prefix: str = "") -> list[str]:
    """Conversations with kept messages (sender ids starting with `prefix`), longest waiting first."""
    oldest = func.min(PendingMessage.id)
    query = (select(PendingMessage.sender_id).where(PendingMessage.sender_id.startswith(prefix, autoescape=True))
             .group_by(PendingMessage.sender_id).order_by(oldest))
    return list(session.scalars(query))


def delete_pending_message(session: Session, message_id: int) -> None:
    session.execute(delete(PendingMessage).where(PendingMessage.id == message_id))


def meeting_dates(session: Session) -> list[MeetingDate]:
    return [MeetingDate(id_, when) for id_, when in session.execute(select(Meeting.id, Meeting.scheduled_at))]


def linked_conversations(session: Session) -> set[str]:
    """Conversations that belong to a participant now."""
    return set(session.scalars(select(Participant.conversation_id).where(Participant.conversation_id.is_not(None))))


def delete_pending_messages(session: Session, sender_ids: list[str]) -> int:
    if not sender_ids:
        return 0
    query = delete(PendingMessage).where(PendingMessage.sender_id.in_(sender_ids))
    return session.execute(query, execution_options={"synchronize_session": False}).rowcount


def telegram_sender(session: Session, telegram_user_id: int) -> str:
    """This Telegram user's Rasa sender id, made (at random) on their first message."""
    found = session.get(ChatSender, telegram_user_id)
    if found is None:
        found = ChatSender(telegram_user_id=telegram_user_id, sender_id=f"tg-{secrets.token_urlsafe(18)}")
        session.add(found)
        session.flush()
    return found.sender_id


def telegram_user_of(session: Session, sender_id: str) -> int | None:
    return session.scalar(select(ChatSender.telegram_user_id).where(ChatSender.sender_id == sender_id))


def delete_participant_data(session: Session, meeting_ids: list[int]) -> DeletedData:
    """Delete what the participants of these meetings said: answers, invitees, open questions,
    contributions and messages kept for Rasa. The meetings, the participants' names and roles, and
    safeguarding flags stay."""
    participants = select(Participant.id).where(Participant.meeting_id.in_(meeting_ids))
    conversations = list(session.scalars(
        select(Participant.conversation_id).where(Participant.meeting_id.in_(meeting_ids),
                                                  Participant.conversation_id.is_not(None))))
    counts = {}
    for kind, model in (("answers", Preference), ("invitees", Invitee), ("questions", OpenQuestion),
                        ("contributions", Contribution)):
        query = delete(model).where(model.participant_id.in_(participants))
        counts[kind] = session.execute(query, execution_options={"synchronize_session": False}).rowcount
    counts["kept messages"] = delete_pending_messages(session, conversations)
    return DeletedData(counts, conversations)
