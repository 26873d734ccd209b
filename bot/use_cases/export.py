"""Exporting a meeting: everything its participants told the assistant, as CSV or JSON
(`meeting-prep export`; the web page's CSV reads the same rows, bot.domain.export)."""
from __future__ import annotations

from typing import Callable

from bot.domain.export import as_csv, as_json
from bot.store.unit_of_work import SqlUnitOfWork
from bot.use_cases.unit_of_work import UnitOfWork


class NoSuchMeeting(Exception):
    """No meeting with that number or exact title."""


def export_meeting(meeting: str, fmt: str, uow: Callable[..., UnitOfWork] = SqlUnitOfWork) -> str:
    with uow(read_only=True) as work:
        found = work.meetings.find(meeting)
        if found is None:
            raise NoSuchMeeting(meeting)
        record = work.records.get(found.id)
    return as_csv(record) if fmt == "csv" else as_json(record)
