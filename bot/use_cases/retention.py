"""Deleting what people said once it is no longer needed: by `meeting-prep retention` (cron) and
daily inside `meeting-prep serve`, one use case for both.

Two sweeps (see bot/domain/retention.py for the days):
- meetings more than N days past: their participants' answers, invitees, questions, contributions,
  kept messages, and their conversations in Rasa's tracker store;
- conversations in Rasa's tracker store linked to no participant (never joined, or left behind when
  a new code moved the person to a new chat) and silent for more than N days. They can hold what
  someone said before joining, a disclosure included; its safeguarding flag (no message text) stays.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from bot.domain.retention import due_for_deletion
from bot.store.rasa_tracker import delete_conversation, idle_conversations
from bot.store.unit_of_work import SqlUnitOfWork
from bot.use_cases.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Swept:
    meetings: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    conversations: int = 0  # deleted from Rasa's tracker store, linked or not

    def summary(self, days: int) -> str:
        counts = ", ".join(f"{count} {kind}" for kind, count in self.counts.items())
        meetings = (f"from meetings {', '.join(map(str, self.meetings))} (over {days} days past): {counts}, "
                    if self.meetings else "")
        return f"Deleted {meetings}{self.conversations} conversations. Safeguarding flags kept."


def due_meetings(now: datetime, days: int, uow: Callable[..., UnitOfWork] = SqlUnitOfWork) -> list[int]:
    with uow(read_only=True) as work:
        return due_for_deletion(work.retention.meeting_dates(), now, days)


def sweep(now: datetime, days: int, uow: Callable[..., UnitOfWork] = SqlUnitOfWork,
          delete: Callable[[str], int] = delete_conversation,
          idle: Callable[[datetime], list[str]] = idle_conversations) -> Swept:
    with uow() as work:
        due = due_for_deletion(work.retention.meeting_dates(), now, days)
        deleted = work.retention.delete_participant_data(due) if due else None
        linked = work.retention.linked_conversations()
    unlinked = [sender for sender in idle(now - timedelta(days=days)) if sender not in linked]
    with uow() as work:
        work.retention.delete_pending_messages(unlinked)
    linked_due = deleted.conversations if deleted else []
    conversations = sum(1 for sender in [*linked_due, *unlinked] if delete(sender))
    return Swept(due, deleted.counts if deleted else {}, conversations)
