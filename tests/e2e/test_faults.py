"""Faults on the real stack: the action server stops mid-conversation, and Rasa restarts mid-form.

These stop and start servers, so they run on their own stack (Rasa and the action server, free
ports, their own database), not the shared `stack` fixture.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.chat import pending
from bot.store.db import unit_of_work
from bot.store.models import PendingMessage
from bot.telegram import relay
from tests_support import Chat, answers_of, new_participant, running_stack

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory):
    with running_stack(tmp_path_factory.mktemp("faults"), only=("actions", "rasa")) as services:
        yield services


def kept_messages(sender: str) -> int:
    with unit_of_work() as session:
        return len(session.scalars(select(PendingMessage.id).where(PendingMessage.sender_id == sender)).all())


async def joined_at_the_reports_question(stack, name: str) -> tuple[Chat, int]:
    code, participant_id = new_participant()
    chat = Chat(stack, f"{name}-{code}")
    await chat.say(f'/join_meeting{{"invite_code":"{code}"}}')
    assert "what is going well" in (await chat.press("The family")).lower()
    await chat.press("Nothing right now")
    assert "have you got them" in (await chat.press("Not sure yet")).lower()
    return chat, participant_id


async def test_with_the_action_server_down_the_person_is_told_and_the_answer_saved_when_it_is_back(own_stack):
    chat, participant_id = await joined_at_the_reports_question(own_stack, "down")
    other, _ = await joined_at_the_reports_question(own_stack, "other")
    no = next(b.payload for b in chat.last_buttons if b.title.startswith("No"))
    own_stack.stop_one("actions")
    try:
        # Rasa itself answers nothing when it cannot reach the action server.
        assert await other.rasa.send(other.sender, no, {"channel": "test"}) == []

        async with pending.conversation(chat.sender):
            replies = await relay.ask_rasa(chat.rasa, chat.sender, no, {"channel": "test"})
        assert [r.text for r in replies] == [relay.RASA_DOWN_REPLY]
        assert kept_messages(chat.sender) == 1
        assert "has_reports" not in answers_of(participant_id)
    finally:
        own_stack.start_one("actions")
        own_stack.wait_until_ready(timeout=60)

    async with pending.conversation(chat.sender):
        outcome = await relay.retry_pending(chat.rasa, chat.sender)
    said = "\n".join(r.text for r in outcome.replies).lower()
    assert "for example 3 days before" in said and "would you like an advocate" in said
    assert outcome.waiting == 0 and kept_messages(chat.sender) == 0
    assert answers_of(participant_id)["has_reports"] == "no"
    for c in (chat, other):
        await c.rasa.close()


async def test_after_a_rasa_restart_between_two_answers_the_form_carries_on_at_the_next_question(own_stack):
    chat, participant_id = await joined_at_the_reports_question(own_stack, "restart")
    assert "would you like an advocate" in (await chat.press("No")).lower()

    own_stack.stop_one("rasa")
    own_stack.start_one("rasa")
    own_stack.wait_until_ready(timeout=240)

    reply = await chat.press("Yes please")  # a button from before the restart
    assert "how would you like information" in reply.lower()
    assert answers_of(participant_id) == {"purpose_check": "understood", "going_well": "nothing", "hopes": "nothing",
                                          "has_reports": "no", "wants_advocate": "yes"}
    await chat.rasa.close()
