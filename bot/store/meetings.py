"""Meetings as they are set up (the use cases' MeetingRepository, bot/use_cases/unit_of_work.py)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.domain.records import InviteCode, MeetingDetails, MeetingListing
from bot.store import accounts, repository
from bot.store.models import Meeting, Participant
from bot.store.records import urgent_flag_counts


class SqlMeetings:
    def __init__(self, session: Session):
        self.session = session

    def of_coordinator(self, coordinator_id: int) -> list[MeetingListing]:
        meetings = accounts.meetings_of(self.session, coordinator_id)
        urgent = urgent_flag_counts(self.session, [m.id for m in meetings])
        return [MeetingListing(m.id, m.title, m.kind, m.scheduled_at, len(m.participants),
                               sum(1 for p in m.participants if p.joined_at),
                               sum(1 for p in m.participants if p.confirmed_at), urgent.get(m.id, 0))
                for m in meetings]

    def create(self, coordinator_id: int | None, coordinator_name: str, details: MeetingDetails) -> int:
        meeting = repository.create_meeting(self.session, details.title, coordinator_name, kind=details.kind,
                                            scheduled_at=details.scheduled_at,
                                            professionals=list(details.professionals))
        meeting.coordinator_id, meeting.place, meeting.review_on = coordinator_id, details.place, details.review_on
        return meeting.id

    def change(self, meeting_id: int, details: MeetingDetails) -> None:
        repository.update_meeting(self.session, self.session.get(Meeting, meeting_id), details.title, details.kind,
                                  details.scheduled_at, list(details.professionals), place=details.place,
                                  review_on=details.review_on)

    def invite_codes(self, meeting_id: int) -> list[InviteCode]:
        return [invite_code(p) for p in sorted(self.session.get(Meeting, meeting_id).participants, key=lambda p: p.id)]

    def find(self, meeting_ref: str) -> MeetingListing | None:
        meeting = repository.find_meeting(self.session, meeting_ref)
        if meeting is None:
            return None
        return MeetingListing(meeting.id, meeting.title, meeting.kind, meeting.scheduled_at,
                              coordinator_id=meeting.coordinator_id)

    def assign(self, meeting_id: int, coordinator_id: int) -> None:
        self.session.get(Meeting, meeting_id).coordinator_id = coordinator_id


def invite_code(row: Participant) -> InviteCode:
    return InviteCode(row.id, row.meeting_id, row.display_name, row.role, row.invite_code, row.code_expires_at,
                      row.code_revoked_at, row.conversation_id is not None, row.joined_at, row.confirmed_at)
