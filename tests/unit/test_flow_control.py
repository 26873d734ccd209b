"""The per-person message limit and the memory of updates already handled."""
from hypothesis import given, strategies as st

from bot.domain.flow_control import RateLimiter, RecentlySeen, Verdict


def test_twenty_messages_a_minute_pass_the_next_gets_one_note_and_the_rest_nothing():
    limiter = RateLimiter(limit=20, window=60)
    verdicts = [limiter.check("sam", now=float(second)) for second in range(23)]
    assert verdicts[:20] == [Verdict.ALLOW] * 20
    assert verdicts[20:] == [Verdict.SLOW_DOWN, Verdict.IGNORE, Verdict.IGNORE]


def test_messages_pass_again_once_the_minute_has_moved_on():
    limiter = RateLimiter(limit=2, window=60)
    assert [limiter.check("sam", now) for now in (0, 1, 2)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.SLOW_DOWN]
    assert limiter.check("sam", now=60.5) == Verdict.ALLOW
    assert limiter.check("sam", now=61.5) == Verdict.ALLOW
    assert limiter.check("sam", now=61.9) == Verdict.IGNORE  # told at 2s, less than a minute ago
    assert limiter.check("sam", now=62.5) == Verdict.SLOW_DOWN  # told over a minute ago: told again


def test_one_persons_flood_does_not_slow_anyone_else():
    limiter = RateLimiter(limit=3, window=60)
    for _ in range(10):
        limiter.check("sam", now=0)
    assert limiter.check("jo", now=0) == Verdict.ALLOW


def test_quiet_people_are_forgotten_so_memory_stays_bounded():
    limiter = RateLimiter(limit=3, window=60, max_people=100)
    for person in range(1000):
        limiter.check(person, now=float(person * 61))
    assert len(limiter._windows) <= 100


@given(st.lists(st.floats(min_value=0, max_value=600, allow_nan=False), max_size=200))
def test_never_more_than_the_limit_pass_in_any_window(times):
    limiter = RateLimiter(limit=5, window=60)
    passed = [now for now in sorted(times) if limiter.check("sam", now) == Verdict.ALLOW]
    assert all(sum(1 for t in passed if start - 60 < t <= start) <= 5 for start in passed)


def test_an_update_is_first_seen_once():
    seen = RecentlySeen(size=3)
    assert [seen.first_time(i) for i in (1, 2, 1, 3, 2)] == [True, True, False, True, False]


def test_only_the_most_recent_updates_are_remembered():
    seen = RecentlySeen(size=3)
    for update_id in range(1, 6):
        seen.first_time(update_id)
    assert seen.first_time(5) is False
    assert seen.first_time(1) is True  # long gone from memory
    assert len(seen._seen) <= 3
