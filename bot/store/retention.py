"""What deleting old answers needs (the use cases' RetentionRepository, bot/use_cases/unit_of_work.py)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.domain.retention import DeletedData, MeetingDate
from bot.store import repository


class SqlRetention:
    def __init__(self, session: Session):
        self.session = session

    def meeting_dates(self) -> list[MeetingDate]:
        return repository.meeting_dates(self.session)

    def delete_participant_data(self, meeting_ids: list[int]) -> DeletedData:
        return repository.delete_participant_data(self.session, meeting_ids)

    def linked_conversations(self) -> set[str]:
        return repository.linked_conversations(self.session)

    def delete_pending_messages(self, sender_ids: list[str]) -> int:
        return repository.delete_pending_messages(self.session, sender_ids)
