"""Coordinator accounts made on the server's command line (`meeting-prep coordinator ...`)."""
from __future__ import annotations

from typing import Callable

from bot.domain.records import MeetingListing
from bot.store.unit_of_work import SqlUnitOfWork
from bot.use_cases.export import NoSuchMeeting
from bot.use_cases.unit_of_work import UnitOfWork

Uow = Callable[..., UnitOfWork]


class NoSuchCoordinator(ValueError):
    """No coordinator account with that email address."""


def add_coordinator(email: str, name: str, password: str, uow: Uow = SqlUnitOfWork) -> int:
    """An account that can log in to the web page; ValueError, in words, when it cannot be made."""
    with uow() as work:
        return work.logins.create_account(email, name, password)


def account_of(email: str, uow: Uow = SqlUnitOfWork) -> int | None:
    with uow(read_only=True) as work:
        return work.logins.id_by_email(email)


def give_meeting_to(meeting_ref: str, email: str, uow: Uow = SqlUnitOfWork) -> tuple[MeetingListing, str]:
    """The meeting (by number or exact title) becomes this coordinator's: (the meeting, their name)."""
    with uow() as work:
        meeting = work.meetings.find(meeting_ref)
        if meeting is None:
            raise NoSuchMeeting(meeting_ref)
        coordinator_id = work.logins.id_by_email(email)
        if coordinator_id is None:
            raise NoSuchCoordinator(email)
        work.meetings.assign(meeting.id, coordinator_id)
        return meeting, work.coordinators.name_of(coordinator_id)

