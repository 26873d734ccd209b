"""What the alerts worker does each round (bot/alerts/worker.py sends; these read and write the outbox):
escalate the flags nobody handled in time, take the alerts whose time has come, and record each try.
Several workers may share one database: each takes what it sends first, so nothing goes twice."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable

from bot.domain.alerts import ESCALATED, DueAlert
from bot.store.unit_of_work import SqlUnitOfWork
from bot.use_cases.unit_of_work import UnitOfWork

Uow = Callable[..., UnitOfWork]


def escalate_overdue(after: timedelta, now: datetime, uow: Uow = SqlUnitOfWork) -> int:
    """Queue a duty-contact alert for each flag nobody has handled within `after`; how many."""
    with uow() as work:
        taken = [flag_id for flag_id in work.outbox.overdue_flags(now, after)
                 if work.outbox.claim_escalation(flag_id, now)]
        for flag_id in taken:
            work.outbox.queue(flag_id, ESCALATED, now)
        return len(taken)


def take_due_alerts(now: datetime, uow: Uow = SqlUnitOfWork) -> list[DueAlert]:
    """The alerts whose time to try has come, taken by this worker for a while (another worker gets none)."""
    with uow() as work:
        return work.outbox.take_due(now)


def record_try(alert_id: int, sent_to: str, error: str | None, now: datetime, uow: Uow = SqlUnitOfWork) -> None:
    """One try, for the flag's delivery trail; a failure is tried again later (bot/domain/alerts.py)."""
    with uow() as work:
        work.outbox.record_try(alert_id, sent_to, error, now)
