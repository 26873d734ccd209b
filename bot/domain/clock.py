"""Times as people in the UK read them. Stored times are UTC without a time zone."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    UK = ZoneInfo("Europe/London")
except ZoneInfoNotFoundError:  # no time zone data installed: show UTC
    UK = timezone.utc


def utcnow() -> datetime:
    """Now, as times are stored: UTC without a time zone."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def uk_time(moment: datetime | None) -> str:
    """A stored time (UTC) as UK time: 'Tue 3 Dec 2026, 10:05'."""
    if moment is None:
        return ""
    local = moment.replace(tzinfo=timezone.utc).astimezone(UK)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"
