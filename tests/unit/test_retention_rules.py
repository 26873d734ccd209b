"""Which meetings' answers are due for deletion, and for how long they are kept."""
from datetime import datetime

import pytest

from bot.domain.retention import DEFAULT_KEEP_DAYS, MeetingDate, due_for_deletion, keep_days

NOW = datetime(2026, 6, 1, 12, 0)


def test_answers_are_kept_90_days_unless_retention_days_says_otherwise():
    assert keep_days({}) == DEFAULT_KEEP_DAYS == 90
    assert keep_days({"RETENTION_DAYS": "30"}) == 30
    assert keep_days({"RETENTION_DAYS": "30"}, given=7) == 7  # the command line wins


@pytest.mark.parametrize("raw", ["ninety", "-5", "1.5"])
def test_a_retention_setting_that_is_not_a_number_of_days_is_refused_clearly(raw):
    with pytest.raises(ValueError, match="days"):
        keep_days({"RETENTION_DAYS": raw})


def test_only_meetings_more_than_the_kept_days_in_the_past_are_due_oldest_first():
    meetings = [
        MeetingDate(1, datetime(2026, 3, 2, 12, 0)),   # 91 days ago
        MeetingDate(2, datetime(2026, 3, 4, 12, 0)),   # 89 days ago
        MeetingDate(3, datetime(2025, 1, 1, 10, 0)),   # long ago
        MeetingDate(4, datetime(2026, 7, 1, 10, 0)),   # still to come
        MeetingDate(5, None),                          # to be agreed
    ]
    assert due_for_deletion(meetings, NOW, days=90) == [3, 1]


def test_a_meeting_with_no_date_yet_is_never_due():
    assert due_for_deletion([MeetingDate(1, None)], NOW, days=0) == []


def test_with_zero_days_every_past_meeting_is_due():
    assert due_for_deletion([MeetingDate(1, datetime(2026, 6, 1, 11, 0))], NOW, days=0) == [1]
