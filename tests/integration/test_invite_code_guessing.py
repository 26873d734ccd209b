"""Forged, guessed, used, expired, revoked and other meetings' invite codes, through the join action
and the store: each gets its own answer, and a chat may try at most five that fail in 15 minutes."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from actions.join import ActionJoinMeeting
from bot.store import repository
from bot.store.db import unit_of_work
from bot.store.models import FailedJoin, Participant, utcnow
from test_actions import run, slot_events, tracker

GUESSER = "tg-666"


def new_code(title: str = "Smith family", name: str = "Sam", expires_in: timedelta | None = None) -> str:
    with unit_of_work() as session:
        meeting = repository.find_meeting(session, title) or repository.create_meeting(session, title, "Amira")
        expires = utcnow() + expires_in if expires_in is not None else None
        return repository.add_participant(session, meeting, name, "parent", code_expires_at=expires).invite_code


async def try_code(code: str, sender: str = GUESSER) -> tuple[str, bool]:
    """The response the chat got, and whether it joined."""
    messages, events = await run(ActionJoinMeeting(), tracker(
        intent="join_meeting", entities=[("invite_code", code)], sender=sender))
    return (messages[0]["response"] if messages else ""), slot_events(events)["joined"]


def linked_name(sender: str) -> str | None:
    with unit_of_work() as session:
        participant = repository.participant_for_conversation(session, sender)
        return participant.display_name if participant else None


def failures_stored() -> int:
    with unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(FailedJoin))


async def used_code() -> str:
    code = new_code(name="Pat")
    assert await try_code(code, sender="tg-pat") == ("", True)
    return code


def revoked_code() -> str:
    code = new_code(name="Lee")
    with unit_of_work() as session:
        repository.revoke_invite_code(session, session.scalar(select(Participant).where(Participant.invite_code == code)))
    return code


async def test_each_kind_of_code_that_fails_gets_its_own_answer(database):
    assert await try_code("FORGED2345") == ("utter_invite_code_unknown", False)
    assert await try_code(await used_code()) == ("utter_invite_code_taken", False)
    assert await try_code(new_code(name="Jo", expires_in=timedelta(seconds=-1))) == ("utter_invite_code_expired", False)
    assert await try_code(revoked_code()) == ("utter_invite_code_expired", False)
    assert linked_name(GUESSER) is None


async def test_the_sixth_failed_code_in_15_minutes_gets_too_many_tries_even_with_a_good_code(database):
    failing = ["FORGED2345", "FORGED2346", await used_code(), new_code(name="Jo", expires_in=timedelta(seconds=-1)),
               revoked_code()]
    for code in failing:
        assert (await try_code(code))[1] is False
    good = new_code(name="Sam")
    assert await try_code(good) == ("utter_invite_code_too_many_tries", False)
    assert linked_name(GUESSER) is None  # the good code was not even looked at
    assert failures_stored() == 5  # tries while blocked do not lengthen the wait
    assert await try_code(good, sender="tg-other") == ("", True)  # other chats are not affected


async def test_the_limit_is_kept_in_the_database_so_a_restarted_action_server_keeps_it(database):
    with unit_of_work() as session:
        for _ in range(5):
            repository.record_failed_join(session, GUESSER, utcnow(), forget_before=utcnow() - timedelta(minutes=15))
    assert await try_code(new_code()) == ("utter_invite_code_too_many_tries", False)


async def test_after_15_minutes_the_chat_may_try_again_and_old_failures_are_deleted(database):
    long_ago = utcnow() - timedelta(minutes=16)
    with unit_of_work() as session:
        for sender in (GUESSER, "tg-someone-else"):
            for _ in range(5):
                repository.record_failed_join(session, sender, long_ago, forget_before=long_ago - timedelta(minutes=15))
    assert failures_stored() == 10
    assert await try_code("FORGED2345") == ("utter_invite_code_unknown", False)
    assert failures_stored() == 1  # only the new one: nothing is kept longer than it counts
    assert await try_code(new_code()) == ("", True)


async def test_a_joined_chat_that_then_guesses_is_told_to_wait_and_stays_joined(database):
    code = new_code()
    assert await try_code(code) == ("", True)
    for _ in range(5):
        await try_code("FORGED2345")
    assert await try_code(code) == ("utter_invite_code_too_many_tries", False)
    assert linked_name(GUESSER) == "Sam"  # still linked: being told to wait unlinks no one


def sam_joined_and_pat_of_another_meeting(session) -> tuple[Participant, Participant]:
    """Sam of the Smith family's meeting, joined from chat tg-1, and Pat of the Jones family's."""
    smith = repository.create_meeting(session, "Smith family", "Amira")
    jones = repository.create_meeting(session, "Jones family", "Bob")
    sam = repository.add_participant(session, smith, "Sam", "parent")
    pat = repository.add_participant(session, jones, "Pat", "parent")
    repository.join_meeting(session, "tg-1", sam.invite_code)
    return sam, pat


def test_a_code_for_another_meeting_moves_the_chat_and_leaves_the_first_answers_with_their_owner(database):
    with unit_of_work() as session:
        sam, pat = sam_joined_and_pat_of_another_meeting(session)
        repository.save_preference(session, sam, "venue", "venue_choice", "library")
        sam_id, pat_code = sam.id, pat.invite_code
    with unit_of_work() as session:
        moved = repository.join_meeting(session, "tg-1", pat_code).participant
        assert (moved.display_name, moved.meeting.title) == ("Pat", "Jones family")
        assert moved.preferences == []  # nothing of Sam's goes with the chat
    with unit_of_work() as session:
        sam = session.get(Participant, sam_id)
        assert sam.conversation_id is None
        assert [(p.key, p.value) for p in sam.preferences] == [("venue_choice", "library")]


def test_another_meetings_code_already_used_elsewhere_leaves_the_chat_where_it_was(database):
    with unit_of_work() as session:
        sam, pat = sam_joined_and_pat_of_another_meeting(session)
        repository.join_meeting(session, "tg-2", pat.invite_code)
        pat_code = pat.invite_code
    with unit_of_work() as session:
        assert repository.join_meeting(session, "tg-1", pat_code).problem == "taken"
    assert linked_name("tg-1") == "Sam" and linked_name("tg-2") == "Pat"


@pytest.mark.parametrize("code", ["", "a" * 200, "'; DROP TABLE participants; --", "\u202eEDOC"])
async def test_odd_codes_are_simply_unknown(database, code):
    assert await try_code(code) == ("utter_invite_code_unknown", False)
