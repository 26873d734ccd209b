"""When people can come: answers to good_times / bad_times read as day x part-of-day slots, and the
overlap across everyone, best slots first.

Answers are choice codes (weekday_daytime, weekday_evening, weekend, after_school, any) or the
person's own words ("monday or tuesday mornings", "weekdays but not fridays", "not fridays").
Words are read clause by clause; a clause with "not", "no", "except", "can't" ... lists times
that do not work. Anything not understood counts as "not known", never as a guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS, WEEKEND = DAYS[:5], DAYS[5:]
PARTS = ("morning", "afternoon", "after_school", "evening")
PART_WORDS = {"morning": "morning", "afternoon": "afternoon", "after_school": "after school", "evening": "evening"}

Slot = tuple[str, str]  # (day, part)
ALL_SLOTS: frozenset[Slot] = frozenset((d, p) for d in DAYS for p in PARTS)

CHOICE_SLOTS: dict[str, frozenset[Slot]] = {
    "weekday_daytime": frozenset((d, p) for d in WEEKDAYS for p in ("morning", "afternoon")),
    "weekday_evening": frozenset((d, "evening") for d in WEEKDAYS),
    "weekend": frozenset((d, p) for d in WEEKEND for p in PARTS),
    "after_school": frozenset((d, "after_school") for d in WEEKDAYS),
    "any": ALL_SLOTS,
}
NOT_KNOWN = {"skipped", "not_sure", ""}
NOTHING = {"none", "no", "nope", "nothing", "n/a", "na", "nah"}

DAY_WORDS = {
    "monday": ("monday",), "mon": ("monday",), "tuesday": ("tuesday",), "tue": ("tuesday",),
    "tues": ("tuesday",), "wednesday": ("wednesday",), "wed": ("wednesday",), "weds": ("wednesday",),
    "wensday": ("wednesday",), "wednesay": ("wednesday",), "thursday": ("thursday",), "thu": ("thursday",),
    "thur": ("thursday",), "thurs": ("thursday",), "thursay": ("thursday",), "friday": ("friday",),
    "fri": ("friday",), "saturday": ("saturday",), "sat": ("saturday",), "sunday": ("sunday",),
    "sun": ("sunday",), "weekday": WEEKDAYS, "weekdays": WEEKDAYS, "week days": WEEKDAYS,
    "weekend": WEEKEND, "weekends": WEEKEND, "week ends": WEEKEND,
}
DAY_WORDS.update({f"{day}s": (day,) for day in DAYS})  # "not fridays"
PART_WORDS_READ = {
    "morning": ("morning",), "mornings": ("morning",), "am": ("morning",),
    "afternoon": ("afternoon",), "afternoons": ("afternoon",), "lunchtime": ("afternoon",),
    "after school": ("after_school",), "school run": ("after_school",),
    "evening": ("evening",), "evenings": ("evening",), "night": ("evening",), "nights": ("evening",),
    "after work": ("evening",), "teatime": ("evening",),
    "daytime": ("morning", "afternoon"), "day time": ("morning", "afternoon"),
    "during the day": ("morning", "afternoon"), "school hours": ("morning", "afternoon"),
}
ANY_WORDS = {"any", "anytime", "any time", "whenever", "flexible", "all"}
NEGATIONS = {"not", "no", "never", "except", "cant", "can't", "cannot", "dont", "don't", "won't", "wont",
             "avoid", "apart", "busy", "bad", "unavailable", "without", "difficult"}
CLAUSE_BREAK = re.compile(r"[,;.!\n]|\s(?=(?:but|except|apart|although|though)\b)")


@dataclass(frozen=True)
class Reading:
    """What one answer says: times that work, times that do not, and whether any of it was understood."""

    works: frozenset[Slot] | None  # None: it named no times that work
    does_not_work: frozenset[Slot]
    understood: bool


def read_times(text: str, *, ignore_any: bool = False) -> Reading:
    """Read free text about times. "not fridays" alone means every time but Fridays is fine."""
    works: set[Slot] = set()
    does_not: set[Slot] = set()
    understood = named_works = False
    for clause in CLAUSE_BREAK.split(text.lower()):
        tokens = _tokens(clause)
        negative = any(t in NEGATIONS for t in tokens)
        for slots in _groups(tokens, ignore_any):
            understood = True
            if negative:
                does_not |= slots
            else:
                works |= slots
                named_works = True
    return Reading(frozenset(works) if named_works else None, frozenset(does_not), understood)


def availability(good: str | None, bad: str | None) -> frozenset[Slot] | None:
    """The slots one person can make, from their two answers; None when nothing is known."""
    works, does_not, known = _good(good)
    if bad and bad not in NOT_KNOWN and bad not in CHOICE_SLOTS and _first_word(bad) not in NOTHING:
        reading = read_times(bad, ignore_any=True)
        if reading.understood:
            does_not |= (reading.works or frozenset()) | reading.does_not_work
            known = True
    if not known:
        return None
    return (ALL_SLOTS if works is None else works) - does_not


def _good(good: str | None) -> tuple[frozenset[Slot] | None, frozenset[Slot], bool]:
    if good is None or good in NOT_KNOWN or good in NOTHING:
        return None, frozenset(), False
    if good in CHOICE_SLOTS:
        return CHOICE_SLOTS[good], frozenset(), True
    reading = read_times(good)
    return reading.works, reading.does_not_work, reading.understood


@dataclass(frozen=True)
class SlotCount:
    slot: Slot
    can_come: tuple[str, ...]
    cannot_come: tuple[str, ...]

    @property
    def label(self) -> str:
        return slot_label(self.slot)


@dataclass(frozen=True)
class Overlap:
    best: tuple[SlotCount, ...]  # most people first; only slots someone can make
    known: tuple[str, ...]  # people whose times we know
    not_known: tuple[str, ...]  # people who have not said, or whose words we could not read

    @property
    def everyone_can(self) -> tuple[SlotCount, ...]:
        return tuple(s for s in self.best if self.known and not s.cannot_come)


def overlap(people: list[tuple[str, frozenset[Slot] | None]], limit: int = 8) -> Overlap:
    """Count, for every slot, who can come; the best `limit` slots, ties in week order."""
    known = [(name, slots) for name, slots in people if slots is not None]
    counts = []
    for day in DAYS:
        for part in PARTS:
            slot = (day, part)
            can = tuple(name for name, slots in known if slot in slots)
            if can:
                counts.append(SlotCount(slot, can, tuple(name for name, slots in known if slot not in slots)))
    order = {slot: i for i, slot in enumerate((d, p) for d in DAYS for p in PARTS)}
    counts.sort(key=lambda s: (-len(s.can_come), order[s.slot]))
    return Overlap(tuple(counts[:limit]), tuple(n for n, _ in known),
                   tuple(name for name, slots in people if slots is None))


def slot_label(slot: Slot) -> str:
    day, part = slot
    words = "late afternoon" if part == "after_school" and day in WEEKEND else PART_WORDS[part]
    return f"{day.capitalize()} {words}"


def _tokens(clause: str) -> list[str]:
    """Words, with the two- and three-word phrases we know joined into one token."""
    words = re.findall(r"[a-z']+", clause)
    tokens, i = [], 0
    while i < len(words):
        for size in (3, 2):
            phrase = " ".join(words[i:i + size])
            if len(words) - i >= size and (phrase in DAY_WORDS or phrase in PART_WORDS_READ or phrase in ANY_WORDS):
                tokens.append(phrase)
                i += size
                break
        else:
            tokens.append(words[i])
            i += 1
    return tokens


def _groups(tokens: list[str], ignore_any: bool) -> list[frozenset[Slot]]:
    """Days and parts that go together: "monday or tuesday mornings" is one group,
    "tuesday afternoon and thursday evening" two (a day after a part starts a new group)."""
    groups, days, parts, last = [], set(), set(), None
    found_any = False

    def close() -> None:
        if days or parts:
            chosen_days = days or (set(WEEKDAYS) if parts == {"after_school"} else set(DAYS))
            groups.append(frozenset((d, p) for d in chosen_days for p in (parts or PARTS)))

    for token in tokens:
        kind = "day" if token in DAY_WORDS else "part" if token in PART_WORDS_READ else None
        if token in ANY_WORDS and not ignore_any:
            found_any = True
        if kind is None:
            continue
        if days and parts and last != kind:
            close()
            days, parts = set(), set()
        (days if kind == "day" else parts).update(DAY_WORDS.get(token) or PART_WORDS_READ[token])
        last = kind
    close()
    if not groups and found_any:
        groups.append(ALL_SLOTS)
    return groups


def _first_word(text: str) -> str:
    words = re.findall(r"[a-z/']+", text.lower())
    return words[0] if words else ""
