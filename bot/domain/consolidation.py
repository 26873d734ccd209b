"""One meeting, consolidated for the coordinator: what everyone wants, where they agree and
differ, who needs what, what is urgent. Pure: takes a MeetingRecord, returns plain data.

Every answer passes `visible_to(audience, ...)` before it is used, and keeps its visibility so a
page can label it. Private requests (someone not to invite) are kept apart with who asked.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from bot.domain import availability, preparation
from bot.domain.people import ROLE_LABELS
from bot.domain.invites import MergedInvitee, PrivateRequest, merge_invitees, private_requests
from bot.domain.preparation import (ACCESS_NEEDS, BAD_TIMES, CHILDCARE, FOOD_NEEDS, GOOD_TIMES, HELP_OFFERED,
                                    INFO_FORMAT, INTERPRETER, INVITEES_TIMES, QUESTIONS_BY_SLOT, SAFETY_WORRY,
                                    SKIPPED, SPLIT_MEETING, TRAVEL_HELP, VENUE_SAFE, WANTS_ADVOCATE, YES)
from bot.domain.safeguarding import category_words
from bot.domain.records import Delivery, Flag, MeetingRecord, Person, Said
from bot.domain.summary import answer_label
from bot.domain.visibility import COORDINATOR, PRIVATE, label, visible_to

# The questions whose answers can ask the coordinator to arrange something, in the page's order.
NEEDS = (INTERPRETER, ACCESS_NEEDS, CHILDCARE, FOOD_NEEDS, WANTS_ADVOCATE, TRAVEL_HELP, INFO_FORMAT)
YOUNG_PEOPLE_TOPICS = ("taking_part", "views", "safety")  # the young people's own path (see preparation.py)


@dataclass(frozen=True)
class Mention:
    """One person's answer, in words, with who may see it."""

    who: str
    words: str
    visibility: str = COORDINATOR
    when: datetime | None = None

    @property
    def label(self) -> str:
        return label(self.visibility)

    @property
    def private(self) -> bool:
        return self.visibility == PRIVATE


@dataclass(frozen=True)
class Count:
    words: str
    who: tuple[str, ...]


@dataclass(frozen=True)
class Need:
    kind: str
    who: str
    detail: str


@dataclass(frozen=True)
class FlagView:
    id: int
    participant_id: int | None
    category: str
    who: str
    when: datetime
    handled_at: datetime | None
    handled_by: str | None
    handled_note: str | None = None
    deliveries: tuple[Delivery, ...] = ()
    said_again: int = 0
    last_said_at: datetime | None = None

    @property
    def urgent(self) -> bool:
        return self.handled_at is None


@dataclass(frozen=True)
class YoungPersonViews:
    name: str
    said: tuple[tuple[str, Mention], ...]  # (what it answers, the answer)
    sent: tuple[Mention, ...]


@dataclass(frozen=True)
class Supporter:
    """One row of the network support map: someone in the family's network and what they could bring."""

    who: str
    role: str
    offers: tuple[Mention, ...]  # help they could give (help_offered)
    would_invite: tuple[str, ...]  # people they would like at the meeting
    invitees_times: Mention | None  # when those people could come


@dataclass(frozen=True)
class CheckIn:
    """One person's answers at one check-in after the meeting."""

    who: str
    role: str
    kind: str  # bot.domain.reminders.CHECK_IN or BEFORE_REVIEW
    working: Mention | None  # is the plan working?
    gaps: Mention | None  # is anyone not doing their part?
    needs_a_look: bool  # not plainly working, or someone is not doing their part

    @property
    def when(self) -> datetime | None:
        return max((m.when for m in (self.working, self.gaps) if m and m.when), default=None)


@dataclass(frozen=True)
class Consolidated:
    flags: tuple[FlagView, ...]
    not_joined: tuple[str, ...]
    venues: tuple[Count, ...]
    places_not_wanted: tuple[Count, ...]
    access_and_safety: tuple[Mention, ...]
    times: availability.Overlap
    times_not_read: tuple[Mention, ...]
    stay_length: tuple[Count, ...]
    invitees: tuple[MergedInvitee, ...]
    private_requests: tuple[PrivateRequest, ...]
    needs: tuple[Need, ...]
    agenda: tuple[Mention, ...]
    info_sharing: tuple[Mention, ...]
    ground_rules: tuple[Count, ...]
    questions: tuple[Mention, ...]
    concerns: tuple[Mention, ...]  # complaints about how a professional treated them (not disclosures)
    support_map: tuple[Supporter, ...]  # who could help with what, and who they would bring
    strengths: tuple[Mention, ...]  # adults: what is going well
    hopes: tuple[Mention, ...]  # adults: what they would like to be different
    plan_ideas: tuple[Mention, ...]  # first ideas for the plan
    plan_writers: tuple[Mention, ...]  # who could write it down
    check_ins: tuple[CheckIn, ...]  # after the meeting: is the plan working? newest first
    young_people: tuple[YoungPersonViews, ...]

    @property
    def urgent_flags(self) -> tuple[FlagView, ...]:
        return tuple(f for f in self.flags if f.urgent)


def consolidate(meeting: MeetingRecord, audience: str = COORDINATOR) -> Consolidated:
    people = meeting.people
    adults = tuple(p for p in people if p.role != "young_person")  # young people's views have their own section
    answers = {p.id: _visible(p, audience) for p in people}
    return Consolidated(
        **_listed(people, adults, answers),
        flags=flag_views(meeting) if audience == COORDINATOR else (),
        not_joined=tuple(p.name for p in people if p.joined_at is None),
        access_and_safety=_access_and_safety(people, answers),
        times=availability.overlap([(p.name, _times(answers[p.id])) for p in people]),
        times_not_read=_times_not_read(people, answers),
        invitees=merge_invitees(people, audience),
        private_requests=private_requests(people, audience),
        needs=needs(people, answers),
        questions=tuple(Mention(p.name, q.text, COORDINATOR, q.when) for p in people for q in p.asked
                        if visible_to(audience, COORDINATOR)),
        concerns=mentions(people, answers, "concern_about_professional"),
        support_map=support_map(people, answers, audience),
        check_ins=check_ins(people, answers),
        young_people=tuple(_young_person(p, answers[p.id], audience) for p in people if p.role == "young_person"),
    )


def _listed(people: tuple[Person, ...], adults: tuple[Person, ...], answers: dict) -> dict[str, tuple]:
    """The sections that list one question's answers as they are: each question names its own (`on_page`)."""
    sections = {}
    for question in QUESTIONS_BY_SLOT.values():
        section = question.on_page
        if section:
            read = counted if section.counted else mentions
            sections[section.name] = read(adults if section.adults_only else people, answers, question.slot)
    return sections


def flag_views(meeting: MeetingRecord) -> tuple[FlagView, ...]:
    """Not yet handled first, newest first within each."""
    def view(flag: Flag) -> FlagView:
        person = meeting.person(flag.participant_id)
        if person is not None:
            who = person.name
        elif flag.participant_id is not None:
            who = "Someone who has since asked for their data to be deleted"
        else:
            who = "Not known who"
        return FlagView(flag.id, flag.participant_id, category_words(flag.category), who, flag.created_at,
                        flag.handled_at, flag.handled_by, flag.handled_note, flag.deliveries,
                        flag.said_again, flag.last_said_at)

    ordered = sorted(meeting.flags, key=lambda f: f.created_at, reverse=True)
    return tuple(view(f) for f in sorted(ordered, key=lambda f: f.handled_at is not None))


def counted(people: tuple[Person, ...], answers: dict[int, dict[str, Said]], key: str) -> tuple[Count, ...]:
    """Answers with something in them, the same words counted together, most chosen first."""
    groups: dict[str, list[str]] = defaultdict(list)
    shown: dict[str, str] = {}
    for person in people:
        said = answers[person.id].get(key)
        if said and said.has_content:
            group = " ".join(said.words.casefold().split())
            shown.setdefault(group, said.words)
            groups[group].append(person.name)
    ordered = sorted(groups.items(), key=lambda item: -len(item[1]))  # stable: first named first on ties
    return tuple(Count(shown[group], tuple(who)) for group, who in ordered)


def mentions(people: tuple[Person, ...], answers: dict[int, dict[str, Said]], key: str) -> tuple[Mention, ...]:
    return tuple(_mention(p, answers[p.id][key]) for p in people
                 if key in answers[p.id] and answers[p.id][key].has_content)


def support_map(people: tuple[Person, ...], answers: dict[int, dict[str, Said]],
                audience: str) -> tuple[Supporter, ...]:
    """Everyone who offered help or would bring someone, those offering help first: what the plan can
    draw on ("a wider range of stakeholders are available to offer support", Table 2)."""
    rows = []
    for person in people:
        mine = answers[person.id]
        offer = mine.get(HELP_OFFERED.slot)
        offers = (_mention(person, offer),) if offer and offer.has_content else ()
        # people named to invite are kept for the coordinator, as in merge_invitees
        invited = tuple(s.name for s in person.suggested if s.wanted and visible_to(audience, COORDINATOR))
        times = mine.get(INVITEES_TIMES.slot)
        if offers or invited:
            rows.append(Supporter(person.name, ROLE_LABELS.get(person.role, person.role), offers, invited,
                                  _mention(person, times) if times and times.answered else None))
    return tuple(sorted(rows, key=lambda row: not row.offers))


def check_ins(people: tuple[Person, ...], answers: dict[int, dict[str, Said]]) -> tuple[CheckIn, ...]:
    """Everyone's answers at each check-in after the meeting, newest first."""
    rows = []
    for kind, (working, gaps) in preparation.CHECK_IN_QUESTIONS.items():
        for person in people:
            said = [answers[person.id].get(q.slot) for q in (working, gaps)]
            if not any(said):
                continue
            working_said, gaps_said = said
            needs_a_look = ((working_said is not None and working_said.answered and working_said.value != "working")
                            or (gaps_said is not None and gaps_said.has_content))
            rows.append(CheckIn(person.name, ROLE_LABELS.get(person.role, person.role), kind,
                                *(_mention(person, s) if s else None for s in said), needs_a_look))
    return tuple(sorted(rows, key=lambda row: row.when or datetime.min, reverse=True))


def needs(people: tuple[Person, ...], answers: dict[int, dict[str, Said]]) -> tuple[Need, ...]:
    """Who needs what, grouped by kind in a fixed order."""
    found = []
    for question in NEEDS:
        for person in people:
            said = answers[person.id].get(question.slot)
            if said is None or not said.has_content or said.value in question.not_a_need:
                continue
            if question.yes_no and said.value != YES:
                continue
            found.append(Need(question.need, person.name, "" if said.value == YES else said.words))
    return tuple(found)


def _visible(person: Person, audience: str) -> dict[str, Said]:
    visible: dict[str, Said] = {}
    for said in person.said:
        if visible_to(audience, said.visibility):
            visible[said.key] = said
    return visible


def _mention(person: Person, said: Said) -> Mention:
    return Mention(person.name, said.words, said.visibility, said.when)


def _access_and_safety(people: tuple[Person, ...], answers: dict[int, dict[str, Said]]) -> tuple[Mention, ...]:
    found = []
    for person in people:
        mine = answers[person.id]
        if ACCESS_NEEDS.slot in mine and mine[ACCESS_NEEDS.slot].has_content:
            found.append(Mention(person.name, f"Access: {mine[ACCESS_NEEDS.slot].words}", mine[ACCESS_NEEDS.slot].visibility))
        safe = mine.get(VENUE_SAFE.slot)
        if safe and safe.value not in (YES, SKIPPED):
            found.append(Mention(person.name, f"Not sure everyone can feel safe there (said: {safe.words})",
                                 safe.visibility))
        if SAFETY_WORRY.slot in mine and mine[SAFETY_WORRY.slot].value == YES:
            split = mine.get(SPLIT_MEETING.slot)
            extra = "; would like separate meetings" if split and split.value == YES else ""
            found.append(Mention(person.name, f"Worried about safety at the meeting{extra}",
                                 mine[SAFETY_WORRY.slot].visibility))
    return tuple(found)


def _times(mine: dict[str, Said]) -> frozenset[availability.Slot] | None:
    good, bad = mine.get(GOOD_TIMES.slot), mine.get(BAD_TIMES.slot)
    return availability.availability(good.value if good else None, bad.value if bad else None)


def _times_not_read(people: tuple[Person, ...], answers: dict[int, dict[str, Said]]) -> tuple[Mention, ...]:
    """Times given in words we could not read: the coordinator reads them."""
    found = []
    for person in people:
        for key in (GOOD_TIMES.slot, BAD_TIMES.slot):
            said = answers[person.id].get(key)
            if said and said.has_content and said.value not in availability.CHOICE_SLOTS:
                if not availability.read_times(said.value).understood:
                    found.append(_mention(person, said))
    return tuple(found)


def _young_person(person: Person, mine: dict[str, Said], audience: str) -> YoungPersonViews:
    """Their own path's answers (how they take part, their views), each with its sharing choice,
    and what they sent. Their answers to the family questions are in the other sections."""
    said = tuple((answer_label(s.key), _mention(person, s))
                 for s in sorted(mine.values(), key=_when)
                 if s.topic in YOUNG_PEOPLE_TOPICS and not _is_sharing_choice(s.key) and s.answered)
    sent = tuple(Mention(person.name, s.text or f"A {s.kind} was sent in the chat", s.visibility, s.when)
                 for s in person.sent if visible_to(audience, s.visibility))
    return YoungPersonViews(person.name, said, sent)


def _is_sharing_choice(key: str) -> bool:
    """share_<slot> answers only set who may see <slot>; they are not views."""
    question = QUESTIONS_BY_SLOT.get(key)
    return question is not None and getattr(question, "shares", None) is not None


def _when(said: Said) -> datetime:
    return said.when or datetime.min
