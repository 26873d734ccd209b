"""A conversation through Rasa's REST channel, with answers found in the database afterwards."""
from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from bot.rasa_client import RasaClient
from bot.store import repository
from bot.store.db import unit_of_work
from bot.store.models import Participant

pytestmark = pytest.mark.stack
_ids = itertools.count(1)


def new_participant(role: str = "parent") -> tuple[str, int]:
    with unit_of_work() as session:
        meeting = repository.create_meeting(
            session, f"Test meeting {next(_ids)}", "Amira",
            professionals=[("Jo Patel", "social_worker"), ("Mr Evans", "teacher")],
        )
        participant = repository.add_participant(session, meeting, "Sam", role)
        return participant.invite_code, participant.id


def answers_of(participant_id: int) -> dict[str, str]:
    with unit_of_work() as session:
        participant = session.get(Participant, participant_id)
        return {p.key: p.value for p in participant.preferences}


class Chat:
    def __init__(self, stack, sender: str) -> None:
        self.rasa = RasaClient(f"http://127.0.0.1:{stack.ports.rasa}")
        self.sender = sender

    async def say(self, text: str) -> str:
        replies = await self.rasa.send(self.sender, text, {"channel": "test"})
        self.last_buttons = [b for r in replies for b in r.buttons]
        return "\n".join(r.text for r in replies)

    async def press(self, title_start: str) -> str:
        button = next(b for b in self.last_buttons if b.title.startswith(title_start))
        return await self.say(button.payload)


async def test_joining_explains_the_purpose_and_a_button_answer_is_saved(stack):
    code, participant_id = new_participant()
    chat = Chat(stack, f"test-{code}")

    reply = await chat.say(f'/join_meeting{{"invite_code":"{code}"}}')
    assert "Hi Sam" in reply
    assert "who makes the plan" in reply.lower()

    reply = await chat.press("The family")
    assert "That's right" in reply
    assert "reports" in reply.lower()
    assert answers_of(participant_id)["purpose_check"] == "understood"

    await chat.press("No")
    assert answers_of(participant_id)["has_reports"] == "no"
    await chat.rasa.close()


async def test_a_question_mid_way_is_answered_and_the_question_asked_again(stack):
    code, participant_id = new_participant()
    chat = Chat(stack, f"test-{code}")
    await chat.say(f'/join_meeting{{"invite_code":"{code}"}}')
    await chat.press("The family")

    reply = await chat.say("what's a section 20?")
    assert "section 20" in reply.lower()
    assert "have you got them" in reply.lower()  # back to the reports question
    assert "has_reports" not in answers_of(participant_id)
    await chat.rasa.close()


async def test_an_unknown_code_gets_a_clear_answer(stack):
    chat = Chat(stack, "test-unknown-code")
    reply = await chat.say('/join_meeting{"invite_code":"NOSUCHCODE"}')
    assert "don't recognise that code" in reply
    await chat.rasa.close()
