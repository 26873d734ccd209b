"""A meeting from the store as plain data (`bot.domain.records`) for the domain's views."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.alerts import recipient_name
from bot.domain.records import Asked, Delivery, Flag, MeetingRecord, Person, Said, Sent, Suggested
from bot.store.models import Contribution, Meeting, Notification, Participant, SafeguardingFlag


def meeting_record(session: Session, meeting: Meeting) -> MeetingRecord:
    participants = sorted(meeting.participants, key=lambda p: p.id)
    ids = [p.id for p in participants]
    sent = session.scalars(select(Contribution).where(Contribution.participant_id.in_(ids))
                           .order_by(Contribution.created_at)).all() if ids else []
    flags = session.scalars(select(SafeguardingFlag).where(SafeguardingFlag.meeting_id == meeting.id)).all()
    return MeetingRecord(
        id=meeting.id, title=meeting.title, kind=meeting.kind, scheduled_at=meeting.scheduled_at,
        coordinator_name=meeting.coordinator_name, place=meeting.place, review_on=meeting.review_on,
        professionals=tuple((p.name, p.role) for p in meeting.professionals),
        people=tuple(person(p, [c for c in sent if c.participant_id == p.id]) for p in participants),
        flags=tuple(flag(f, meeting.coordinator.name if meeting.coordinator else None) for f in flags),
    )


def flag(row: SafeguardingFlag, coordinator_name: str | None = None) -> Flag:
    return Flag(row.id, row.category, row.created_at, row.participant_id, row.handled_at, row.handled_by,
                row.handled_note, tuple(delivery(n, coordinator_name) for n in row.notifications), row.said_again,
                row.last_said_at, row.meeting_id)


def delivery(notification: Notification, coordinator_name: str | None = None) -> Delivery:
    """Named as the last try named them; before any try, as who it is for."""
    tries = notification.attempts
    last = tries[-1] if tries else None
    meant_for = recipient_name(notification.recipient, coordinator_name)
    return Delivery(notification.channel, notification.reason, last.sent_to if last else meant_for,
                    notification.status, len(tries), last.at if last else None, last.error if last else None,
                    notification.delivered_at)


def person(participant: Participant, contributions: list[Contribution] = ()) -> Person:
    return Person(
        id=participant.id, name=participant.display_name, role=participant.role,
        joined_at=participant.joined_at, confirmed_at=participant.confirmed_at,
        said=tuple(Said(p.topic, p.key, p.value, p.visibility, p.updated_at)
                   for p in sorted(participant.preferences, key=lambda p: p.updated_at)),
        suggested=tuple(Suggested(i.name, i.relationship_to, i.wanted, i.anonymous, i.created_at)
                        for i in participant.invitees),
        asked=tuple(Asked(q.text, q.created_at) for q in participant.questions),
        sent=tuple(Sent(c.kind, c.text, c.visibility, c.created_at) for c in contributions),
    )


def urgent_flag_counts(session: Session, meeting_ids: list[int]) -> dict[int, int]:
    """How many safeguarding flags of each meeting are not yet handled."""
    rows = session.execute(
        select(SafeguardingFlag.meeting_id, func.count()).where(
            SafeguardingFlag.meeting_id.in_(meeting_ids), SafeguardingFlag.handled_at.is_(None)
        ).group_by(SafeguardingFlag.meeting_id)
    ) if meeting_ids else []
    return {meeting_id: count for meeting_id, count in rows}
