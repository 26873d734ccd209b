"""Helpers shared by the end-to-end tests: a meeting to join, and a chat through the REST channel."""
from __future__ import annotations

import itertools

from bot.rasa_client import RasaClient
from bot.store import repository
from bot.store.db import unit_of_work
from bot.store.models import Participant

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




async def walk(chat: Chat, code: str, steps: list[tuple[str, str]]) -> int:
    """Do each step ("join", "press:<button title>" or typed text) and check what comes back.

    Returns the number of turns taken.
    """
    for turn, (action, expected) in enumerate(steps, start=1):
        if action == "join":
            reply = await chat.say(f'/join_meeting{{"invite_code":"{code}"}}')
        elif action.startswith("press:"):
            reply = await chat.press(action.removeprefix("press:"))
        else:
            reply = await chat.say(action)
        assert expected in reply.lower(), f"turn {turn} ({action!r}) got: {reply}"
    return len(steps)
