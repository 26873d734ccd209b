"""A coordinator setting up their meetings (bot/use_cases/meeting_setup.py), on a fake unit of work. The
web page runs them on the database in tests/integration/test_web.py."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.domain.invite_codes import code_state
from bot.domain.records import Flag, InviteCode, MeetingDetails, TelegramLink
from bot.use_cases import invite_codes, meeting_setup, reading
from fakes.fake_unit_of_work import FakeUnitOfWork

NOW = datetime(2026, 12, 3, 9, 0)
AMIRA, BEN = TelegramLink(1, "Amira Khan", None, None, None), TelegramLink(2, "Ben Ode", None, None, None)
DETAILS = MeetingDetails("Smith family meeting", scheduled_at=NOW + timedelta(days=9),
                         professionals=(("Jo", "social_worker"),), place="Family centre", review_on=date(2027, 3, 1))


def fake() -> FakeUnitOfWork:
    return FakeUnitOfWork(NOW, coordinators=[AMIRA, BEN])


def test_a_new_meeting_is_theirs_named_as_coordinated_by_them_and_audited():
    work = fake()
    meeting_id = meeting_setup.set_up_meeting(1, DETAILS, uow=work)
    record = meeting_setup.meeting_details(1, meeting_id, uow=work)
    assert (record.title, record.coordinator_name, record.professionals, record.place, record.review_on) == (
        "Smith family meeting", "Amira Khan", (("Jo", "social_worker"),), "Family centre", date(2027, 3, 1))
    assert work.audit.entries == [(1, "changed", "meeting created", meeting_id, None)]
    with pytest.raises(reading.NotYourMeeting):
        meeting_setup.meeting_details(2, meeting_id, uow=work)


def test_changing_the_details_replaces_them_and_only_the_owner_may():
    work = fake()
    meeting_id = meeting_setup.set_up_meeting(1, DETAILS, uow=work)
    changed = MeetingDetails("Smith family meeting (moved)", professionals=(("Raj", "health_visitor"),))
    with pytest.raises(reading.NotYourMeeting):
        meeting_setup.change_meeting(2, meeting_id, changed, uow=work)
    meeting_setup.change_meeting(1, meeting_id, changed, uow=work)
    record = meeting_setup.meeting_details(1, meeting_id, uow=work)
    assert (record.title, record.scheduled_at, record.professionals) == (
        "Smith family meeting (moved)", None, (("Raj", "health_visitor"),))
    assert work.audit.entries[-1] == (1, "changed", "meeting details", meeting_id, None)


def test_the_list_has_only_their_meetings_soonest_first_with_how_far_people_got():
    work = fake()
    later = meeting_setup.set_up_meeting(1, DETAILS, uow=work)
    sooner = meeting_setup.set_up_meeting(1, MeetingDetails("Jones", scheduled_at=NOW + timedelta(days=2)), uow=work)
    undated = meeting_setup.set_up_meeting(1, MeetingDetails("Patel"), uow=work)
    meeting_setup.set_up_meeting(2, MeetingDetails("Ben's"), uow=work)
    invite_codes.add_participant(sooner, "Sam", "young_person", uow=work)
    work.flags.rows[1] = Flag(1, "physical_abuse", NOW, meeting_id=sooner)
    listed = meeting_setup.my_meetings(1, uow=work)
    assert [m.id for m in listed] == [sooner, later, undated]
    assert (listed[0].invited, listed[0].joined, listed[0].urgent) == (1, 0, 1)


def test_the_invite_list_shows_each_code_and_seeing_it_is_audited_unless_the_form_is_shown_again():
    work = fake()
    meeting_id = meeting_setup.set_up_meeting(1, DETAILS, uow=work)
    added = invite_codes.add_participant(meeting_id, "Sam", "young_person", by=1, uow=work)
    _, codes = meeting_setup.invite_list(1, meeting_id, uow=work)
    assert codes == [added]
    meeting_setup.invite_list(1, meeting_id, audited=False, uow=work)
    assert [e[2] for e in work.audit.entries] == ["meeting created", "participant added",
                                                  "participants and invite links"]
    with pytest.raises(reading.NotYourMeeting):
        meeting_setup.invite_list(2, meeting_id, uow=work)


@pytest.mark.parametrize("revoked, expires, in_use, state", [
    (NOW, NOW + timedelta(days=1), True, "revoked"),
    (None, NOW - timedelta(seconds=1), True, "expired"),
    (None, NOW + timedelta(days=1), True, "in use"),
    (None, None, False, "not used yet"),  # a code made before codes expired still works
])
def test_what_the_coordinator_is_told_of_a_code(revoked, expires, in_use, state):
    code = InviteCode(1, 1, "Sam", "young_person", "ABC", expires, revoked, in_use)
    assert code_state(code.revoked_at, code.expires_at, code.in_use, NOW) == state
