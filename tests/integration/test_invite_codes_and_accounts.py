"""Invite codes that expire or are revoked, coordinator accounts, and their commands."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.cli.main import DEMO_TITLE, main, seed_demo
from bot.cli.coordinators import DEMO_EMAIL, seed_demo_coordinator
from bot.store import accounts, repository
from bot.store.db import unit_of_work
from bot.store.models import Participant, utcnow


def meeting_with_sam(session, expires_in: timedelta | None = None):
    meeting = repository.create_meeting(session, "Smith family", "Amira", professionals=[("Jo", "social_worker")])
    expires = utcnow() + expires_in if expires_in is not None else None
    return meeting, repository.add_participant(session, meeting, "Sam", "parent", code_expires_at=expires)


def test_an_expired_code_is_refused_for_a_new_chat(database):
    with unit_of_work() as session:
        code = meeting_with_sam(session, timedelta(seconds=-1))[1].invite_code
    with unit_of_work() as session:
        result = repository.join_meeting(session, "tg-1", code)
        assert result.participant is None and result.problem == "expired"


def test_an_expired_code_is_still_harmless_for_the_chat_that_joined_with_it(database):
    with unit_of_work() as session:
        _, sam = meeting_with_sam(session, timedelta(days=30))
        code = sam.invite_code
        repository.join_meeting(session, "tg-1", code)
        sam.code_expires_at = utcnow() - timedelta(days=1)
    with unit_of_work() as session:
        assert repository.join_meeting(session, "tg-1", code).participant is not None
        assert repository.join_meeting(session, "tg-2", code).problem == "taken"


def test_a_revoked_code_works_for_no_one_and_unlinks_its_chat(database):
    with unit_of_work() as session:
        _, sam = meeting_with_sam(session)
        code = sam.invite_code
        repository.join_meeting(session, "tg-1", code)
        repository.revoke_invite_code(session, sam)
    with unit_of_work() as session:
        assert repository.participant_for_conversation(session, "tg-1") is None
        assert repository.join_meeting(session, "tg-1", code).problem == "expired"
        assert repository.join_meeting(session, "tg-2", code).problem == "expired"


def test_a_new_code_replaces_the_old_one(database):
    with unit_of_work() as session:
        _, sam = meeting_with_sam(session)
        old = sam.invite_code
        repository.revoke_invite_code(session, sam)
        new = repository.renew_invite_code(session, sam, utcnow() + timedelta(days=30))
    with unit_of_work() as session:
        assert new != old
        assert repository.join_meeting(session, "tg-1", old).problem == "unknown"
        assert repository.join_meeting(session, "tg-1", new).participant.display_name == "Sam"


def test_a_new_code_unlinks_the_chat_that_used_the_old_one(database):
    """A lost or shared phone must not carry on as this person once the coordinator makes a new code."""
    with unit_of_work() as session:
        _, sam = meeting_with_sam(session)
        repository.join_meeting(session, "tg-old-phone", sam.invite_code, telegram_user_id=77)
        new = repository.renew_invite_code(session, sam)
    with unit_of_work() as session:
        assert repository.participant_for_conversation(session, "tg-old-phone") is None
        joined = repository.join_meeting(session, "tg-new-phone", new).participant
        assert joined.display_name == "Sam" and joined.telegram_user_id is None


def test_every_code_expires_however_it_was_made(database, capsys):
    with unit_of_work() as session:
        _, sam = meeting_with_sam(session)
        assert utcnow() + timedelta(days=29) < sam.code_expires_at <= utcnow() + timedelta(days=30)
        repository.renew_invite_code(session, sam)
        assert sam.code_expires_at <= utcnow() + timedelta(days=30)
    main(["meeting", "create", "--title", "Jones family", "--coordinator", "Amira", "--participant", "Kerry:parent"])
    assert "works until" in capsys.readouterr().out
    with unit_of_work() as session:
        kerry = repository.find_meeting(session, "Jones family").participants[0]
        assert kerry.code_expires_at is not None


def test_updating_a_meeting_replaces_its_professionals(database):
    with unit_of_work() as session:
        meeting, _ = meeting_with_sam(session)
        repository.update_meeting(session, meeting, "Smith family", "family network meeting", None,
                                  [("Mr Evans", "teacher")])
    with unit_of_work() as session:
        meeting = repository.find_meeting(session, "Smith family")
        assert meeting.kind == "family network meeting"
        assert [(p.name, p.role) for p in meeting.professionals] == [("Mr Evans", "teacher")]


def test_passwords_are_kept_as_argon2id_hashes_and_checked(database):
    with unit_of_work() as session:
        coordinator = accounts.create_coordinator(session, " Amira@Example.org", "Amira", "correct horse battery")
        assert coordinator.email == "amira@example.org"
        assert coordinator.password_hash.startswith("$argon2id$") and "correct" not in coordinator.password_hash
    with unit_of_work() as session:
        assert accounts.authenticate(session, "amira@example.org", "correct horse battery").name == "Amira"
        assert accounts.authenticate(session, "amira@example.org", "wrong password") is None
        assert accounts.authenticate(session, "nobody@example.org", "correct horse battery") is None


@pytest.mark.parametrize("email, name, password, problem", [
    ("not-an-email", "Amira", "correct horse battery", "email address"),
    ("amira@example.org", " ", "correct horse battery", "name"),
    ("amira@example.org", "Amira", "short", "at least 12 characters"),
    ("amira@example.org", "Amira", "password1234", "too easy to guess"),  # common, and in breached lists
    ("amira@example.org", "Amira Khan", "amirakhan2026", "too easy to guess"),  # her own name
])
def test_bad_account_details_are_refused_with_a_reason(database, email, name, password, problem):
    with unit_of_work() as session, pytest.raises(ValueError, match=problem):
        accounts.create_coordinator(session, email, name, password)


def test_a_coordinator_sees_only_their_own_meetings(database):
    with unit_of_work() as session:
        amira = accounts.create_coordinator(session, "amira@example.org", "Amira", "correct horse battery")
        bob = accounts.create_coordinator(session, "bob@example.org", "Bob", "correct horse battery")
        meeting, _ = meeting_with_sam(session)
        meeting.coordinator_id = amira.id
        session.flush()
        assert accounts.meetings_of(session, amira.id) == [meeting]
        assert accounts.meetings_of(session, bob.id) == []
        assert accounts.owned_meeting(session, bob.id, meeting.id) is None


def test_coordinator_add_and_assign_commands(database, capsys):
    main(["coordinator", "add", "--email", "amira@example.org", "--name", "Amira Khan",
          "--password", "correct horse battery"])
    main(["meeting", "create", "--title", "Smith family", "--coordinator", "Amira Khan"])
    main(["coordinator", "assign", "Smith family", "--email", "amira@example.org"])
    assert "can now log in" in capsys.readouterr().out
    with unit_of_work() as session:
        amira = accounts.authenticate(session, "amira@example.org", "correct horse battery")
        assert [m.title for m in accounts.meetings_of(session, amira.id)] == ["Smith family"]
    with pytest.raises(SystemExit, match="already a coordinator"):
        main(["coordinator", "add", "--email", "amira@example.org", "--name", "A", "--password", "plum ferry lantern otter"])
    with pytest.raises(SystemExit, match="No coordinator"):
        main(["coordinator", "assign", "Smith family", "--email", "nobody@example.org"])


def test_the_demo_coordinator_owns_the_demo_meeting_with_a_fresh_password_each_run(database):
    seed_demo()
    email, first = seed_demo_coordinator(DEMO_TITLE)
    _, second = seed_demo_coordinator(DEMO_TITLE)
    with unit_of_work() as session:
        assert email == DEMO_EMAIL and first != second
        assert accounts.authenticate(session, email, first) is None
        demo = accounts.authenticate(session, email, second)
        assert [m.title for m in accounts.meetings_of(session, demo.id)] == [DEMO_TITLE]


def test_the_command_line_and_the_web_page_make_new_codes_and_revoke_them_the_same_way(database, capsys):
    """One use case for both: the old code and its chat stop working, and the new code expires."""
    main(["meeting", "create", "--title", "Jones family", "--coordinator", "Amira", "--participant", "Kerry:parent"])
    with unit_of_work() as session:
        kerry = repository.find_meeting(session, "Jones family").participants[0]
        kerry_id, old = kerry.id, kerry.invite_code
        repository.join_meeting(session, "tg-kerry", old)
    main(["code", "new", str(kerry_id)])
    assert f"participant {kerry_id}: invite code" in capsys.readouterr().out
    with unit_of_work() as session:
        kerry = session.get(Participant, kerry_id)
        assert kerry.invite_code != old and kerry.conversation_id is None and kerry.code_expires_at is not None
        assert repository.join_meeting(session, "tg-other", old).problem == "unknown"
    main(["code", "revoke", str(kerry_id)])
    with unit_of_work() as session:
        assert session.get(Participant, kerry_id).code_revoked_at is not None
    with pytest.raises(SystemExit, match="no participant 999"):
        main(["code", "new", "999"])


def test_the_demo_code_is_renewed_once_it_has_expired(database):
    first = seed_demo()
    with unit_of_work() as session:
        sam = session.scalar(select(Participant).where(Participant.invite_code == first))
        sam.code_expires_at = utcnow() - timedelta(days=1)
    renewed = seed_demo()
    assert renewed != first and seed_demo() == renewed
