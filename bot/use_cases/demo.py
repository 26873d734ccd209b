"""The demo that `meeting-prep run` sets up on a fresh machine: a meeting with people to try the chat as,
and the account of its coordinator for the web page."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from bot.domain.invite_codes import has_expired
from bot.domain.records import MeetingDetails
from bot.store.unit_of_work import SqlUnitOfWork
from bot.use_cases.unit_of_work import UnitOfWork

Uow = Callable[..., UnitOfWork]


def demo_meeting(details: MeetingDetails, coordinator_name: str, people: list[tuple[str, str]], now: datetime,
                 uow: Uow = SqlUnitOfWork) -> str:
    """The demo meeting (made once, with `people` as (name, role)) and a working invite code for the first
    of them: codes expire, the demo's too, so an old one is renewed."""
    with uow() as work:
        meeting = work.meetings.find(details.title)
        meeting_id = meeting.id if meeting else work.meetings.create(None, coordinator_name, details)
        if meeting is None:
            for name, role in people:
                work.participants.add(meeting_id, name, role)
        first = work.meetings.invite_codes(meeting_id)[0]
        if has_expired(first.expires_at, now):
            first = work.participants.renew_code(first.participant_id)
        return first.code


def demo_coordinator(meeting_title: str, email: str, name: str, password: str, now: datetime,
                     uow: Uow = SqlUnitOfWork) -> None:
    """The demo coordinator's account with this password (new each run), owning the demo meeting unless
    it was given to someone else."""
    with uow() as work:
        coordinator_id = work.logins.id_by_email(email)
        if coordinator_id is None:
            coordinator_id = work.logins.create_account(email, name, password)
        else:
            work.logins.set_password(coordinator_id, password, now)
        meeting = work.meetings.find(meeting_title)
        if meeting is not None and meeting.coordinator_id is None:
            work.meetings.assign(meeting.id, coordinator_id)
