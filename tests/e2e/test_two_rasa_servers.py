"""Two Rasa servers sharing one SQL tracker store, with a real Redis as Rasa's lock store (as in
endpoints.prod.yml), and one Rasa server with two Sanic workers sharing a SQLite lock store (the
embedded default): two people's messages alternate between the servers (or come to the workers on new
connections), and nothing is lost or reordered, in the replies, in what is saved, or in the
conversations Rasa keeps.

Needs `redis-server` (tests/redis_server.py installs Debian's package when missing, as root; the
test is skipped, saying why, only when it cannot be).
"""
from __future__ import annotations

import asyncio
import sqlite3

import httpx
import psutil
import pytest

from bot.chat.rasa_client import RasaClient
from bot.cli.supervisor import Ports, Services, rasa_workers
from bot.store.db import data_dir
from redis_server import redis_cli, running_redis
from tests_support import (PARENT_WALK, Chat, answers_of, free_port, fresh_database, new_participant,
                           user_messages_kept_by_rasa, walk)

pytestmark = pytest.mark.stack
LOCK_STORE = "bot.rasa_components.lock_store.AtomicRedisLockStore"  # as in endpoints.prod.yml

STEPS = PARENT_WALK[:14]  # joining, what is going well, reports, roster, venue: enough turns to interleave


@pytest.fixture(scope="module")
def redis():
    with running_redis() as port:
        yield port


@pytest.fixture(scope="module")
def two_servers(redis, tmp_path_factory):
    lock_store = {"type": LOCK_STORE, "url": "127.0.0.1", "port": redis, "db": 0, "key_prefix": "meetingprep"}
    actions = free_port()
    first = Services(Ports(rasa=free_port(), actions=actions, web=free_port()), lock_store=lock_store)
    second = Services(Ports(rasa=free_port(), actions=actions, web=free_port()), lock_store=lock_store)
    with fresh_database(tmp_path_factory.mktemp("two-servers")):
        try:
            first.start_one("actions")
            first.start_one("rasa")
            second.start_one("rasa")
            first.wait_until_ready(timeout=300)
            second.wait_until_ready(timeout=300)
            yield first, second
        finally:
            second.stop()
            first.stop()


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    """`meeting-prep serve`'s Rasa as it starts by default: two Sanic workers, locks in a SQLite file."""
    with fresh_database(tmp_path_factory.mktemp("two-workers")):
        server = Services(Ports(rasa=free_port(), actions=free_port(), web=free_port()))  # logs in the data folder
        try:
            server.start_one("actions")
            server.start_one("rasa")
            server.wait_until_ready(timeout=300)
            yield server
        finally:
            server.stop()


class AlternatingChat(Chat):
    """A chat whose messages go to the servers in turn, starting with server `first`."""

    def __init__(self, servers, sender: str, first: int) -> None:
        self.clients = [RasaClient(f"http://127.0.0.1:{s.ports.rasa}") for s in servers]
        self.sender, self.turn, self.sent = sender, first, []
        self.last_buttons = []

    async def say(self, text: str) -> str:
        rasa = self.clients[self.turn % len(self.clients)]
        self.turn += 1
        self.sent.append(text)
        replies = await rasa.send(self.sender, text, {"channel": "test"})
        self.last_buttons = [b for r in replies for b in r.buttons]
        return "\n".join(r.text for r in replies)

    async def close(self) -> None:
        for client in self.clients:
            await client.close()


async def test_two_people_alternating_between_two_rasa_servers_lose_and_reorder_nothing(two_servers, redis):
    people = []
    for first in (0, 1):  # at every turn the two people are on different servers
        code, participant_id = new_participant()
        people.append((AlternatingChat(two_servers, f"two-servers-{code}", first), code, participant_id))
    await people_lose_and_reorder_nothing(people)
    assert "cmdstat_set" in redis_cli(redis, "info", "commandstats")  # the lock store was Redis


async def test_two_people_on_two_rasa_workers_lose_and_reorder_nothing(two_workers):
    assert rasa_workers() == 2
    workers = psutil.Process(two_workers.processes["rasa"].pid).children()
    assert len(workers) == 2
    busy_before = [w.cpu_times().user for w in workers]
    people = []
    for first in (0, 1):
        code, participant_id = new_participant()
        chat = AlternatingChat([two_workers] * 2, f"two-workers-{code}", first)  # two clients, one server
        for client in chat.clients:  # a new connection for every message, which either worker may take
            client._http = httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_keepalive_connections=0))
        people.append((chat, code, participant_id))
    await people_lose_and_reorder_nothing(people)
    assert all(w.cpu_times().user - before > 0.2 for w, before in zip(workers, busy_before))  # both answered
    lock_file = data_dir() / "rasa-locks.db"
    with sqlite3.connect(lock_file) as connection:  # every lock let go
        assert connection.execute("SELECT count(*) FROM locks").fetchone() == (0,)


async def people_lose_and_reorder_nothing(people) -> None:

    # walk() checks each reply, in order, says what must come next.
    turns = await asyncio.gather(*(walk(chat, code, STEPS) for chat, code, _ in people))
    assert turns == [len(STEPS)] * 2

    expected = {"purpose_check": "understood", "going_well": "the kids are doing better at school",
                "hopes": "less arguing at home", "has_reports": "yes", "reports_understood": "partly",
                "wants_advocate": "yes", "venue_choice": "community_centre",
                "venue_choice_note": "the community centre near my mum's",  # the words beside the choice
                "venue_avoid": "school", "access_needs": "my dad uses a wheelchair"}
    saved = [answers_of(participant_id) for _, _, participant_id in people]
    assert saved[0] == saved[1] and len(saved[0]) == 13  # twelve answers each (language, professionals, safety too) and a note
    assert expected.items() <= saved[0].items()
    for chat, _, _ in people:
        assert user_messages_kept_by_rasa(chat.sender) == chat.sent  # each once, in the order sent

    # Two questions from one person at the same moment, one to each server: the lock makes Rasa take
    # them one after the other, so both are answered, each once, and the form is still where it was.
    for chat, _, participant_id in people:
        questions = ["can my nan come?", "what's a section 20?"]
        replies = await asyncio.gather(*(client.send(chat.sender, q, {"channel": "test"})
                                         for client, q in zip(chat.clients, questions)))
        for reply in replies:
            assert "help getting there" in "\n".join(r.text for r in reply).lower()
        kept = user_messages_kept_by_rasa(chat.sender)
        assert kept[:-2] == chat.sent and sorted(kept[-2:]) == sorted(questions)
        chat.last_buttons = [b for r in replies[-1] for b in r.buttons]
        before = answers_of(participant_id)
        assert "which days and times" in (await chat.press("No")).lower()
        after = answers_of(participant_id)
        assert [after[key] for key in after.keys() - before.keys()] == ["no"]  # the one new answer
        await chat.close()
