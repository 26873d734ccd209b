"""Who is ready for the meeting: a checklist per participant from the practice guidance's
"signs of success" (Tables 1-3), each item green / amber / red and traced to what was said.

green: done. amber: answered, but something to follow up. red: not answered yet, or too late.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from bot.domain.people import ROLE_LABELS
from bot.domain.preparation import (AGENDA_ITEMS, HAS_REPORTS, INVITE_PERSON, NETWORK_ROLES, NO, PROFESSIONAL_CONCERN,
                                    PURPOSE_CHECK, QUESTIONS_BY_SLOT, REPORTS_UNDERSTOOD, SAFETY_WORRY,
                                    SPLIT_MEETING, UNDERSTOOD, YES, questions_for)
from bot.domain.records import MeetingRecord, Person, Said
from bot.domain.summary import answer_label
from bot.domain.visibility import COORDINATOR, visible_to

GREEN, AMBER, RED = "green", "amber", "red"
STATUS_WORDS = {GREEN: "Ready", AMBER: "Follow up", RED: "Not yet"}
REPORTS_DAYS_BEFORE = 3


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    short: str  # a column heading
    sign_of_success: str  # the guidance's words this item checks
    answers: tuple[str, ...] = ()  # the answers it is traced to
    young_people_only: bool = False
    not_for: frozenset[str] = frozenset()  # roles it does not apply to


def counted_for(item: str) -> tuple[str, ...]:
    """The questions whose answers an item is traced to: each question says which items it counts for
    (`Question.readiness`, in the catalogue's order)."""
    return tuple(q.slot for q in QUESTIONS_BY_SLOT.values() if item in q.readiness)


ITEMS = (
    Item("purpose", "Knows what the meeting is for", "Purpose", "Families know the purpose of the meeting.",
         counted_for("purpose")),
    Item("attendees", "Knows who will be there and why", "Who's coming",
         "Families and young people know who will be in attendance, what their roles are and what they will say.",
         counted_for("attendees")),
    Item("reports", "Has the reports in good time", "Reports", "Everyone has the relevant reports in time.",
         counted_for("reports"), not_for=NETWORK_ROLES),
    Item("going_well", "Said what is going well and what they hope for", "Strengths",
         "Everyone has a shared, hopeful vision of what life would be like for the family and the child if the "
         "plan 'worked'.", counted_for("going_well"), not_for=NETWORK_ROLES),
    # Told what the coordinator can do (the question lists it), whatever they answered; a worry is its own item.
    Item("safety", "Knows the safety arrangements", "Safety",
         "Families know what safety procedures are in place to manage conflict.", counted_for("safety")),
    Item("feels_safe", "Feels safe to come", "Feels safe",
         "Families feel reassured that safety procedures have been put in place.", counted_for("feels_safe")),
    Item("venue", "Chose where", "Where",
         "Families make practical decisions around the location and timing of the meeting.",
         counted_for("venue")),
    Item("time", "Chose when", "When",
         "Families make practical decisions around the location and timing of the meeting.",
         counted_for("time")),
    Item("agenda", "Added to the agenda", "Agenda",
         "Families make decisions around what will be on the agenda of the meeting.",
         counted_for("agenda")),
    Item("plan", "Thought about the plan for private family time", "Plan ideas",
         "The plan that is developed has key points included that were suggested by family members.",
         counted_for("plan")),
    Item("invited", "Invited people who matter to them", "Invited",
         "Families invite people to the meeting that are important to them and are able to offer them "
         "practical and emotional support.", counted_for("invited")),
    Item("confirmed", "Checked and agreed their summary", "Summary agreed",
         "Parents know the details of what will be discussed and shared in the meeting."),
    Item("taking_part", "Way of taking part known", "Taking part",
         "The meeting is flexible to allow everyone to take part in their own way.", counted_for("taking_part"),
         young_people_only=True),
)
ITEMS_BY_KEY = {item.key: item for item in ITEMS}


@dataclass(frozen=True)
class Check:
    item: Item
    status: str
    evidence: str  # what it is traced to, in words

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]


@dataclass(frozen=True)
class PersonReadiness:
    person_id: int
    name: str
    role: str
    joined: bool
    checks: tuple[Check, ...]

    @property
    def status(self) -> str:
        return worst(c.status for c in self.checks)

    def check(self, key: str) -> Check | None:
        return next((c for c in self.checks if c.item.key == key), None)


@dataclass(frozen=True)
class MeetingReadiness:
    people: tuple[PersonReadiness, ...]
    reports_due: date | None  # the last day to send reports

    @property
    def status(self) -> str:
        return worst(p.status for p in self.people)

    @property
    def ready(self) -> tuple[PersonReadiness, ...]:
        return tuple(p for p in self.people if p.status == GREEN)

    def counts(self, key: str) -> dict[str, int]:
        checks = [p.check(key) for p in self.people]
        return {status: sum(1 for c in checks if c and c.status == status) for status in (GREEN, AMBER, RED)}


def worst(statuses) -> str:
    statuses = set(statuses)
    return RED if RED in statuses else AMBER if AMBER in statuses else GREEN


def meeting_readiness(meeting: MeetingRecord, today: date, audience: str = COORDINATOR) -> MeetingReadiness:
    due = meeting.scheduled_at.date() - timedelta(days=REPORTS_DAYS_BEFORE) if meeting.scheduled_at else None
    return MeetingReadiness(tuple(person_readiness(p, meeting, today, audience) for p in meeting.people), due)


def person_readiness(person: Person, meeting: MeetingRecord, today: date,
                     audience: str = COORDINATOR) -> PersonReadiness:
    """Traced only to answers this audience may see."""
    person = replace(person, said=tuple(s for s in person.said if visible_to(audience, s.visibility)))
    key_of = {
        "purpose": lambda: _purpose(person),
        "attendees": lambda: _attendees(person, meeting),
        "reports": lambda: _reports(person, meeting, today),
        "going_well": lambda: _chose(person, *ITEMS_BY_KEY["going_well"].answers),
        "safety": lambda: _safety_told(person),
        "feels_safe": lambda: _feels_safe(person),
        "venue": lambda: _chose(person, *ITEMS_BY_KEY["venue"].answers),
        "time": lambda: _chose(person, *ITEMS_BY_KEY["time"].answers),
        # a young person's views are what they bring to talk about; an adult's going well and hopes
        # are their own item ("Strengths")
        "agenda": lambda: (_chose(person, *ITEMS_BY_KEY["agenda"].answers)
                           if person.role == "young_person" else _chose(person, AGENDA_ITEMS.slot)),
        "invited": lambda: _invited(person),
        "plan": lambda: _chose(person, *ITEMS_BY_KEY["plan"].answers),
        "confirmed": lambda: _confirmed(person),
        "taking_part": lambda: _taking_part(person),
    }
    asked = {q.slot for q in questions_for(person.role)}
    checks = []
    for item in ITEMS:
        if (item.young_people_only and person.role != "young_person") or person.role in item.not_for:
            continue
        if item.answers and not asked.intersection(item.answers) and not _said_any(person, item.answers):
            role = ROLE_LABELS.get(person.role, person.role)
            checks.append(Check(item, AMBER, f"The assistant does not ask a {role} this: talk it through with them"))
        else:
            checks.append(_check(item.key, key_of[item.key]()))
    return PersonReadiness(person.id, person.name, person.role, person.joined_at is not None, tuple(checks))


def _said_any(person: Person, keys: tuple[str, ...]) -> bool:
    return any(person.answer(key) is not None for key in keys)


def _check(key: str, result: tuple[str, str]) -> Check:
    return Check(ITEMS_BY_KEY[key], *result)


def said_words(said: Said) -> str:
    """What was said, to which question (its label, as in the person's summary) and when."""
    when = f", {said.when:%d %b %Y %H:%M}" if said.when else ""
    return f'Said "{said.words}" ({answer_label(said.key)}{when})'


def _not_answered(person: Person) -> tuple[str, str]:
    return RED, "Not answered yet" if person.joined_at else "Has not joined yet"


def _purpose(person: Person) -> tuple[str, str]:
    said = person.answer(PURPOSE_CHECK.slot)
    if said is None:
        return _not_answered(person)
    return (GREEN if said.value == UNDERSTOOD else AMBER), said_words(said)


def _attendees(person: Person, meeting: MeetingRecord) -> tuple[str, str]:
    """They were shown who is coming (with roles) just before this question."""
    said = person.answer(PROFESSIONAL_CONCERN.slot)
    if said is None:
        return _not_answered(person)
    if not meeting.professionals:
        return AMBER, f"{said_words(said)}; no professionals were entered for this meeting, so none were shown"
    return (GREEN if said.answered else AMBER), said_words(said)


def _reports(person: Person, meeting: MeetingRecord, today: date) -> tuple[str, str]:
    said = person.answer(HAS_REPORTS.slot)
    if said is None:
        return _not_answered(person)
    due = meeting.scheduled_at.date() - timedelta(days=REPORTS_DAYS_BEFORE) if meeting.scheduled_at else None
    if said.value == YES:
        understood = person.answer(REPORTS_UNDERSTOOD.slot)
        if due and said.when and said.when.date() > due:
            return AMBER, f"{said_words(said)}: later than {REPORTS_DAYS_BEFORE} days before the meeting"
        if understood and understood.value in (NO, "partly"):
            return AMBER, f"{said_words(said)}; {said_words(understood)}: go through them together"
        return GREEN, said_words(said)
    if said.value == NO and due is not None and today > due:
        return RED, f"{said_words(said)}; the last day to send them was {due:%d %b %Y}"
    deadline = f"; send them by {due:%d %b %Y}" if due else f"; send them in good time, e.g. {REPORTS_DAYS_BEFORE} days before"
    return AMBER, said_words(said) + deadline


def _safety_told(person: Person) -> tuple[str, str]:
    """The safety question tells them what the coordinator can arrange, so any answer means they know."""
    said = person.answer(SAFETY_WORRY.slot)
    if said is None:
        return _not_answered(person)
    return GREEN, f"Told what can be arranged; {said_words(said)}"


def _feels_safe(person: Person) -> tuple[str, str]:
    said = person.answer(SAFETY_WORRY.slot)
    if said is None:
        return _not_answered(person)
    if said.value == NO:
        return GREEN, said_words(said)
    split = person.answer(SPLIT_MEETING.slot)
    extra = f"; {said_words(split)}" if split else ""
    reason = ": talk through the safety arrangements" if said.value == YES else ""
    return AMBER, said_words(said) + extra + reason


def _chose(person: Person, *keys: str) -> tuple[str, str]:
    answers = [a for a in (person.answer(k) for k in keys) if a is not None]
    if not answers:
        return _not_answered(person)
    chosen = [a for a in answers if a.has_content]
    if chosen:
        return GREEN, "; ".join(said_words(a) for a in chosen)
    return AMBER, "; ".join(said_words(a) for a in answers)


def _invited(person: Person) -> tuple[str, str]:
    wanted = [s for s in person.suggested if s.wanted]
    if wanted:
        names = ", ".join(f"{s.name} ({s.relationship})" if s.relationship else s.name for s in wanted)
        return GREEN, f"Named: {names}"
    said = person.answer(INVITE_PERSON.slot)
    if said is None:
        return _not_answered(person)
    return AMBER, f"{said_words(said)}: map their network with them again"


def _confirmed(person: Person) -> tuple[str, str]:
    if person.confirmed_at:
        return GREEN, f"Agreed their summary on {person.confirmed_at:%d %b %Y %H:%M}"
    if person.said:
        return AMBER, "Has not checked and agreed their summary yet"
    return _not_answered(person)


def _taking_part(person: Person) -> tuple[str, str]:
    """A young person's own path saves how they want to take part under the topic "taking_part"."""
    said = [s for s in person.said if s.topic == "taking_part" and not s.key.startswith("share_")]
    if not said:
        return _not_answered(person)
    status = GREEN if any(s.answered for s in said) else AMBER
    return status, "; ".join(said_words(s) for s in said)
