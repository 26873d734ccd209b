"""What a coordinator reads about one of their meetings on the web page: the consolidated view,
readiness, one person's answers, the printable summary, the CSV export and the audit log. Each
reading is written to the audit log (what was read, never what it says). A meeting that is not
theirs is NotYourMeeting, whether or not it exists."""
from __future__ import annotations

from typing import Callable

from bot.domain.records import AuditLine, MeetingRecord, Person
from bot.store.audit import EXPORTED, VIEWED
from bot.store.unit_of_work import SqlUnitOfWork
from bot.use_cases.invite_codes import NoSuchParticipant
from bot.use_cases.unit_of_work import UnitOfWork

Uow = Callable[..., UnitOfWork]


class NotYourMeeting(Exception):
    """No meeting with that number belongs to this coordinator."""


def check_owner(coordinator_id: int, meeting_id: int, uow: Uow = SqlUnitOfWork) -> None:
    """Before changing anything in a meeting: NotYourMeeting unless this coordinator owns it."""
    with uow(read_only=True) as work:
        if not work.records.is_owned(coordinator_id, meeting_id):
            raise NotYourMeeting(meeting_id)


def read_meeting(coordinator_id: int, meeting_id: int, what: str, uow: Uow = SqlUnitOfWork) -> MeetingRecord:
    """Everything said for one meeting, for a page named `what` ("consolidated view", "readiness")."""
    with uow() as work:
        record = owned_meeting(work, coordinator_id, meeting_id)
        work.audit.record(coordinator_id, VIEWED, what, meeting_id)
        return record


def export_meeting(coordinator_id: int, meeting_id: int, what: str, uow: Uow = SqlUnitOfWork) -> MeetingRecord:
    """The same, to be printed or downloaded (`what`: "printable summary", "CSV export")."""
    with uow() as work:
        record = owned_meeting(work, coordinator_id, meeting_id)
        work.audit.record(coordinator_id, EXPORTED, what, meeting_id)
        return record


def read_person(coordinator_id: int, meeting_id: int, participant_id: int,
                uow: Uow = SqlUnitOfWork) -> tuple[MeetingRecord, Person]:
    """One participant's answers, with their meeting (for its header and their flags)."""
    with uow() as work:
        record = owned_meeting(work, coordinator_id, meeting_id)
        person = record.person(participant_id)
        if person is None:
            raise NoSuchParticipant(participant_id)
        work.audit.record(coordinator_id, VIEWED, "one participant's answers", meeting_id, participant_id)
        return record, person


def read_audit_log(coordinator_id: int, meeting_id: int,
                   uow: Uow = SqlUnitOfWork) -> tuple[MeetingRecord, list[AuditLine]]:
    """Who read, exported or changed what in this meeting, newest first (reading it is not logged)."""
    with uow(read_only=True) as work:
        return owned_meeting(work, coordinator_id, meeting_id), work.records.audit_log(meeting_id)


def owned_meeting(work: UnitOfWork, coordinator_id: int, meeting_id: int) -> MeetingRecord:
    """The meeting, if it is this coordinator's (the one check every use case of theirs makes)."""
    record = work.records.owned(coordinator_id, meeting_id)
    if record is None:
        raise NotYourMeeting(meeting_id)
    return record
