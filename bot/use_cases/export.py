"""Exporting a meeting: everything its participants told the assistant, as CSV or JSON
(`meeting-prep export`; the web page's CSV reads the same rows, bot.domain.export)."""
from __future__ import annotations

from typing import Callable

from bot.domain.export import as_csv, as_json
from bot.store import repository
from bot.store.db import unit_of_work
from bot.store.records import meeting_record


class NoSuchMeeting(Exception):
    """No meeting with that number or exact title."""


def export_meeting(meeting: str, fmt: str, uow: Callable = unit_of_work) -> str:
    with uow(read_only=True) as session:
        found = repository.find_meeting(session, meeting)
        if found is None:
            raise NoSuchMeeting(meeting)
        record = meeting_record(session, found)
    return as_csv(record) if fmt == "csv" else as_json(record)
