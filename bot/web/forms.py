"""Reading the set-up forms: what was typed, and kind words for anything that needs fixing."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from starlette.datastructures import FormData

from bot.domain.people import PARTICIPANT_ROLES, PROFESSIONAL_ROLES
from bot.domain.records import MeetingRecord

MEETING_KINDS = ("family group conference", "family network meeting", "family meeting")
BLANK_PROFESSIONAL_ROWS = 3
MAX_PROFESSIONALS = 30


@dataclass
class MeetingForm:
    title: str = ""
    kind: str = MEETING_KINDS[0]
    date: str = ""
    time: str = ""
    place: str = ""
    professionals: list[tuple[str, str]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    review: str = ""  # the review meeting's date, once set

    @property
    def review_on(self) -> date | None:
        return _read_date(self.review)

    @property
    def scheduled_at(self) -> datetime | None:
        day, at = _read_date(self.date), _read_time(self.time)
        return datetime.combine(day, at) if day and at else None

    def rows(self) -> list[tuple[str, str]]:
        """Professionals plus a few empty rows to add more (no JavaScript needed)."""
        return self.professionals + [("", "")] * BLANK_PROFESSIONAL_ROWS


def meeting_form_from(meeting: MeetingRecord) -> MeetingForm:
    when = meeting.scheduled_at
    return MeetingForm(meeting.title, meeting.kind, f"{when:%Y-%m-%d}" if when else "",
                       f"{when:%H:%M}" if when else "", meeting.place or "",
                       list(meeting.professionals),
                       review=f"{meeting.review_on:%Y-%m-%d}" if meeting.review_on else "")


def read_meeting_form(form: FormData) -> MeetingForm:
    result = MeetingForm(_text(form, "title"), _text(form, "kind"), _text(form, "date"), _text(form, "time"),
                         _text(form, "place"), review=_text(form, "review"))
    if not result.title:
        result.errors["title"] = "Please give the meeting a title, for example the family's name."
    elif len(result.title) > 200:
        result.errors["title"] = "Please keep the title under 200 characters."
    if len(result.place) > 200:
        result.errors["place"] = "Please keep the place under 200 characters."
    if result.kind not in MEETING_KINDS:
        result.errors["kind"] = "Please choose the type of meeting from the list."
        result.kind = MEETING_KINDS[0]
    if result.date or result.time:
        if not _read_date(result.date):
            result.errors["date"] = ("Please give the date as day/month/year, for example 03/12/2026, "
                                     "or leave both empty.")
        if not _read_time(result.time):
            result.errors["time"] = "Please give a time like 10:00 as well as the date, or leave both empty."
    if result.review and not result.review_on:
        result.errors["review"] = "Please give the review date as day/month/year, for example 03/03/2027, or leave it empty."
    elif result.review_on and result.scheduled_at and result.review_on <= result.scheduled_at.date():
        result.errors["review"] = "The review comes after the meeting: please check the two dates."
    for i in range(MAX_PROFESSIONALS + BLANK_PROFESSIONAL_ROWS):
        name, role = _text(form, f"professional_name_{i}"), _text(form, f"professional_role_{i}")
        if not name:
            continue
        result.professionals.append((name[:120], role))
        if role not in PROFESSIONAL_ROLES:
            result.errors["professionals"] = f"Please choose a role for {name[:120]}."
    return result


@dataclass
class ParticipantForm:
    name: str = ""
    role: str = PARTICIPANT_ROLES[0]
    errors: dict[str, str] = field(default_factory=dict)


def read_participant_form(form: FormData) -> ParticipantForm:
    result = ParticipantForm(_text(form, "name"), _text(form, "role"))
    if not result.name:
        result.errors["name"] = "Please give the person's name, as they would like to be called."
    elif len(result.name) > 120:
        result.errors["name"] = "Please keep the name under 120 characters."
    if result.role not in PARTICIPANT_ROLES:
        result.errors["role"] = "Please choose how they take part from the list."
        result.role = PARTICIPANT_ROLES[0]
    return result


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return " ".join(value.split()) if isinstance(value, str) else ""


def _read_date(text: str) -> date | None:
    """2026-12-03 (from a date field) or 3/12/2026 (typed)."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _read_time(text: str) -> time | None:
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))
