"""Which reminders a participant gets and when, with the clock given (a fake clock)."""
from datetime import datetime, timedelta

from datetime import date

from bot.domain.reminders import (AFTER, BEFORE_REVIEW, CHECK_IN, DAY_BEFORE, THREE_DAYS_BEFORE, WEEK_BEFORE, due,
                                 planned, reminder_text)

MEETING = datetime(2026, 12, 10, 14, 0)  # a Thursday afternoon


def kinds(reminders):
    return [r.kind for r in reminders]


def test_four_reminders_and_a_check_in_three_weeks_later_at_ten_in_the_morning():
    assert [(r.kind, r.at) for r in planned(MEETING)] == [
        (WEEK_BEFORE, datetime(2026, 12, 3, 10, 0)), (THREE_DAYS_BEFORE, datetime(2026, 12, 7, 10, 0)),
        (DAY_BEFORE, datetime(2026, 12, 9, 10, 0)), (AFTER, datetime(2026, 12, 12, 10, 0)),
        (CHECK_IN, datetime(2026, 12, 31, 10, 0))]


def test_a_review_date_adds_a_check_in_a_week_before_it():
    review = planned(MEETING, review_on=date(2027, 3, 11))
    assert [(r.kind, r.at) for r in review[-2:]] == [(CHECK_IN, datetime(2026, 12, 31, 10, 0)),
                                                      (BEFORE_REVIEW, datetime(2027, 3, 4, 10, 0))]


def test_a_review_soon_after_the_three_week_check_in_replaces_it():
    assert kinds(planned(MEETING, review_on=date(2027, 1, 8)))[-2:] == [AFTER, BEFORE_REVIEW]  # a week after it
    assert kinds(planned(MEETING, review_on=date(2027, 1, 14)))[-2:] == [CHECK_IN, BEFORE_REVIEW]
    # a review within a week of the meeting is checked on the day after the meeting, never before it
    soon = planned(MEETING, review_on=date(2026, 12, 14))
    assert [(r.kind, r.at) for r in soon[-2:]] == [(BEFORE_REVIEW, datetime(2026, 12, 11, 10, 0)),
                                                    (AFTER, datetime(2026, 12, 12, 10, 0))]
    assert planned(MEETING, review_on=date(2026, 12, 1)) == planned(MEETING)  # a review date before it: a slip


def test_a_date_set_a_month_ahead_gets_them_all():
    assert kinds(due(MEETING, datetime(2026, 11, 10, 9, 0), set())) == [WEEK_BEFORE, THREE_DAYS_BEFORE, DAY_BEFORE, AFTER,
                                                                        CHECK_IN]


def test_a_date_set_four_days_ahead_skips_the_week_before():
    assert kinds(due(MEETING, datetime(2026, 12, 6, 12, 0), set())) == [THREE_DAYS_BEFORE, DAY_BEFORE, AFTER, CHECK_IN]


def test_a_reminder_missed_during_a_restart_is_sent_now_rather_than_lost():
    now = datetime(2026, 12, 7, 11, 30)  # the bot was down at 10:00
    first = due(MEETING, now, set())[0]
    assert (first.kind, first.at) == (THREE_DAYS_BEFORE, now)


def test_a_reminder_missed_by_more_than_half_a_day_is_dropped():
    assert kinds(due(MEETING, datetime(2026, 12, 7, 22, 1), set())) == [DAY_BEFORE, AFTER, CHECK_IN]


def test_reminders_already_sent_are_never_sent_again():
    assert kinds(due(MEETING, datetime(2026, 12, 7, 10, 5), {THREE_DAYS_BEFORE})) == [DAY_BEFORE, AFTER, CHECK_IN]


def test_once_the_meeting_starts_only_the_ones_after_it_are_left():
    review = date(2027, 3, 11)
    assert kinds(due(MEETING, MEETING + timedelta(minutes=1), set(), review_on=review)) == [AFTER, CHECK_IN, BEFORE_REVIEW]
    assert kinds(due(MEETING, datetime(2026, 12, 13, 10, 0), set(), review_on=review)) == [CHECK_IN, BEFORE_REVIEW]
    assert kinds(due(MEETING, datetime(2027, 1, 1, 10, 0), {CHECK_IN}, review_on=review)) == [BEFORE_REVIEW]
    assert due(MEETING, datetime(2027, 1, 1, 10, 0), {CHECK_IN}) == []


def test_the_messages_say_what_each_is_for():
    assert "Have you got the reports" in reminder_text(THREE_DAYS_BEFORE, "Sam", MEETING, None, "Amira", "parent")
    # wider family and friends get no reports, so they are not asked about them
    assert "reports" not in reminder_text(THREE_DAYS_BEFORE, "Sam", MEETING, None, "Amira", "friend")
    day_before = reminder_text(DAY_BEFORE, "Sam", MEETING, "Hope Community Centre", "Amira")
    assert "tomorrow: Thursday 10 December at 14:00, at Hope Community Centre" in day_before
    assert "Amira can tell you where" in reminder_text(DAY_BEFORE, "Sam", MEETING, None, "Amira")
    assert "copy of the plan" in reminder_text(AFTER, "Sam", MEETING, None, "Amira")
    assert "anything you'd like to add" in reminder_text(WEEK_BEFORE, "Sam", MEETING, None, "Amira")
