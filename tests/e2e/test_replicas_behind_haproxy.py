"""Scale-out (issue 16), as a council outgrowing one machine would run it, here all on 127.0.0.1: two
Rasa replicas and two action servers behind HAProxy, sharing PostgreSQL (our store and Rasa's
tracker store) and Redis (Rasa's lock store). Twenty people hold the parent's walk through the
balancer at once, so each person's messages land on both replicas. Every reply arrives and says what
must come next, in order; every answer is saved; Rasa keeps each message once, in the order sent.

Needs PostgreSQL (`make test` starts one: TEST_POSTGRES_URL), `redis-server` and `haproxy` (installed
from Debian when missing, as root); skipped, saying why, only without them.
"""
from __future__ import annotations

import asyncio

import psutil
import pytest

import postgres_databases
from bot.rasa_client import RasaClient
from bot.services import Ports, Services
from haproxy_server import running_haproxy
from redis_server import running_redis
from tests_support import (PARENT_WALK, Chat, answers_of, free_port, new_participant, user_messages_kept_by_rasa,
                           walk)

pytestmark = [pytest.mark.stack,
              pytest.mark.skipif(not postgres_databases.SERVER_URL,
                                 reason="TEST_POSTGRES_URL is not set (`make test` starts a PostgreSQL server for it)")]
LOCK_STORE = "bot.rasa_components.lock_store.AtomicRedisLockStore"  # as in endpoints.prod.yml
PEOPLE = 20
STEPS = PARENT_WALK[:14]


@pytest.fixture(scope="module")
def balancer(tmp_path_factory):
    """HAProxy's Rasa frontend, and the two Rasa replicas behind it (for their CPU)."""
    folder = tmp_path_factory.mktemp("replicas")
    database = postgres_databases.migrated_database()
    patch = pytest.MonkeyPatch()
    patch.setenv("MEETING_PREP_DATA", str(folder))
    patch.setenv("DATABASE_URL", database)  # Rasa's tracker store follows it into the same database
    patch.setenv("MEETING_PREP_RASA_WORKERS", "1")  # one process a replica: the replicas are the point here
    actions: list[Services] = []
    replicas: list[Services] = []
    try:
        with running_redis() as redis:
            lock_store = {"type": LOCK_STORE, "url": "127.0.0.1", "port": redis, "db": 0, "key_prefix": "replicas"}
            rasa_front, actions_front = free_port(), free_port()
            actions = [Services(Ports(rasa=free_port(), actions=free_port(), web=free_port())) for _ in range(2)]
            replicas = [Services(Ports(rasa=free_port(), actions=actions_front, web=free_port()), lock_store=lock_store)
                        for _ in range(2)]
            for server in actions:
                server.start_one("actions")
            for replica in replicas:
                replica.start_one("rasa")  # its action endpoint is the balancer's actions frontend
            for server in actions + replicas:
                server.wait_until_ready(timeout=300)
            frontends = {"rasa": (rasa_front, [r.ports.rasa for r in replicas], "/"),
                         "actions": (actions_front, [a.ports.actions for a in actions], "/health")}
            with running_haproxy(frontends, folder):
                yield rasa_front, [psutil.Process(r.processes["rasa"].pid) for r in replicas]
    finally:
        for server in replicas + actions:
            server.stop()
        patch.undo()
        postgres_databases.drop_database(database)


class BalancedChat(Chat):
    """A person's chat through the balancer, keeping what they sent."""

    def __init__(self, port: int, sender: str) -> None:
        self.rasa = RasaClient(f"http://127.0.0.1:{port}")
        self.sender, self.sent = sender, []

    async def say(self, text: str) -> str:
        self.sent.append(text)
        return await super().say(text)


async def test_twenty_people_through_haproxy_and_two_replicas_lose_reorder_and_repeat_nothing(balancer):
    port, rasa_processes = balancer
    busy_before = [p.cpu_times().user for p in rasa_processes]
    people = []
    for _ in range(PEOPLE):
        code, participant_id = new_participant()
        people.append((BalancedChat(port, f"replicas-{code}"), code, participant_id))

    # walk() checks that each reply says what must come next: a reply lost, repeated or out of order fails it.
    turns = await asyncio.gather(*(walk(chat, code, STEPS) for chat, code, _ in people))
    assert turns == [len(STEPS)] * PEOPLE

    for chat, _, participant_id in people:
        saved = answers_of(participant_id)
        assert len(saved) == 13 and saved["venue_choice"] == "community_centre"  # as in the two-server test
        assert user_messages_kept_by_rasa(chat.sender) == chat.sent  # each once, in the order sent
        await chat.rasa.close()
    assert all(p.cpu_times().user - before > 1.0 for p, before in zip(rasa_processes, busy_before))  # both served
