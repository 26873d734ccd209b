"""What a coordinator reads about their meeting (bot/use_cases/reading.py), on a fake unit of work: only
their own meetings, and every reading in the audit log. tests/integration/test_web.py runs them on the
database through the web page."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.domain.records import MeetingRecord, Person, TelegramLink
from bot.use_cases import reading
from fakes.fake_unit_of_work import FakeUnitOfWork

NOW = datetime(2026, 12, 3, 18, 0)
AMIRA, BEN = TelegramLink(1, "Amira Khan", None, None, None), TelegramLink(2, "Ben Ode", None, None, None)
SAM = Person(11, "Sam", "young_person")
MEETING = MeetingRecord(3, "Family meeting for Sam", "family group conference", None, "Amira Khan", people=(SAM,))


def fake() -> FakeUnitOfWork:
    return FakeUnitOfWork(NOW, coordinators=[AMIRA, BEN], meetings=[MEETING], owners={3: 1})


def test_reading_a_meeting_gives_it_and_writes_what_was_read_in_the_audit_log():
    work = fake()
    assert reading.read_meeting(1, 3, "consolidated view", uow=work) == MEETING
    assert reading.export_meeting(1, 3, "CSV export", uow=work) == MEETING
    assert work.audit.entries == [(1, "viewed", "consolidated view", 3, None), (1, "exported", "CSV export", 3, None)]


@pytest.mark.parametrize("read", [
    lambda work: reading.read_meeting(2, 3, "readiness", uow=work),
    lambda work: reading.export_meeting(2, 3, "printable summary", uow=work),
    lambda work: reading.read_person(2, 3, 11, uow=work),
    lambda work: reading.read_audit_log(2, 3, uow=work),
    lambda work: reading.check_owner(2, 3, uow=work),
    lambda work: reading.read_meeting(1, 99, "readiness", uow=work),  # no such meeting: the same answer
])
def test_another_coordinators_meeting_is_not_read_and_nothing_is_logged(read):
    work = fake()
    with pytest.raises(reading.NotYourMeeting):
        read(work)
    assert work.audit.entries == []


def test_one_persons_answers_name_them_in_the_audit_log():
    work = fake()
    record, person = reading.read_person(1, 3, 11, uow=work)
    assert person == SAM and record == MEETING
    assert work.audit.entries == [(1, "viewed", "one participant's answers", 3, 11)]
    with pytest.raises(reading.NoSuchParticipant):
        reading.read_person(1, 3, 12, uow=work)


def test_the_audit_log_names_who_did_what_newest_first_and_reading_it_is_not_logged():
    work = fake()
    reading.read_meeting(1, 3, "readiness", uow=work)
    reading.read_person(1, 3, 11, uow=work)
    _, lines = reading.read_audit_log(1, 3, uow=work)
    assert [(line.by, line.action, line.what, line.participant) for line in lines] == [
        ("Amira Khan", "viewed", "one participant's answers", "Sam"), ("Amira Khan", "viewed", "readiness", None)]
    assert len(work.audit.entries) == 2
