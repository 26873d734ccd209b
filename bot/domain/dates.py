"""Dates as the assistant says them in the chat: "Thursday 10 December", "Thursday 10 December at 14:00"
(no year: it is always the coming one). The coordinator's page says them with the year."""
from __future__ import annotations

from datetime import date, datetime


def day_in_words(day: date, with_year: bool = False) -> str:
    return f"{day:%A} {day.day} {day:%B}" + (f" {day:%Y}" if with_year else "")


def time_in_words(moment: datetime, with_year: bool = False) -> str:
    return f"{day_in_words(moment, with_year)} at {moment:%H:%M}"
