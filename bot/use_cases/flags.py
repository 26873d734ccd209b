"""Safeguarding flags: marking one handled (from the web page or `meeting-prep flags --handled`)."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from bot.domain.clock import utcnow
from bot.store.audit import CHANGED
from bot.store.unit_of_work import SqlUnitOfWork
from bot.domain.records import FlagLine
from bot.use_cases.unit_of_work import UnitOfWork

NOTE_LENGTH = 500


class NoSuchFlag(Exception):
    """No flag with that number (in that meeting, when one is given)."""


class NoSuchCoordinator(Exception):
    """Only someone with a coordinator account can mark a flag handled: the audit log names them."""


def list_flags(meeting_ref: str | None = None, uow: Callable[..., UnitOfWork] = SqlUnitOfWork) -> list[FlagLine]:
    """Flags of one meeting (by number or exact title) or of all, those not yet handled first."""
    with uow(read_only=True) as work:
        meeting = work.meetings.find(meeting_ref) if meeting_ref else None
        return work.flags.listed(meeting.id if meeting else None)


def mark_handled(flag_id: int, coordinator_id: int, note: str = "", meeting_id: int | None = None,
                 now: datetime | None = None, uow: Callable[[], UnitOfWork] = SqlUnitOfWork) -> bool:
    """Record who handled the flag, when and what they did, in the flag and the audit log. Stops
    escalation. False (and nothing changed) when it was already handled: the first record stands."""
    with uow() as work:
        name = work.coordinators.name_of(coordinator_id)
        if name is None:
            raise NoSuchCoordinator(coordinator_id)
        flag = work.flags.get(flag_id)
        if flag is None or (meeting_id is not None and flag.meeting_id != meeting_id):
            raise NoSuchFlag(flag_id)
        if flag.handled_at is not None:
            return False
        work.flags.mark_handled(flag_id, now or utcnow(), name, " ".join(note.split())[:NOTE_LENGTH] or None)
        work.audit.record(coordinator_id, CHANGED, f"safeguarding flag {flag_id} marked handled", flag.meeting_id,
                          flag.participant_id)
        return True
