"""Meetings as their coordinator reads them (the use cases' MeetingRecords, bot/use_cases/unit_of_work.py)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.domain.records import AuditLine, MeetingRecord
from bot.store import accounts, audit
from bot.store.models import Meeting
from bot.store.records import meeting_record


class SqlMeetingRecords:
    def __init__(self, session: Session):
        self.session = session

    def is_owned(self, coordinator_id: int, meeting_id: int) -> bool:
        return accounts.owned_meeting(self.session, coordinator_id, meeting_id) is not None

    def owned(self, coordinator_id: int, meeting_id: int) -> MeetingRecord | None:
        meeting = accounts.owned_meeting(self.session, coordinator_id, meeting_id)
        return meeting_record(self.session, meeting) if meeting else None

    def get(self, meeting_id: int) -> MeetingRecord | None:
        meeting = self.session.get(Meeting, meeting_id)
        return meeting_record(self.session, meeting) if meeting else None

    def audit_log(self, meeting_id: int) -> list[AuditLine]:
        names = {p.id: p.display_name for p in self.session.get(Meeting, meeting_id).participants}
        return [AuditLine(e.created_at, e.coordinator.name, e.action, e.what, e.participant_id,
                          names.get(e.participant_id)) for e in audit.for_meeting(self.session, meeting_id)]
