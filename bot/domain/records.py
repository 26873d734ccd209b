"""Plain data about one meeting, as the coordinator's views read it (built from the store by
`bot.store.records.meeting_record`). No database, no web: the domain functions take these.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain.preparation import ANSWER_WORDS, NOT_SURE, QUESTIONS_BY_SLOT, SKIPPED, describe

NO_ANSWER = frozenset({SKIPPED, NOT_SURE, ""})  # they chose not to say, or did not know
NOTHING = frozenset({"none", "no", "nothing"})  # they said there is nothing



@dataclass(frozen=True)
class Said:
    """One saved answer: topic + key, the value, who may see it, and when it was said."""

    topic: str
    key: str
    value: str
    visibility: str = "coordinator"
    when: datetime | None = None

    @property
    def words(self) -> str:
        """The answer in words (choice codes described as people saw them)."""
        if self.key in QUESTIONS_BY_SLOT:
            return describe(self.key, self.value)
        return ANSWER_WORDS.get(self.value, self.value)

    @property
    def answered(self) -> bool:
        """A real answer: not skipped and not "not sure"."""
        return self.value.strip() not in NO_ANSWER

    @property
    def has_content(self) -> bool:
        """Something to act on: answered, and not "none" / "no"."""
        return self.answered and self.value.strip().lower() not in NOTHING


@dataclass(frozen=True)
class Suggested:
    """Someone a participant named: to invite (wanted) or, privately, rather not there."""

    name: str
    relationship: str = ""
    wanted: bool = True
    anonymous: bool = False
    when: datetime | None = None


@dataclass(frozen=True)
class Asked:
    """A question the assistant could not answer."""

    text: str
    when: datetime | None = None


@dataclass(frozen=True)
class Sent:
    """Something a young person sent for the meeting (a message, drawing, voice note ...)."""

    kind: str
    text: str | None
    visibility: str = "coordinator"
    when: datetime | None = None


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: str
    joined_at: datetime | None = None
    confirmed_at: datetime | None = None
    said: tuple[Said, ...] = ()
    suggested: tuple[Suggested, ...] = ()
    asked: tuple[Asked, ...] = ()
    sent: tuple[Sent, ...] = ()

    def answer(self, key: str) -> Said | None:
        """The saved answer with this key (the newest, if a key was saved under two topics)."""
        found = [s for s in self.said if s.key == key]
        return max(found, key=lambda s: s.when or datetime.min) if found else None


@dataclass(frozen=True)
class Delivery:
    """One alert about a flag, to one person on one channel, and how sending it went."""
    channel: str                  # email | telegram
    reason: str                   # raised | escalated
    sent_to: str                  # "Amira", "the duty contact"
    status: str                   # pending | delivered | gave_up
    tries: int = 0
    last_try_at: datetime | None = None
    last_error: str | None = None
    delivered_at: datetime | None = None


@dataclass(frozen=True)
class Flag:
    id: int
    category: str
    created_at: datetime
    participant_id: int | None = None
    handled_at: datetime | None = None
    handled_by: str | None = None
    handled_note: str | None = None
    deliveries: tuple[Delivery, ...] = ()
    said_again: int = 0
    last_said_at: datetime | None = None
    meeting_id: int | None = None  # None: raised by someone who had not joined a meeting


@dataclass(frozen=True)
class InviteCode:
    """A participant's invite code, as the coordinator is shown it."""
    participant_id: int
    meeting_id: int
    name: str
    role: str
    code: str
    expires_at: datetime | None
    revoked_at: datetime | None = None
    in_use: bool = False               # a chat joined with it
    joined_at: datetime | None = None
    confirmed_at: datetime | None = None  # agreed their summary


@dataclass(frozen=True)
class TelegramLink:
    """A coordinator's own Telegram chat for alerts, and the one-time code that links it."""
    coordinator_id: int
    name: str
    chat_id: int | None
    code: str | None
    code_expires_at: datetime | None


@dataclass(frozen=True)
class MeetingRecord:
    id: int
    title: str
    kind: str
    scheduled_at: datetime | None
    coordinator_name: str
    professionals: tuple[tuple[str, str], ...] = ()  # (name, role)
    people: tuple[Person, ...] = ()
    flags: tuple[Flag, ...] = field(default=())
    place: str | None = None
    review_on: date | None = None  # the review meeting, once set

    def person(self, person_id: int | None) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)


@dataclass(frozen=True)
class Chat:
    """The participant a chat is linked to, and their meeting (its `people` and `flags` left out)."""
    person: Person
    meeting: MeetingRecord


@dataclass(frozen=True)
class AuditLine:
    """One line of a meeting's audit log, as the coordinator reads it."""
    at: datetime
    by: str                        # the coordinator's name
    action: str                    # viewed | exported | changed
    what: str
    participant_id: int | None = None
    participant: str | None = None  # their name; None when no longer on record


@dataclass(frozen=True)
class Login:
    """A coordinator's server-side session on the web page."""
    coordinator_id: int
    name: str
    mfa_passed: bool
    enrolled: bool  # has a second factor set up


@dataclass(frozen=True)
class MeetingDetails:
    """What a coordinator sets for a meeting (the web's form, the command line's options)."""
    title: str
    kind: str = "family group conference"
    scheduled_at: datetime | None = None
    professionals: tuple[tuple[str, str], ...] = ()  # (name, role)
    place: str | None = None
    review_on: date | None = None


@dataclass(frozen=True)
class MeetingListing:
    """One line of a coordinator's list of meetings."""
    id: int
    title: str
    kind: str
    scheduled_at: datetime | None
    invited: int = 0
    joined: int = 0
    agreed: int = 0  # agreed their summary
    urgent: int = 0  # safeguarding flags not yet handled
    coordinator_id: int | None = None  # None: made at the command line and not yet given to anyone


@dataclass(frozen=True)
class FlagLine:
    """A flag as the command line lists it: who raised it and in which meeting (None: not joined)."""
    flag: Flag
    name: str | None = None
    role: str | None = None
    meeting_title: str | None = None


@dataclass(frozen=True)
class KeptMessage:
    """A message Rasa could not take yet, kept to send in order (bot/chat/pending.py)."""
    id: int
    text: str
    metadata: dict
    silent_replies: int  # times Rasa took it and answered nothing
    kept_at: datetime


@dataclass(frozen=True)
class ToRemind:
    """A participant reachable on Telegram, with what their reminders need (bot/domain/reminders.py)."""
    participant_id: int
    chat_id: int
    sender_id: str
    name: str
    role: str
    meeting_at: datetime
    review_on: date | None
    place: str | None
    coordinator_name: str
    sent: frozenset[str] = frozenset()  # kinds of reminder already sent for this meeting date
