"""What the chat front ends keep (the use cases' PendingMessages, TelegramRepository and
ReminderRepository, bot/use_cases/unit_of_work.py)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.domain.records import KeptMessage, ToRemind
from bot.store import repository
from bot.store.models import Contribution, Meeting, Participant, ReminderSent


class SqlPendingMessages:
    def __init__(self, session: Session):
        self.session = session

    def has_any(self, sender_id: str) -> bool:
        return repository.has_pending_messages(self.session, sender_id)

    def keep(self, sender_id: str, text: str, metadata: dict, silent_replies: int) -> None:
        repository.keep_pending_message(self.session, sender_id, text, metadata, silent_replies)

    def of(self, sender_id: str) -> list[KeptMessage]:
        return [KeptMessage(m.id, m.text, m.message_metadata, m.silent_replies, m.created_at)
                for m in repository.pending_messages(self.session, sender_id)]

    def count_silent_reply(self, message_id: int) -> None:
        repository.count_silent_reply(self.session, message_id)

    def forget(self, message_id: int) -> None:
        repository.delete_pending_message(self.session, message_id)

    def senders(self, prefix: str) -> list[str]:
        return repository.senders_with_pending_messages(self.session, prefix)


class SqlTelegram:
    def __init__(self, session: Session):
        self.session = session

    def sender_of(self, telegram_user_id: int) -> str:
        return repository.telegram_sender(self.session, telegram_user_id)

    def user_of(self, sender_id: str) -> int | None:
        return repository.telegram_user_of(self.session, sender_id)

    def button_payload(self, key: str) -> str | None:
        return repository.button_payload(self.session, key)

    def save_button(self, payload: str) -> str:
        return repository.button_key(self.session, payload)

    def keep_contribution(self, participant_id: int, kind: str, file_id: str | None, visibility: str) -> None:
        self.session.add(Contribution(participant_id=participant_id, kind=kind, telegram_file_id=file_id,
                                      visibility=visibility))


class SqlReminders:
    def __init__(self, session: Session):
        self.session = session

    def to_remind(self, since: datetime) -> list[ToRemind]:
        meetings = self.session.scalars(select(Meeting).where(
            (Meeting.scheduled_at >= since) | ((Meeting.scheduled_at != None) & (Meeting.review_on >= since.date()))  # noqa: E711
        )).all()
        return [self._to_remind(p) for m in meetings for p in m.participants if _reachable(p)]

    def one(self, participant_id: int) -> ToRemind | None:
        participant = self.session.get(Participant, participant_id)
        return self._to_remind(participant) if participant is not None and _reachable(participant) else None

    def record_sent(self, participant_id: int, kind: str, meeting_at: datetime) -> None:
        self.session.add(ReminderSent(participant_id=participant_id, kind=kind, meeting_at=meeting_at))

    def forget_sent(self, participant_id: int, kind: str, meeting_at: datetime) -> None:
        self.session.execute(delete(ReminderSent).where(ReminderSent.participant_id == participant_id,
                                                        ReminderSent.kind == kind, ReminderSent.meeting_at == meeting_at))

    def _to_remind(self, participant: Participant) -> ToRemind:
        meeting = participant.meeting
        sent = self.session.scalars(select(ReminderSent.kind).where(ReminderSent.participant_id == participant.id,
                                                                    ReminderSent.meeting_at == meeting.scheduled_at))
        return ToRemind(participant.id, participant.telegram_user_id, participant.conversation_id,
                        participant.display_name, participant.role, meeting.scheduled_at, meeting.review_on,
                        meeting.place, meeting.coordinator_name, frozenset(sent))


def _reachable(participant: Participant) -> bool:
    """Joined through Telegram, and their code not revoked since."""
    return bool(participant.telegram_user_id and participant.conversation_id and participant.code_revoked_at is None)
