"""The rules of logging in (bot/domain/logins.py): session limits, waits after wrong tries, passwords."""
from datetime import datetime, timedelta

from bot.domain import logins

T0 = datetime(2026, 12, 2, 9, 0)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def test_a_session_ends_after_30_minutes_idle_or_12_hours_in_all_or_when_revoked():
    assert logins.session_alive(T0, T0 + minutes(100), None, T0 + minutes(129))
    assert not logins.session_alive(T0, T0 + minutes(100), None, T0 + minutes(130))  # idle
    used_all_day = T0 + timedelta(hours=12) - minutes(1)
    assert logins.session_alive(T0, used_all_day, None, used_all_day)
    assert not logins.session_alive(T0, used_all_day, None, T0 + timedelta(hours=12))  # absolute
    assert not logins.session_alive(T0, T0, T0, T0 + minutes(1))  # logged out


def test_a_few_wrong_passwords_are_free_then_each_next_try_waits_longer():
    failures = [T0 + timedelta(seconds=s) for s in (0, 10, 20)]
    assert logins.wait_before_trying(failures[:2], [], T0 + timedelta(seconds=11)) == timedelta(0)
    assert logins.wait_before_trying(failures, [], T0 + timedelta(seconds=20)) == timedelta(seconds=2)
    more = failures + [T0 + timedelta(seconds=s) for s in (30, 40, 50)]
    assert logins.wait_before_trying(more, [], T0 + timedelta(seconds=50)) == timedelta(seconds=16)
    many = [T0 + timedelta(seconds=s) for s in range(0, 300, 25)]
    assert logins.wait_before_trying(many, [], many[-1]) == logins.MAX_DELAY
    assert logins.wait_before_trying(many, [], many[-1] + logins.MAX_DELAY) == timedelta(0)


def test_failures_far_apart_do_not_build_up_delays():
    apart = [T0 + minutes(20 * n) for n in range(3)]  # one every 20 minutes
    assert logins.wait_before_trying(apart, [], apart[-1] + timedelta(seconds=1)) == timedelta(0)


def test_an_account_or_an_address_takes_at_most_100_wrong_tries_an_hour():
    spread = [T0 + timedelta(seconds=36 * n) for n in range(100)]
    now = spread[-1] + timedelta(seconds=1)
    assert logins.wait_before_trying([], spread, now) == spread[0] + logins.WINDOW - now  # from one address
    assert logins.wait_before_trying([], spread[1:], now) == timedelta(0)
    assert logins.wait_before_trying(spread, [], now) >= spread[0] + logins.WINDOW - now  # against one account


def test_passwords_short_common_or_made_of_ones_own_name_are_refused():
    assert "12 characters" in logins.password_problem("tiny-pass", [])
    for weak in ("password1234", "qwertyuiop12", "iloveyou1234", "Password123!"):
        assert "too easy to guess" in logins.password_problem(weak, [])
    assert "too easy to guess" in logins.password_problem("amirakhan1234", ["amira@example.org", "Amira Khan"])
    assert logins.password_problem("correct horse battery", []) is None
    assert logins.password_problem("plum ferry lantern otter", ["Amira Khan"]) is None
