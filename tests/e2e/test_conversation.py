"""A conversation through Rasa's REST channel, with answers found in the database afterwards."""
from __future__ import annotations

import pytest
from tests_support import Chat, answers_of, new_participant

pytestmark = pytest.mark.stack


async def test_joining_explains_the_purpose_and_a_button_answer_is_saved(stack):
    code, participant_id = new_participant()
    chat = Chat(stack, f"test-{code}")

    reply = await chat.say(f'/join_meeting{{"invite_code":"{code}"}}')
    assert "Hi Sam" in reply
    assert "who makes the plan" in reply.lower()

    reply = await chat.press("The family")
    assert "That's right" in reply
    assert "what is going well" in reply.lower()  # strengths first, as the guidance asks
    assert answers_of(participant_id)["purpose_check"] == "understood"

    assert "different after the meeting" in (await chat.say("my eldest got a part in the school play")).lower()
    assert "reports" in (await chat.press("Not sure yet")).lower()
    await chat.press("No")
    assert answers_of(participant_id)["going_well"] == "my eldest got a part in the school play"
    assert answers_of(participant_id)["has_reports"] == "no"
    await chat.rasa.close()


async def test_a_question_mid_way_is_answered_and_the_question_asked_again(stack):
    code, participant_id = new_participant()
    chat = Chat(stack, f"test-{code}")
    await chat.say(f'/join_meeting{{"invite_code":"{code}"}}')
    await chat.press("The family")

    reply = await chat.say("what's a section 20?")
    assert "section 20" in reply.lower()
    assert "what is going well" in reply.lower()  # back to the question
    assert "going_well" not in answers_of(participant_id)
    await chat.rasa.close()


async def test_an_unknown_code_gets_a_clear_answer(stack):
    chat = Chat(stack, "test-unknown-code")
    reply = await chat.say('/join_meeting{"invite_code":"NOSUCHCODE"}')
    assert "don't recognise that code" in reply
    await chat.rasa.close()
