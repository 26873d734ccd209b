"""The limit on invite codes that did not work: five in any 15 minutes per chat."""
from datetime import datetime, timedelta

from bot.domain.join_attempts import MAX_FAILED_CODES, WINDOW, may_try_code, window_start

NOW = datetime(2026, 12, 1, 10, 0)


def minutes_ago(*minutes: float) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in minutes]


def test_a_chat_with_fewer_than_five_recent_failures_may_try_again():
    assert may_try_code([], NOW)
    assert may_try_code(minutes_ago(1, 2, 3, 4), NOW)


def test_the_sixth_try_within_15_minutes_is_refused():
    assert MAX_FAILED_CODES == 5 and WINDOW == timedelta(minutes=15)
    assert not may_try_code(minutes_ago(0, 1, 2, 3, 14), NOW)


def test_failures_older_than_15_minutes_no_longer_count():
    assert may_try_code(minutes_ago(1, 2, 3, 4, 15), NOW)
    assert may_try_code(minutes_ago(16, 20, 30, 40, 50, 60), NOW)


def test_one_failure_leaving_the_window_frees_one_try():
    failures = minutes_ago(14.5, 10, 9, 8, 7)
    assert not may_try_code(failures, NOW)
    assert may_try_code(failures, NOW + timedelta(minutes=1))


def test_a_failure_stamped_a_little_in_the_future_still_counts():
    """Another action server's clock may be slightly ahead."""
    assert not may_try_code(minutes_ago(-1, 1, 2, 3, 4), NOW)


def test_the_limit_and_window_can_be_set():
    assert not may_try_code(minutes_ago(1, 2), NOW, limit=2)
    assert may_try_code(minutes_ago(3, 4), NOW, limit=2, window=timedelta(minutes=2))
    assert window_start(NOW) == NOW - WINDOW
