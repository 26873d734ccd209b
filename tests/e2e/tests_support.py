"""Helpers shared by the end-to-end tests: a running stack on a fresh database, a meeting to join,
and a chat through the REST channel."""
from __future__ import annotations

import itertools
import json
import socket
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text

from bot.chat.rasa_client import RasaClient
from bot.cli.supervisor import MODEL_PATH, Ports, Services
from bot.store import keys, repository
from bot.store.db import data_dir, unit_of_work
from bot.store.migrate import migrate
from bot.store.models import Participant
from bot.store.rasa_tracker import tracker_database_url

_ids = itertools.count(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def fresh_database(data: Path) -> Iterator[None]:
    """MEETING_PREP_DATA and DATABASE_URL point at a new, migrated SQLite database in `data`."""
    if not MODEL_PATH.exists():
        pytest.fail(f"No trained model at {MODEL_PATH}: run the tests with `make test`, which trains it.")
    patch = pytest.MonkeyPatch()
    patch.setenv("MEETING_PREP_DATA", str(data))
    patch.setenv("DATABASE_URL", f"sqlite:///{data / 'meeting-prep.db'}")
    try:
        migrate()
        yield
    finally:
        patch.undo()


@contextmanager
def running_stack(data: Path, only: tuple[str, ...] = ()) -> Iterator[Services]:
    """Rasa, the action server and the web page (or `only` those named) on free ports, with a fresh
    database in `data`; all stopped afterwards."""
    with fresh_database(data):
        services = Services(Ports(rasa=free_port(), actions=free_port(), web=free_port()))
        try:
            for name in only:
                services.start_one(name)
            if not only:
                services.start()
            services.wait_until_ready(timeout=240)
            yield services
        finally:
            services.stop()


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


def user_messages_kept_by_rasa(sender: str) -> list[str]:
    """The user messages of one conversation, in the order Rasa's tracker store has them (decrypted),
    on SQLite or PostgreSQL."""
    engine = create_engine(tracker_database_url())
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT data FROM events WHERE sender_id = :sender AND type_name = 'user' "
                                           "ORDER BY id"), {"sender": sender}).all()
    finally:
        engine.dispose()
    cipher = keys.cipher(data_dir())
    return [json.loads(keys.decrypt(cipher, data))["text"] for (data,) in rows]


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


# (what the person does, what the assistant must say next). "press:" taps a button by its title.
PARENT_WALK = [
    ("join", "who makes the plan"),
    ("press:The family", "what is going well"),
    ("the kids are doing better at school", "different after the meeting"),
    ("less arguing at home", "have you got them"),
    ("yes I got them on monday", "make sense to you"),
    ("press:Some of it", "would you like an advocate"),
    ("what's a section 20?", "would you like an advocate"),
    ("press:Yes please", "how would you like information"),
    ("press:English", "jo patel"),
    ("press:They are all fine", "where would you like it"),
    ("the community centre near my mum's", "not want it"),
    ("press:Not the children's school", "feel safe there"),
    ("press:Yes", "getting in or around"),
    ("my dad uses a wheelchair", "help getting there"),
    ("press:No", "which days and times"),
    ("monday or tuesday mornings", "don't work"),
    ("not fridays", "how long could you stay"),
    ("press:Half a day", "look after other children"),
    ("can my nan come?", "look after other children"),  # answered, and Nan is added to the list
    ("press:Yes", "special food"),
    ("halal please", "interpreter"),
    ("press:No, English is fine", "anyone else"),  # Nan is already on it
    ("Sue, my sister", "anyone else"),
    ("press:Add someone else", "who would you like to invite"),
    ("my neighbour Pat", "anyone else"),
    ("press:That's everyone", "when could the people"),
    ("press:The same times as me", "professional you trust"),
    ("Mrs Jones from the school", "not want at the meeting"),
    ("my ex", "send the invitations yourself"),
    ("press:No, the coordinator can", "what would you like to talk about"),
    ("help with the school runs and money", "private information"),
    ("press:Only close family", "ground rules"),
    ("press:One person talks at a time", "ideas for the plan"),
    ("nan could do the school run on mondays", "who could do that"),
    ("press:I could", "feeling safe"),
    ("press:No", "is that right"),
    ("press:Yes, send it", "passed it to the coordinator"),
]
