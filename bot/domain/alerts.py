"""Who is told at once about a safeguarding flag, in what words, when to try again, and when to
escalate. Pure: the outbox (bot.store.models.Notification) and the worker (bot.alerts) do the I/O.

A flag goes to the meeting's coordinator (by email, and by Telegram when they linked their account)
and to the deployment's duty contact (a safeguarding inbox or duty team). A flag from someone who has
not joined a meeting has no coordinator: it goes to the duty contact only. If nobody marks a flag
handled within `escalate_after`, it goes to the duty contact again, and again, until someone does.

The words hold the meeting, the person's first name and role, the kind of concern, the time and a
link to the flag. Never what the person wrote.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from bot.domain.clock import uk_time
from bot.domain.records import Delivery
from bot.domain.safeguarding import category_words

EMAIL, TELEGRAM = "email", "telegram"
COORDINATOR, DUTY = "coordinator", "duty"
RAISED, ESCALATED = "raised", "escalated"
PENDING, DELIVERED, GAVE_UP = "pending", "delivered", "gave_up"

# Waits between tries, then the last one over and over: a mail server down for a day still gets the
# alert when it comes back. Kept short at first: this is a child who may not be safe.
RETRY_WAITS = (timedelta(seconds=30), timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=5),
               timedelta(minutes=15))
GIVE_UP_AFTER = timedelta(days=3)  # the page shows "not delivered" long before; the flag itself stays

@dataclass(frozen=True)
class FlagFacts:
    """What an alert may say about a flag."""
    id: int
    category: str
    created_at: datetime
    meeting_id: int | None = None
    meeting_title: str | None = None
    first_name: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Recipient:
    channel: str    # EMAIL or TELEGRAM
    whom: str       # COORDINATOR or DUTY


def recipients(has_meeting: bool, coordinator_has_email: bool, coordinator_has_telegram: bool,
               reason: str) -> list[Recipient]:
    """Who a new flag (RAISED) or one nobody has handled in time (ESCALATED) goes to."""
    duty = [Recipient(EMAIL, DUTY)]
    if reason == ESCALATED or not has_meeting:
        return duty
    coordinator = ([Recipient(EMAIL, COORDINATOR)] if coordinator_has_email else []) + (
        [Recipient(TELEGRAM, COORDINATOR)] if coordinator_has_telegram else [])
    return coordinator + duty


def recipient_name(whom: str, coordinator_name: str | None, duty_name: str = "the duty contact") -> str:
    """Who an alert is for, in words: the coordinator by name, or the duty contact."""
    return (coordinator_name or "the coordinator") if whom == COORDINATOR else duty_name


def first_name(display_name: str | None) -> str | None:
    return display_name.split()[0] if display_name and display_name.split() else None


def flag_link(page_url: str, facts: FlagFacts) -> str:
    base = page_url.rstrip("/")
    return f"{base}/meetings/{facts.meeting_id}#flag-{facts.id}" if facts.meeting_id else f"{base}/flags"


def alert_words(facts: FlagFacts, reason: str, page_url: str) -> tuple[str, str]:
    """The subject and body of an alert. Never the person's words: only who, what kind, when, where."""
    kind = category_words(facts.category)
    when = uk_time(facts.created_at)
    if facts.meeting_id:
        who = f"{facts.first_name or 'Someone'} ({(facts.role or 'participant').replace('_', ' ')})"
        where = f"meeting \"{facts.meeting_title}\""
    else:
        who, where = "Someone who has not joined a meeting", "no meeting yet"
    urgency = "NOT YET HANDLED: " if reason == ESCALATED else ""
    subject = f"{urgency}Safeguarding flag #{facts.id}: {kind}"
    lines = [
        f"{who} may have told the meeting-prep assistant about harm or risk ({kind}).",
        f"When: {when}. Where: {where}.",
        "",
        f"See the flag and mark it handled: {flag_link(page_url, facts)}",
        "Follow your safeguarding procedure. The assistant never asks for details and does not keep what "
        "was said in the flag: talk to the person.",
    ]
    if reason == ESCALATED:
        lines.insert(0, "Nobody has marked this flag handled yet. It will be sent again until someone does.")
    elif not facts.meeting_id:
        lines.append("There is no coordinator to tell: this person has not joined a meeting.")
    return subject, "\n".join(lines)


@dataclass(frozen=True)
class DueAlert:
    """A notification whose time to try has come (taken by one alerts worker), with what sending it needs."""
    id: int
    flag_id: int
    channel: str
    recipient: str   # COORDINATOR or DUTY
    reason: str      # RAISED or ESCALATED
    facts: FlagFacts
    coordinator_name: str | None = None
    coordinator_email: str | None = None
    coordinator_chat: int | None = None


@dataclass(frozen=True)
class Outgoing:
    """One alert, ready to send: where to, who that is (for the trail), and the words."""
    id: int
    channel: str
    address: str | int | None
    sent_to: str
    subject: str
    body: str
    missing: str | None = None  # why there is nowhere to send it


def outgoing(alert: DueAlert, page_url: str, duty_email: str | None, duty_name: str) -> Outgoing:
    """The words of an alert and where it goes; `missing` says why it cannot go anywhere."""
    subject, body = alert_words(alert.facts, alert.reason, page_url)
    name = recipient_name(alert.recipient, alert.coordinator_name, duty_name)
    if alert.recipient == DUTY:
        return Outgoing(alert.id, alert.channel, duty_email, name, subject, body,
                        None if duty_email else "no duty contact is set up (DUTY_EMAIL)")
    address = alert.coordinator_email if alert.channel == EMAIL else alert.coordinator_chat
    return Outgoing(alert.id, alert.channel, address, name, subject, body,
                    None if address else "the coordinator has no address for this")


def next_try(attempts: int, now: datetime) -> datetime:
    """When to try again after `attempts` failed tries."""
    return now + RETRY_WAITS[min(max(attempts, 1), len(RETRY_WAITS)) - 1]


def gives_up(created_at: datetime, now: datetime) -> bool:
    return now - created_at >= GIVE_UP_AFTER


def escalation_due(created_at: datetime, last_escalated_at: datetime | None, handled: bool, now: datetime,
                   escalate_after: timedelta) -> bool:
    """Whether a flag nobody has handled should go (again) to the duty contact."""
    if handled:
        return False
    return now - (last_escalated_at or created_at) >= escalate_after


def trail_line(delivery: Delivery, when: Callable[[datetime], str]) -> str:
    """How one alert went, for the flag on the page: "Emailed Amira Tue 1 Dec 2026, 23:02: delivered"."""
    how = "Emailed" if delivery.channel == EMAIL else "Sent on Telegram to"
    what = f"{'Escalated: ' if delivery.reason == ESCALATED else ''}{how} {delivery.sent_to}"
    if delivery.status == DELIVERED:
        return f"{what} {when(delivery.delivered_at)}: delivered"
    if not delivery.tries:
        return f"{what}: sending now"
    tries = f"{delivery.tries} {'try' if delivery.tries == 1 else 'tries'}, last {when(delivery.last_try_at)}"
    if delivery.status == GAVE_UP:
        return f"{what}: NOT delivered, stopped trying ({tries}; {delivery.last_error})"
    return f"{what}: NOT delivered yet, still trying ({tries}; {delivery.last_error})"
