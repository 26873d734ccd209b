"""How long participants' answers are kept after their meeting. Pure logic: no I/O.

What people said is deleted `keep_days` days after the meeting (RETENTION_DAYS, 90 by default): the
coordinator has had time to use it, and nobody keeps children's social care data for longer than
needed. A meeting with no date yet ("to be agreed") is kept. Safeguarding flags are not touched:
they follow the local authority's own safeguarding records policy.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Mapping

DEFAULT_KEEP_DAYS = 90
VARIABLE = "RETENTION_DAYS"


@dataclass(frozen=True)
class MeetingDate:
    meeting_id: int
    scheduled_at: datetime | None  # None: to be agreed


@dataclass(frozen=True)
class DeletedData:
    counts: dict[str, int]  # rows deleted, by kind
    conversations: list[str]  # the participants' chats, whose Rasa conversations go too


def keep_days(environment: Mapping[str, str], given: int | None = None) -> int:
    """Days to keep answers after a meeting: `given` (the command line), else RETENTION_DAYS, else 90."""
    if given is None:
        raw = environment.get(VARIABLE, "").strip()
        if not raw:
            return DEFAULT_KEEP_DAYS
        if not raw.isdigit():
            raise ValueError(f"{VARIABLE} must be a whole number of days, not {raw!r}")
        given = int(raw)
    if given < 0:
        raise ValueError("the number of days to keep answers cannot be negative")
    return given


def due_for_deletion(meetings: Iterable[MeetingDate], now: datetime, days: int) -> list[int]:
    """Meetings whose date is more than `days` days before `now`, oldest first."""
    cutoff = now - timedelta(days=days)
    past = [m for m in meetings if m.scheduled_at is not None and m.scheduled_at < cutoff]
    return [m.meeting_id for m in sorted(past, key=lambda m: (m.scheduled_at, m.meeting_id))]
