"""Dates as the assistant says them in the chat: "Thursday 10 December", "Thursday 10 December at 14:00"
(no year: it is always the coming one). The coordinator's page says them with the year (bot/web/pages.py)."""
from __future__ import annotations

from datetime import date, datetime


def day_in_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def time_in_words(moment: datetime) -> str:
    return f"{day_in_words(moment)} at {moment:%H:%M}"
