"""Which reminders a participant gets and when, with the clock given (a fake clock)."""
from datetime import datetime, timedelta

from bot.domain.reminders import AFTER, DAY_BEFORE, THREE_DAYS_BEFORE, WEEK_BEFORE, due, planned, reminder_text

MEETING = datetime(2026, 12, 10, 14, 0)  # a Thursday afternoon


def kinds(reminders):
    return [r.kind for r in reminders]


def test_four_reminders_at_ten_in_the_morning():
    assert [(r.kind, r.at) for r in planned(MEETING)] == [
        (WEEK_BEFORE, datetime(2026, 12, 3, 10, 0)), (THREE_DAYS_BEFORE, datetime(2026, 12, 7, 10, 0)),
        (DAY_BEFORE, datetime(2026, 12, 9, 10, 0)), (AFTER, datetime(2026, 12, 12, 10, 0))]


def test_a_date_set_a_month_ahead_gets_all_four():
    assert kinds(due(MEETING, datetime(2026, 11, 10, 9, 0), set())) == [WEEK_BEFORE, THREE_DAYS_BEFORE, DAY_BEFORE, AFTER]


def test_a_date_set_four_days_ahead_skips_the_week_before():
    assert kinds(due(MEETING, datetime(2026, 12, 6, 12, 0), set())) == [THREE_DAYS_BEFORE, DAY_BEFORE, AFTER]


def test_a_reminder_missed_during_a_restart_is_sent_now_rather_than_lost():
    now = datetime(2026, 12, 7, 11, 30)  # the bot was down at 10:00
    first = due(MEETING, now, set())[0]
    assert (first.kind, first.at) == (THREE_DAYS_BEFORE, now)


def test_a_reminder_missed_by_more_than_half_a_day_is_dropped():
    assert kinds(due(MEETING, datetime(2026, 12, 7, 22, 1), set())) == [DAY_BEFORE, AFTER]


def test_reminders_already_sent_are_never_sent_again():
    assert kinds(due(MEETING, datetime(2026, 12, 7, 10, 5), {THREE_DAYS_BEFORE})) == [DAY_BEFORE, AFTER]


def test_once_the_meeting_starts_only_the_after_reminder_is_left():
    assert kinds(due(MEETING, MEETING + timedelta(minutes=1), set())) == [AFTER]
    assert due(MEETING, datetime(2026, 12, 13, 10, 0), set()) == []


def test_the_messages_say_what_each_is_for():
    assert "Have you got the reports" in reminder_text(THREE_DAYS_BEFORE, "Sam", MEETING, None, "Amira", "parent")
    # wider family and friends get no reports, so they are not asked about them
    assert "reports" not in reminder_text(THREE_DAYS_BEFORE, "Sam", MEETING, None, "Amira", "friend")
    day_before = reminder_text(DAY_BEFORE, "Sam", MEETING, "Hope Community Centre", "Amira")
    assert "tomorrow: Thursday 10 December at 14:00, at Hope Community Centre" in day_before
    assert "Amira can tell you where" in reminder_text(DAY_BEFORE, "Sam", MEETING, None, "Amira")
    assert "copy of the plan" in reminder_text(AFTER, "Sam", MEETING, None, "Amira")
    assert "anything you'd like to add" in reminder_text(WEEK_BEFORE, "Sam", MEETING, None, "Amira")
