"""The use cases on a fake unit of work: their rules, without a database (the SQLAlchemy unit of work
is tested with them in tests/integration)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.domain.invite_codes import CODE_LIFETIME
from bot.domain.records import Flag, InviteCode, TelegramLink
from bot.use_cases import alert_links, flags, invite_codes
from fakes.fake_unit_of_work import FakeUnitOfWork

NIGHT = datetime(2026, 12, 3, 23, 2)
AMIRA = TelegramLink(1, "Amira Khan", None, None, None)


def flag(flag_id=7, meeting_id=3, **changes) -> Flag:
    return Flag(flag_id, "physical_abuse", NIGHT, participant_id=11, meeting_id=meeting_id, **changes)


def test_marking_a_flag_handled_records_who_when_and_what_and_writes_the_audit_log():
    fake = FakeUnitOfWork(NIGHT, flags=[flag()], coordinators=[AMIRA])
    assert flags.mark_handled(7, 1, "  rang the   duty team ", now=NIGHT + timedelta(minutes=40), uow=fake)
    handled = fake.flags.get(7)
    assert (handled.handled_at, handled.handled_by, handled.handled_note) == (
        NIGHT + timedelta(minutes=40), "Amira Khan", "rang the duty team")
    assert fake.audit.entries == [(1, "changed", "safeguarding flag 7 marked handled", 3, 11)]


def test_a_flag_already_handled_keeps_its_first_record():
    first = flag(handled_at=NIGHT, handled_by="Amira Khan", handled_note="rang")
    fake = FakeUnitOfWork(NIGHT, flags=[first], coordinators=[AMIRA])
    assert not flags.mark_handled(7, 1, "again", uow=fake)
    assert fake.flags.get(7) == first and fake.audit.entries == []


@pytest.mark.parametrize("flag_id, meeting_id", [(8, None), (7, 4)])
def test_a_flag_that_is_not_there_or_in_another_meeting_is_refused(flag_id, meeting_id):
    fake = FakeUnitOfWork(NIGHT, flags=[flag()], coordinators=[AMIRA])
    with pytest.raises(flags.NoSuchFlag):
        flags.mark_handled(flag_id, 1, meeting_id=meeting_id, uow=fake)
    assert fake.flags.get(7).handled_at is None and fake.committed == 0


def test_only_a_coordinator_can_mark_a_flag_handled():
    fake = FakeUnitOfWork(NIGHT, flags=[flag()])
    with pytest.raises(flags.NoSuchCoordinator):
        flags.mark_handled(7, 1, uow=fake)


def test_an_added_participant_gets_a_code_that_expires_and_the_coordinator_who_added_them_is_audited():
    fake = FakeUnitOfWork(NIGHT)
    added = invite_codes.add_participant(3, "Sam", "young_person", by=1, uow=fake)
    assert added.expires_at == NIGHT + CODE_LIFETIME and fake.participants.get(added.participant_id) == added
    assert fake.audit.entries == [(1, "changed", "participant added", 3, added.participant_id)]


def test_the_command_line_adds_without_an_audit_entry():
    fake = FakeUnitOfWork(NIGHT)
    invite_codes.add_participant(3, "Sam", "young_person", uow=fake)
    assert fake.audit.entries == []


def test_a_new_code_replaces_the_old_one_and_a_revoked_code_stops_working():
    sam = InviteCode(5, 3, "Sam", "young_person", "OLDCODE1", NIGHT)
    fake = FakeUnitOfWork(NIGHT, participants=[sam])
    renewed = invite_codes.new_code(5, meeting_id=3, by=1, uow=fake)
    assert renewed.code != "OLDCODE1" and renewed.expires_at == NIGHT + CODE_LIFETIME
    invite_codes.revoke_code(5, meeting_id=3, by=1, uow=fake)
    assert fake.participants.revoked == {5}
    assert [entry[2] for entry in fake.audit.entries] == ["new invite code", "invite code revoked"]


@pytest.mark.parametrize("change", [invite_codes.new_code, invite_codes.revoke_code])
def test_a_code_of_another_meeting_cannot_be_changed(change):
    sam = InviteCode(5, 3, "Sam", "young_person", "OLDCODE1", NIGHT)
    fake = FakeUnitOfWork(NIGHT, participants=[sam])
    with pytest.raises(invite_codes.NoSuchParticipant):
        change(5, meeting_id=4, by=1, uow=fake)
    assert fake.participants.get(5) == sam and fake.participants.revoked == set() and fake.audit.entries == []


def test_a_link_code_links_the_chat_once_and_only_while_fresh():
    fake = FakeUnitOfWork(NIGHT, coordinators=[AMIRA])
    code = alert_links.new_link_code(1, now=NIGHT, uow=fake)
    assert alert_links.is_link_code(code) and not alert_links.is_linked(1, uow=fake)
    assert alert_links.link_chat(code, 5550001, now=NIGHT + timedelta(minutes=5), uow=fake) == "Amira Khan"
    assert alert_links.is_linked(1, uow=fake)
    assert alert_links.link_chat(code, 5550002, now=NIGHT + timedelta(minutes=6), uow=fake) is None  # once only
    assert fake.coordinators.telegram_link(1).chat_id == 5550001


def test_an_old_link_code_links_nothing_and_is_used_up():
    fake = FakeUnitOfWork(NIGHT, coordinators=[AMIRA])
    code = alert_links.new_link_code(1, now=NIGHT, uow=fake)
    assert alert_links.link_chat(code, 5550001, now=NIGHT + alert_links.LIFETIME + timedelta(seconds=1),
                                 uow=fake) is None
    assert fake.coordinators.telegram_link(1).code is None and not alert_links.is_linked(1, uow=fake)


def test_unlinking_forgets_the_chat():
    fake = FakeUnitOfWork(NIGHT, coordinators=[TelegramLink(1, "Amira Khan", 5550001, None, None)])
    alert_links.unlink_chat(1, uow=fake)
    assert not alert_links.is_linked(1, uow=fake)


@pytest.mark.parametrize("protocol, sql, fake", [
    ("FlagRepository", "SqlFlags", "FakeFlags"), ("CoordinatorRepository", "SqlCoordinators", "FakeCoordinators"),
    ("ParticipantRepository", "SqlParticipants", "FakeParticipants"), ("AuditLog", "SqlAuditLog", "FakeAuditLog"),
    ("ChatRepository", "SqlChats", "FakeChats"), ("MeetingRecords", "SqlMeetingRecords", "FakeMeetingRecords"),
    ("LoginRepository", "SqlLogins", "FakeLogins"), ("MeetingRepository", "SqlMeetings", "FakeMeetings"),
    ("AlertOutbox", "SqlOutbox", "FakeOutbox"), ("RetentionRepository", "SqlRetention", "FakeRetention"),
    ("PendingMessages", "SqlPendingMessages", "FakePendingMessages"), ("TelegramRepository", "SqlTelegram", "FakeTelegram"),
    ("ReminderRepository", "SqlReminders", "FakeReminders"),
])
def test_the_fake_and_the_sqlalchemy_repositories_offer_what_the_use_cases_may_ask(protocol, sql, fake):
    import inspect

    from bot.store import unit_of_work as sql_module  # imports every Sql repository it opens
    from bot.use_cases import unit_of_work as interface
    from fakes import fake_unit_of_work as fake_module

    def methods(cls):
        return {name: list(inspect.signature(f).parameters) for name, f in vars(cls).items()
                if callable(f) and not name.startswith("_")}

    wanted = methods(getattr(interface, protocol))
    assert methods(getattr(sql_module, sql)) == wanted
    assert {name: params for name, params in methods(getattr(fake_module, fake)).items()} == wanted
