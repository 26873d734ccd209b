"""How many messages a person may send, and which updates were already seen. Pure logic: the caller
gives the time, so tests need no clock.

- `RateLimiter`: at most `limit` messages per `window` seconds per person (a sliding window). The
  first message over the limit gets a note; further ones in the same window get nothing (a flood of
  notes would be a flood of its own).
- `RecentlySeen`: remembers the last `size` update ids, so an update Telegram delivers twice is
  handled once.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import Enum


class Verdict(Enum):
    ALLOW = "allow"
    SLOW_DOWN = "slow_down"  # over the limit: say so, do not pass the message on
    IGNORE = "ignore"  # over the limit and already told


@dataclass
class _Window:
    times: deque
    told_at: float | None = None


class RateLimiter:
    def __init__(self, limit: int = 20, window: float = 60.0, max_people: int = 100_000) -> None:
        self.limit, self.window, self.max_people = limit, window, max_people
        self._windows: dict[object, _Window] = {}

    def check(self, who: object, now: float) -> Verdict:
        window = self._windows.get(who)
        if window is None:
            self._forget_quiet_people(now)
            window = self._windows[who] = _Window(deque())
        while window.times and window.times[0] <= now - self.window:
            window.times.popleft()
        if len(window.times) < self.limit:
            window.times.append(now)
            return Verdict.ALLOW
        if window.told_at is not None and window.told_at > now - self.window:
            return Verdict.IGNORE
        window.told_at = now
        return Verdict.SLOW_DOWN

    def _forget_quiet_people(self, now: float) -> None:
        """Keep memory bounded: drop people with nothing in their window once there are many."""
        if len(self._windows) < self.max_people:
            return
        quiet = [who for who, w in self._windows.items() if not w.times or w.times[-1] <= now - self.window]
        for who in quiet:
            del self._windows[who]


class RecentlySeen:
    def __init__(self, size: int = 10_000) -> None:
        self._order: deque = deque(maxlen=size)
        self._seen: set = set()

    def first_time(self, key: object) -> bool:
        """True the first time `key` is given (among the last `size` keys), False after."""
        if key in self._seen:
            return False
        if len(self._order) == self._order.maxlen:
            self._seen.discard(self._order[0])
        self._order.append(key)
        self._seen.add(key)
        return True
