"""Safeguarding flags: marking one handled (from the web page or `meeting-prep flags --handled`)."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from bot.store import audit
from bot.store.db import unit_of_work
from bot.domain.clock import utcnow
from bot.store.models import Coordinator, SafeguardingFlag

NOTE_LENGTH = 500


class NoSuchFlag(Exception):
    """No flag with that number (in that meeting, when one is given)."""


class NoSuchCoordinator(Exception):
    """Only someone with a coordinator account can mark a flag handled: the audit log names them."""


def mark_handled(flag_id: int, coordinator_id: int, note: str = "", meeting_id: int | None = None,
                 now: datetime | None = None, uow: Callable = unit_of_work) -> bool:
    """Record who handled the flag, when and what they did, in the flag and the audit log. Stops
    escalation. False (and nothing changed) when it was already handled: the first record stands."""
    with uow() as session:
        coordinator = session.get(Coordinator, coordinator_id)
        if coordinator is None:
            raise NoSuchCoordinator(coordinator_id)
        flag = session.get(SafeguardingFlag, flag_id)
        if flag is None or (meeting_id is not None and flag.meeting_id != meeting_id):
            raise NoSuchFlag(flag_id)
        if flag.handled_at is not None:
            return False
        flag.handled_at, flag.handled_by = now or utcnow(), coordinator.name
        flag.handled_note = " ".join(note.split())[:NOTE_LENGTH] or None
        audit.record(session, coordinator.id, audit.CHANGED, f"safeguarding flag {flag.id} marked handled",
                     flag.meeting_id, flag.participant_id)
        return True
