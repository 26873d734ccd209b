"""Which Telegram reminders a participant gets for a meeting, and when. Pure: the caller gives the
time now, so a fake clock tests it.

A week before (anything to add?), three days before (have you got the reports?), the day before
(time and place), and two days after (do you have a copy of the plan you understand?), each at
10:00 UK time. Then two check-ins on how the plan is going (the guidance: the plan is reviewed, and
families say whether it is working): three weeks after the meeting, and a week before the review
meeting when the coordinator has set its date. A check-in is a conversation, not a message: the
front end asks Rasa to start it (CHECK_INS), and the answers go to the coordinator.

Reminders missed by less than GRACE (the bot was restarting) are sent late rather than lost; ones
already sent are never sent again for the same meeting time.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.domain.dates import time_in_words

WEEK_BEFORE, THREE_DAYS_BEFORE, DAY_BEFORE, AFTER = "week_before", "three_days_before", "day_before", "after"
CHECK_IN, BEFORE_REVIEW = "check_in", "before_review"
CHECK_INS = (CHECK_IN, BEFORE_REVIEW)  # asked in the conversation (Rasa), not sent as a message
OFFSETS = {WEEK_BEFORE: -7, THREE_DAYS_BEFORE: -3, DAY_BEFORE: -1, AFTER: 2, CHECK_IN: 21}  # days from the meeting day
REVIEW_NOTICE = 7  # days before the review meeting
SEND_AT = time(10, 0)
GRACE = timedelta(hours=12)
# How far back a meeting may be and still have a reminder to come (its check-in, or the review's).
LAST_REMINDER_AFTER = timedelta(days=OFFSETS[CHECK_IN] + 1)


@dataclass(frozen=True)
class Reminder:
    kind: str
    at: datetime  # UK local time, like the meeting's own time


def planned(meeting_at: datetime, review_on: date | None = None) -> list[Reminder]:
    """Every reminder for a meeting, in order. The review's check-in replaces the three-week one when
    they would come within a week of each other: one "is the plan working?" is enough."""
    reminders = [Reminder(kind, datetime.combine(meeting_at.date() + timedelta(days=days), SEND_AT))
                 for kind, days in OFFSETS.items()]
    if review_on is None or review_on <= meeting_at.date():
        return reminders
    before_review = datetime.combine(max(review_on - timedelta(days=REVIEW_NOTICE), meeting_at.date() + timedelta(days=1)),
                                     SEND_AT)
    check_in = reminders[-1]
    if before_review - check_in.at < timedelta(days=REVIEW_NOTICE):
        reminders.remove(check_in)
    return sorted(reminders + [Reminder(BEFORE_REVIEW, before_review)], key=lambda r: r.at)


def due(meeting_at: datetime, now: datetime, sent: set[str], grace: timedelta = GRACE,
        review_on: date | None = None) -> list[Reminder]:
    """Reminders still to send, at their time or (if just missed) now."""
    found = []
    for reminder in planned(meeting_at, review_on):
        if reminder.kind in sent or reminder.at < now - grace:
            continue
        if reminder.at < meeting_at and now >= meeting_at:
            continue  # a "before" reminder is no use once the meeting has started
        found.append(Reminder(reminder.kind, max(reminder.at, now)))
    return found


# Reports go to parents and young people (the guidance's Table 1); wider family and friends are not asked.
GETS_REPORTS = frozenset({"parent", "young_person"})


def reminder_text(kind: str, name: str, meeting_at: datetime, place: str | None, coordinator: str,
                  role: str | None = None) -> str:
    """The message, in plain words."""
    when = time_in_words(meeting_at)
    if kind == WEEK_BEFORE:
        return (f"Hello {name}. Your meeting is in a week: {when}. Is there anything you'd like to add or "
                "change before then? You can tell me here at any time.")
    if kind == THREE_DAYS_BEFORE and role in GETS_REPORTS:
        return (f"Hello {name}. Your meeting is in three days: {when}. Have you got the reports for it? "
                f"If not, please tell {coordinator}.")
    if kind == THREE_DAYS_BEFORE:
        return (f"Hello {name}. Your meeting is in three days: {when}. If you have a question about it, ask me "
                f"here or ask {coordinator}.")
    if kind == DAY_BEFORE:
        where = f", at {place}" if place else f". {coordinator} can tell you where it is"
        return (f"Hello {name}. Your meeting is tomorrow: {when}{where}. Breaks are fine, and you can bring "
                f"someone for support. If you can't come, please tell {coordinator}.")
    return (f"Hello {name}. Thank you for being part of the meeting. Do you have a copy of the plan, in a way "
            f"you can understand? If not, please ask {coordinator} for one.")


JOB_PREFIX = "reminder:"


@dataclass(frozen=True)
class Planned:
    """A reminder to send one person at a time (a job in the Telegram front end's queue)."""
    participant_id: int
    chat_id: int
    kind: str
    meeting_at: datetime
    at: datetime  # UK local time
    sender_id: str = ""  # the person's conversation in Rasa (for a check-in)

    @property
    def job_name(self) -> str:
        return f"{JOB_PREFIX}{self.participant_id}:{self.kind}:{self.meeting_at:%Y%m%d%H%M}"
