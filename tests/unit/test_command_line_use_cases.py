"""What the command line does on the server (coordinator accounts, the demo, meetings made there, flags,
export, retention), on a fake unit of work; tests/integration/test_cli.py and
test_invite_codes_and_accounts.py run the same commands on the database."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.domain.invite_codes import CODE_LIFETIME
from bot.domain.preparation import VENUE_CHOICE
from bot.domain.records import Flag, MeetingDetails
from bot.use_cases import chat, coordinators, demo, export, flags, invite_codes, meeting_setup, retention
from fakes.fake_unit_of_work import FakeUnitOfWork

NOW = datetime(2026, 12, 3, 9, 0)
STRONG = "plum lantern quietly orbiting"


def test_a_coordinator_account_and_a_meeting_made_here_given_to_them_by_email():
    work = FakeUnitOfWork(NOW)
    coordinator_id = coordinators.add_coordinator(" Amira@Example.org ", "Amira Khan", STRONG, uow=work)
    assert coordinators.account_of("amira@example.org", uow=work) == coordinator_id
    with pytest.raises(ValueError, match="already"):
        coordinators.add_coordinator("amira@example.org", "Amira", STRONG, uow=work)
    meeting_id = meeting_setup.set_up_unassigned_meeting("Amira Khan", MeetingDetails("Smith"), uow=work)
    assert meeting_setup.my_meetings(coordinator_id, uow=work) == []
    meeting, name = coordinators.give_meeting_to("Smith", "amira@example.org", uow=work)
    assert (meeting.id, name) == (meeting_id, "Amira Khan")
    assert [m.id for m in meeting_setup.my_meetings(coordinator_id, uow=work)] == [meeting_id]
    with pytest.raises(export.NoSuchMeeting):
        coordinators.give_meeting_to("Jones", "amira@example.org", uow=work)
    with pytest.raises(coordinators.NoSuchCoordinator):
        coordinators.give_meeting_to(str(meeting_id), "ben@example.org", uow=work)


def test_the_demo_is_made_once_its_code_renewed_when_old_and_its_coordinator_owns_it():
    work = FakeUnitOfWork(NOW)
    people = [("Sam", "parent"), ("Pat", "wider_family")]
    code = demo.demo_meeting(MeetingDetails("Demo"), "Amira Khan", people, NOW, uow=work)
    assert demo.demo_meeting(MeetingDetails("Demo"), "Amira Khan", people, NOW, uow=work) == code
    assert len(work.participants.rows) == 2
    later = NOW + CODE_LIFETIME + timedelta(days=1)
    work.participants.now = later
    assert demo.demo_meeting(MeetingDetails("Demo"), "Amira Khan", people, later, uow=work) != code
    demo.demo_coordinator("Demo", "demo@example.org", "Amira Khan", STRONG, NOW, uow=work)
    demo.demo_coordinator("Demo", "demo@example.org", "Amira Khan", STRONG + " again", NOW, uow=work)
    owner = coordinators.account_of("demo@example.org", uow=work)
    assert work.logins.accounts[owner].password == STRONG + " again"
    assert [m.title for m in meeting_setup.my_meetings(owner, uow=work)] == ["Demo"]


def test_flags_are_listed_for_one_meeting_or_all_not_yet_handled_first():
    work = FakeUnitOfWork(NOW, flags=[
        Flag(1, "neglect", NOW, meeting_id=1, handled_at=NOW), Flag(2, "suicide", NOW - timedelta(hours=1)),
        Flag(3, "physical_abuse", NOW - timedelta(hours=2), meeting_id=1)])
    meeting_setup.set_up_unassigned_meeting("Amira Khan", MeetingDetails("Smith"), uow=work)
    assert [line.flag.id for line in flags.list_flags(uow=work)] == [2, 3, 1]
    assert [line.flag.id for line in flags.list_flags("Smith", uow=work)] == [3, 1]


def test_export_finds_the_meeting_by_number_or_title():
    work = FakeUnitOfWork(NOW)
    meeting_id = meeting_setup.set_up_unassigned_meeting("Amira Khan", MeetingDetails("Smith"), uow=work)
    assert '"title": "Smith"' in export.export_meeting(str(meeting_id), "json", uow=work)
    assert export.export_meeting("Smith", "csv", uow=work).startswith(export.as_csv(work.records.get(meeting_id)))
    with pytest.raises(export.NoSuchMeeting):
        export.export_meeting("Jones", "csv", uow=work)


def test_retention_deletes_what_was_said_for_meetings_long_past_and_idle_chats_of_nobody():
    work = FakeUnitOfWork(NOW)
    old = meeting_setup.set_up_unassigned_meeting("Amira", MeetingDetails("Old", scheduled_at=NOW - timedelta(days=91)),
                                                  uow=work)
    soon = meeting_setup.set_up_unassigned_meeting("Amira", MeetingDetails("Soon", scheduled_at=NOW + timedelta(days=3)),
                                                   uow=work)
    for meeting_id, conversation in ((old, "chat-old"), (soon, "chat-soon")):
        code = invite_codes.add_participant(meeting_id, "Sam", "parent", uow=work)
        chat.join_meeting(conversation, code.code, None, NOW, uow=work)
        chat.save_answer(conversation, VENUE_CHOICE.topic, VENUE_CHOICE.slot, "library", "coordinator", uow=work)
    work.retention.pending = {"chat-old": 2, "stranger": 1}
    deleted = []
    swept = retention.sweep(NOW, 90, uow=work, delete=lambda sender: deleted.append(sender) or True,
                            idle=lambda since: ["stranger", "chat-soon"])
    assert swept.meetings == [old] and swept.counts["answers"] == 1 and swept.counts["kept messages"] == 2
    assert sorted(deleted) == ["chat-old", "stranger"] and swept.conversations == 2
    assert chat.linked_chat("chat-soon", uow=work).person.said
    assert retention.due_meetings(NOW, 90, uow=work) == [old]
