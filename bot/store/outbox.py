"""The outbox of safeguarding alerts: queued with the flag, in the same transaction, and read by the
alerts worker (bot.alerts.worker). Who gets what is decided in bot.domain.alerts."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.domain import alerts
from bot.store.models import Coordinator, Meeting, Notification, NotificationAttempt, Participant, SafeguardingFlag


def coordinator_of(session: Session, flag: SafeguardingFlag) -> Coordinator | None:
    meeting = session.get(Meeting, flag.meeting_id) if flag.meeting_id else None
    return meeting.coordinator if meeting else None


def queue_alerts(session: Session, flag: SafeguardingFlag, reason: str, now: datetime) -> list[Notification]:
    """One notification per recipient and channel, to be sent at once."""
    coordinator = coordinator_of(session, flag)
    queued = [Notification(flag_id=flag.id, channel=r.channel, recipient=r.whom, reason=reason,
                           status=alerts.PENDING, created_at=now, next_try_at=now)
              for r in alerts.recipients(flag.meeting_id is not None, bool(coordinator and coordinator.email),
                                         bool(coordinator and coordinator.telegram_chat_id), reason)]
    session.add_all(queued)
    session.flush()
    return queued


def due(session: Session, now: datetime, limit: int = 50) -> list[Notification]:
    """Notifications not yet delivered whose time to try has come, oldest first."""
    return list(session.scalars(
        select(Notification).where(Notification.status == alerts.PENDING, Notification.next_try_at <= now)
        .order_by(Notification.next_try_at).limit(limit)
    ))


# How long a worker holds the notifications it took: longer than one try can take. If it stops before
# recording a try, another worker (or it, restarted) takes them again after this.
CLAIM_LEASE = timedelta(minutes=5)


def claim(session: Session, notifications: list[Notification], now: datetime,
          lease: timedelta = CLAIM_LEASE) -> list[Notification]:
    """Those of the notifications this worker may send. Each is moved `lease` ahead only if nobody
    moved it since it was read (compare-and-set, which SQLite and PostgreSQL both keep), so when
    several alerts workers share the database, a notification goes to one of them, never to two."""
    claimed = []
    for notification in notifications:
        moved = session.execute(update(Notification).where(
            Notification.id == notification.id, Notification.status == alerts.PENDING,
            Notification.next_try_at == notification.next_try_at).values(next_try_at=now + lease))
        if moved.rowcount == 1:
            claimed.append(notification)
    return claimed


def claim_escalation(session: Session, flag: SafeguardingFlag, now: datetime) -> bool:
    """Whether this worker escalates the flag now: as `claim`, so two workers never escalate it twice."""
    unchanged = (SafeguardingFlag.escalated_at == flag.escalated_at if flag.escalated_at
                 else SafeguardingFlag.escalated_at.is_(None))
    moved = session.execute(update(SafeguardingFlag).where(SafeguardingFlag.id == flag.id, unchanged)
                            .values(escalated_at=now))
    return moved.rowcount == 1


def flags_to_escalate(session: Session, now: datetime, after: timedelta) -> list[SafeguardingFlag]:
    """Flags nobody has marked handled for `after` since they were raised or last escalated."""
    waiting = session.scalars(select(SafeguardingFlag).where(SafeguardingFlag.handled_at.is_(None)))
    return [flag for flag in waiting
            if alerts.escalation_due(flag.created_at, flag.escalated_at, False, now, after)]


def facts(session: Session, flag: SafeguardingFlag) -> alerts.FlagFacts:
    """What an alert may say about the flag."""
    meeting = session.get(Meeting, flag.meeting_id) if flag.meeting_id else None
    person = session.get(Participant, flag.participant_id) if flag.participant_id else None
    return alerts.FlagFacts(
        id=flag.id, category=flag.category, created_at=flag.created_at, meeting_id=flag.meeting_id,
        meeting_title=meeting.title if meeting else None,
        first_name=alerts.first_name(person.display_name) if person else None,
        role=person.role if person else None,
    )


def record_attempt(notification: Notification, sent_to: str, error: str | None, now: datetime) -> None:
    """One try, for the trail; a failure is tried again later, until it is too old to keep trying."""
    notification.attempts.append(NotificationAttempt(at=now, sent_to=sent_to, delivered=error is None,
                                                     error=error[:200] if error else None))
    if error is None:
        notification.status, notification.delivered_at = alerts.DELIVERED, now
    elif alerts.gives_up(notification.created_at, now):
        notification.status = alerts.GAVE_UP
    else:
        failures = sum(1 for attempt in notification.attempts if not attempt.delivered)
        notification.next_try_at = alerts.next_try(failures, now)


class SqlOutbox:
    """The use cases' AlertOutbox (bot/use_cases/unit_of_work.py) on the functions above."""

    def __init__(self, session: Session):
        self.session = session

    def overdue_flags(self, now: datetime, after: timedelta) -> list[int]:
        return [flag.id for flag in flags_to_escalate(self.session, now, after)]

    def claim_escalation(self, flag_id: int, now: datetime) -> bool:
        return claim_escalation(self.session, self.session.get(SafeguardingFlag, flag_id), now)

    def queue(self, flag_id: int, reason: str, now: datetime) -> None:
        queue_alerts(self.session, self.session.get(SafeguardingFlag, flag_id), reason, now)

    def take_due(self, now: datetime) -> list[alerts.DueAlert]:
        return [self._due_alert(n) for n in claim(self.session, due(self.session, now), now)]

    def record_try(self, alert_id: int, sent_to: str, error: str | None, now: datetime) -> None:
        record_attempt(self.session.get(Notification, alert_id), sent_to, error, now)

    def _due_alert(self, notification: Notification) -> alerts.DueAlert:
        coordinator = coordinator_of(self.session, notification.flag)
        return alerts.DueAlert(notification.id, notification.flag_id, notification.channel, notification.recipient,
                               notification.reason, facts(self.session, notification.flag),
                               coordinator.name if coordinator else None, coordinator.email if coordinator else None,
                               coordinator.telegram_chat_id if coordinator else None)
