"""A coordinator setting up their meetings on the web page: the list, a new meeting, its details, and
who is invited with their codes (adding people and changing codes: bot/use_cases/invite_codes.py).
Changes are written to the audit log; a meeting that is not theirs is NotYourMeeting."""
from __future__ import annotations

from typing import Callable

from bot.domain.records import InviteCode, MeetingDetails, MeetingListing, MeetingRecord
from bot.store.audit import CHANGED, VIEWED
from bot.store.unit_of_work import SqlUnitOfWork
from bot.use_cases.reading import owned_meeting
from bot.use_cases.unit_of_work import UnitOfWork

Uow = Callable[..., UnitOfWork]


def my_meetings(coordinator_id: int, uow: Uow = SqlUnitOfWork) -> list[MeetingListing]:
    """Their meetings with how far people got and how many urgent flags wait."""
    with uow(read_only=True) as work:
        return work.meetings.of_coordinator(coordinator_id)


def set_up_meeting(coordinator_id: int, details: MeetingDetails, uow: Uow = SqlUnitOfWork) -> int:
    """A new meeting of theirs, named as coordinated by them; its number."""
    with uow() as work:
        meeting_id = work.meetings.create(coordinator_id, work.coordinators.name_of(coordinator_id), details)
        work.audit.record(coordinator_id, CHANGED, "meeting created", meeting_id)
        return meeting_id


def set_up_unassigned_meeting(coordinator_name: str, details: MeetingDetails, uow: Uow = SqlUnitOfWork) -> int:
    """A meeting made at the command line, named as coordinated by someone who may have no account yet
    (`meeting-prep coordinator assign` gives it to one); its number."""
    with uow() as work:
        return work.meetings.create(None, coordinator_name, details)


def meeting_details(coordinator_id: int, meeting_id: int, uow: Uow = SqlUnitOfWork) -> MeetingRecord:
    """The meeting's details, to change them."""
    with uow(read_only=True) as work:
        return owned_meeting(work, coordinator_id, meeting_id)


def change_meeting(coordinator_id: int, meeting_id: int, details: MeetingDetails, uow: Uow = SqlUnitOfWork) -> None:
    with uow() as work:
        owned_meeting(work, coordinator_id, meeting_id)
        work.meetings.change(meeting_id, details)
        work.audit.record(coordinator_id, CHANGED, "meeting details", meeting_id)


def invite_list(coordinator_id: int, meeting_id: int, audited: bool = True,
                uow: Uow = SqlUnitOfWork) -> tuple[MeetingRecord, list[InviteCode]]:
    """The meeting's participants with their invite codes. Seeing the codes is audited, except when the
    page is shown again to correct a form."""
    with uow() as work:
        record = owned_meeting(work, coordinator_id, meeting_id)
        if audited:
            work.audit.record(coordinator_id, VIEWED, "participants and invite links", meeting_id)
        return record, work.meetings.invite_codes(meeting_id)

