"""How many wrong invite codes one chat may try: at most `MAX_FAILED_CODES` in any
`WINDOW`. Pure logic: the caller gives the failures it has stored and the time.

Codes are ten characters from 31 (about 8 * 10^14 codes), so guessing one is already hopeless; the
limit stops a script from trying at all. Every kind of failure counts (unknown, used on another
phone, expired or revoked): each tells a guesser something. A success does not wipe the count, or
someone with one good code could reset it between guesses. Tries made while blocked are not
counted, so a person who keeps trying is not locked out for longer: the oldest failure leaving the
window frees one try.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable

MAX_FAILED_CODES = 5
WINDOW = timedelta(minutes=15)


def window_start(now: datetime, window: timedelta = WINDOW) -> datetime:
    """Failures at or before this time no longer count."""
    return now - window


def may_try_code(failed_at: Iterable[datetime], now: datetime,
                 limit: int = MAX_FAILED_CODES, window: timedelta = WINDOW) -> bool:
    """True while the chat has had fewer than `limit` failed codes in the `window` before `now`."""
    start = window_start(now, window)
    return sum(1 for when in failed_at if when > start) < limit  # a clock a little ahead still counts
