"""The SQLAlchemy unit of work the use cases take (the interface is bot/use_cases/unit_of_work.py): one
session, committed when the `with` block ends normally and rolled back when it raises, with
repositories that give and take domain records, never the ORM objects."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.records import Flag, InviteCode, TelegramLink
from bot.store import audit, records, repository
from bot.store.db import unit_of_work
from bot.store.models import Coordinator, Meeting, Participant, SafeguardingFlag


class SqlUnitOfWork:
    def __init__(self, url: str | None = None, read_only: bool = False):
        self._url, self._read_only = url, read_only

    def __enter__(self) -> SqlUnitOfWork:
        self._session_context = unit_of_work(self._url, self._read_only)
        session = self._session_context.__enter__()
        self.flags, self.coordinators = SqlFlags(session), SqlCoordinators(session)
        self.participants, self.audit = SqlParticipants(session), SqlAuditLog(session)
        return self

    def __exit__(self, *exc_info) -> None:
        self._session_context.__exit__(*exc_info)


class SqlFlags:
    def __init__(self, session: Session):
        self.session = session

    def get(self, flag_id: int) -> Flag | None:
        row = self.session.get(SafeguardingFlag, flag_id)
        return records.flag(row) if row else None

    def mark_handled(self, flag_id: int, at: datetime, by: str, note: str | None) -> None:
        row = self.session.get(SafeguardingFlag, flag_id)
        row.handled_at, row.handled_by, row.handled_note = at, by, note


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
        return _code(row) if row else None

    def add(self, meeting_id: int, name: str, role: str) -> InviteCode:
        return _code(repository.add_participant(self.session, self.session.get(Meeting, meeting_id), name, role))

    def renew_code(self, participant_id: int) -> InviteCode:
        row = self.session.get(Participant, participant_id)
        repository.renew_invite_code(self.session, row)
        return _code(row)

    def revoke_code(self, participant_id: int) -> None:
        repository.revoke_invite_code(self.session, self.session.get(Participant, participant_id))


def _code(row: Participant) -> InviteCode:
    return InviteCode(row.id, row.meeting_id, row.display_name, row.role, row.invite_code, row.code_expires_at)


class SqlAuditLog:
    def __init__(self, session: Session):
        self.session = session

    def record(self, coordinator_id: int, action: str, what: str, meeting_id: int | None = None,
               participant_id: int | None = None) -> None:
        audit.record(self.session, coordinator_id, action, what, meeting_id, participant_id)
