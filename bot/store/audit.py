"""The audit log: who viewed, exported or changed what on the coordinator page, and when."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import AuditEntry

VIEWED, EXPORTED, CHANGED = "viewed", "exported", "changed"


def record(
    session: Session, coordinator_id: int, action: str, what: str,
    meeting_id: int | None = None, participant_id: int | None = None,
) -> None:
    """`what` names the page or file (e.g. "consolidated view"), never what it contains."""
    session.add(AuditEntry(coordinator_id=coordinator_id, action=action, what=what[:120],
                           meeting_id=meeting_id, participant_id=participant_id))


def for_meeting(session: Session, meeting_id: int, limit: int = 500) -> list[AuditEntry]:
    """Newest first."""
    query = (select(AuditEntry).where(AuditEntry.meeting_id == meeting_id)
             .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit))
    return list(session.scalars(query))
