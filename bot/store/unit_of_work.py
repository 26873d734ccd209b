"""The SQLAlchemy unit of work the use cases take (the interface is bot/use_cases/unit_of_work.py): one
session, committed when the `with` block ends normally and rolled back when it raises, with
repositories that give and take domain records, never the ORM objects."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.domain.conflicts import Conflict
from bot.domain.records import Chat, Flag, FlagLine, InviteCode, MeetingRecord, Person, TelegramLink
from bot.store import audit, records, repository
from bot.store.db import unit_of_work
from bot.store.logins import SqlLogins
from bot.store.meetings import SqlMeetings, invite_code
from bot.store.outbox import SqlOutbox
from bot.store.reading import SqlMeetingRecords
from bot.store.retention import SqlRetention
from bot.store.telegram import SqlPendingMessages, SqlReminders, SqlTelegram
from bot.store.models import Coordinator, Meeting, Participant, SafeguardingFlag


class SqlUnitOfWork:
    def __init__(self, url: str | None = None, read_only: bool = False):
        self._url, self._read_only = url, read_only

    def __enter__(self) -> SqlUnitOfWork:
        self._session_context = unit_of_work(self._url, self._read_only)
        session = self._session_context.__enter__()
        self.flags, self.coordinators = SqlFlags(session), SqlCoordinators(session)
        self.participants, self.audit = SqlParticipants(session), SqlAuditLog(session)
        self.chats = SqlChats(session)
        self.records = SqlMeetingRecords(session)
        self.logins = SqlLogins(session)
        self.meetings = SqlMeetings(session)
        self.outbox = SqlOutbox(session)
        self.retention = SqlRetention(session)
        self.pending, self.telegram = SqlPendingMessages(session), SqlTelegram(session)
        self.reminders = SqlReminders(session)
        return self

    def __exit__(self, error_type, error, traceback) -> None:
        try:
            self._session_context.__exit__(error_type, error, traceback)  # commits, or rolls back
        except IntegrityError as conflict:  # at the commit
            raise Conflict() from conflict
        if isinstance(error, IntegrityError):  # at a flush inside the block
            raise Conflict() from error


class SqlFlags:
    def __init__(self, session: Session):
        self.session = session

    def get(self, flag_id: int) -> Flag | None:
        row = self.session.get(SafeguardingFlag, flag_id)
        return records.flag(row) if row else None

    def mark_handled(self, flag_id: int, at: datetime, by: str, note: str | None) -> None:
        row = self.session.get(SafeguardingFlag, flag_id)
        row.handled_at, row.handled_by, row.handled_note = at, by, note

    def raise_flag(self, conversation_id: str, category: str, participant_id: int | None, now: datetime) -> Flag:
        participant = self.session.get(Participant, participant_id) if participant_id is not None else None
        return records.flag(repository.raise_safeguarding_flag(self.session, conversation_id, category, participant, now))

    def listed(self, meeting_id: int | None) -> list[FlagLine]:
        lines = []
        for row in repository.safeguarding_flags(self.session, meeting_id):
            who = self.session.get(Participant, row.participant_id) if row.participant_id else None
            meeting = self.session.get(Meeting, row.meeting_id) if row.meeting_id else None
            lines.append(FlagLine(records.flag(row), who.display_name if who else None, who.role if who else None,
                                  meeting.title if meeting else None))
        return lines


class SqlCoordinators:
    def __init__(self, session: Session):
        self.session = session

    def name_of(self, coordinator_id: int) -> str | None:
        row = self.session.get(Coordinator, coordinator_id)
        return row.name if row else None

    def telegram_link(self, coordinator_id: int) -> TelegramLink | None:
        return _link(self.session.get(Coordinator, coordinator_id))

    def with_link_code(self, code: str) -> TelegramLink | None:
        return _link(self.session.scalar(select(Coordinator).where(Coordinator.telegram_link_code == code)))

    def set_link_code(self, coordinator_id: int, code: str | None, expires_at: datetime | None) -> None:
        row = self.session.get(Coordinator, coordinator_id)
        row.telegram_link_code, row.telegram_link_expires_at = code, expires_at

    def set_telegram_chat(self, coordinator_id: int, chat_id: int | None) -> None:
        self.session.get(Coordinator, coordinator_id).telegram_chat_id = chat_id


def _link(row: Coordinator | None) -> TelegramLink | None:
    if row is None:
        return None
    return TelegramLink(row.id, row.name, row.telegram_chat_id, row.telegram_link_code, row.telegram_link_expires_at)


class SqlParticipants:
    def __init__(self, session: Session):
        self.session = session

    def get(self, participant_id: int) -> InviteCode | None:
        row = self.session.get(Participant, participant_id)
        return invite_code(row) if row else None

    def add(self, meeting_id: int, name: str, role: str) -> InviteCode:
        return invite_code(repository.add_participant(self.session, self.session.get(Meeting, meeting_id), name, role))

    def renew_code(self, participant_id: int) -> InviteCode:
        row = self.session.get(Participant, participant_id)
        repository.renew_invite_code(self.session, row)
        return invite_code(row)

    def revoke_code(self, participant_id: int) -> None:
        repository.revoke_invite_code(self.session, self.session.get(Participant, participant_id))


class SqlChats:
    def __init__(self, session: Session):
        self.session = session
        self._rows: dict[int, Participant] = {}  # the session holds rows weakly: without this, each write loads it again

    def participant_id(self, conversation_id: str) -> int | None:
        row = self._for(conversation_id)
        return row.id if row else None

    def person(self, conversation_id: str) -> Person | None:
        row = self._for(conversation_id)
        return records.person(row) if row else None

    def linked(self, conversation_id: str) -> Chat | None:
        row = self._for(conversation_id)
        if row is None:
            return None
        meeting = row.meeting
        return Chat(records.person(row), MeetingRecord(
            id=meeting.id, title=meeting.title, kind=meeting.kind, scheduled_at=meeting.scheduled_at,
            coordinator_name=meeting.coordinator_name, place=meeting.place, review_on=meeting.review_on,
            professionals=tuple((p.name, p.role) for p in meeting.professionals)))

    def save_answer(self, participant_id: int, topic: str, key: str, value: str, visibility: str) -> None:
        repository.save_preference(self.session, self._row(participant_id), topic, key, value, visibility)

    def add_to_answer(self, participant_id: int, topic: str, key: str, text: str) -> None:
        repository.add_to_preference(self.session, self._row(participant_id), topic, key, text)

    def set_visibility(self, participant_id: int, key: str, visibility: str) -> None:
        repository.set_visibility(self.session, self._row(participant_id), key, visibility)

    def add_invitee(self, participant_id: int, name: str, relationship: str, wanted: bool,
                    anonymous: bool = False) -> None:
        invitee = repository.add_invitee(self.session, self._row(participant_id), name, relationship, wanted)
        invitee.anonymous = invitee.anonymous or anonymous

    def keep_question(self, participant_id: int, text: str) -> None:
        repository.save_open_question(self.session, self._row(participant_id), text)

    def confirm(self, participant_id: int, at: datetime) -> None:
        self._row(participant_id).confirmed_at = at

    def forget(self, conversation_id: str) -> bool:
        participant = repository.participant_for_conversation(self.session, conversation_id)
        return repository.forget_participant(self.session, participant, conversation_id)

    def failed_joins_since(self, conversation_id: str, since: datetime) -> list[datetime]:
        return repository.failed_joins_since(self.session, conversation_id, since)

    def record_failed_join(self, conversation_id: str, at: datetime, forget_before: datetime) -> None:
        repository.record_failed_join(self.session, conversation_id, at, forget_before)

    def join(self, conversation_id: str, code: str, telegram_user_id: int | None) -> tuple[int | None, str | None]:
        result = repository.join_meeting(self.session, conversation_id, code, telegram_user_id)
        return (result.participant.id if result.participant else None), result.problem

    def _for(self, conversation_id: str) -> Participant | None:
        row = repository.participant_for_conversation(self.session, conversation_id)
        if row is not None:
            self._rows[row.id] = row
        return row

    def _row(self, participant_id: int) -> Participant:
        return self._rows.get(participant_id) or self.session.get(Participant, participant_id)


class SqlAuditLog:
    def __init__(self, session: Session):
        self.session = session

    def record(self, coordinator_id: int, action: str, what: str, meeting_id: int | None = None,
               participant_id: int | None = None) -> None:
        audit.record(self.session, coordinator_id, action, what, meeting_id, participant_id)
