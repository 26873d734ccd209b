"""Scale-out (issue 16), as a council outgrowing one machine would run it, here all on 127.0.0.1: two
Telegram front ends in webhook mode, two Rasa replicas and two action servers, each pair behind
HAProxy, sharing PostgreSQL (our store and Rasa's tracker store) and Redis (Rasa's lock store).
Twenty people hold the parent's walk at once, through Rasa's balancer and then, as Telegram would
deliver their updates, through the front ends' balancer, so each person's messages land on both of
each pair. Every reply arrives and says what must come next, in order; every answer is saved; Rasa
keeps each message once, in the order sent.

Needs PostgreSQL (`make test` starts one: TEST_POSTGRES_URL), `redis-server` and `haproxy` (installed
from Debian when missing, as root); skipped, saying why, only without them.
"""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import httpx
import psutil
import pytest

import postgres_databases
from bot.chat.rasa_client import RasaClient
from bot.cli.supervisor import Ports, Services
from bot.telegram import relay
from fakes.fake_bot_api import FakeBotApi, user
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
WEBHOOK_SECRET = "replicas-test-secret"


class Deployment:
    """What the tests reach: the balancer's frontends, the fake Telegram, and the processes behind."""

    def __init__(self, rasa_front: int, telegram_front: int, api: FakeBotApi, rasa: list, front_ends: list) -> None:
        self.rasa_front, self.telegram_front, self.api = rasa_front, telegram_front, api
        self.rasa, self.front_ends = rasa, front_ends  # psutil processes, for their CPU


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replicas")
    database = postgres_databases.migrated_database()
    patch = pytest.MonkeyPatch()
    patch.setenv("MEETING_PREP_DATA", str(folder))
    patch.setenv("DATABASE_URL", database)  # Rasa's tracker store follows it into the same database
    patch.setenv("MEETING_PREP_RASA_WORKERS", "1")  # one process a replica: the replicas are the point here
    actions: list[Services] = []
    replicas: list[Services] = []
    front_ends: list[subprocess.Popen] = []
    try:
        with running_redis() as redis, FakeBotApi() as api:
            lock_store = {"type": LOCK_STORE, "url": "127.0.0.1", "port": redis, "db": 0, "key_prefix": "replicas"}
            rasa_front, actions_front, telegram_front = free_port(), free_port(), free_port()
            actions = [Services(Ports(rasa=free_port(), actions=free_port(), web=free_port())) for _ in range(2)]
            replicas = [Services(Ports(rasa=free_port(), actions=actions_front, web=free_port()), lock_store=lock_store)
                        for _ in range(2)]
            for server in actions:
                server.start_one("actions")
            for replica in replicas:
                replica.start_one("rasa")  # its action endpoint is the balancer's actions frontend
            webhook_ports = [free_port() for _ in range(2)]
            front_ends = [start_front_end(api, port, rasa_front, telegram_front, folder) for port in webhook_ports]
            for server in actions + replicas:
                server.wait_until_ready(timeout=300)
            wait_for_webhooks(api, front_ends)
            frontends = {"rasa": (rasa_front, [r.ports.rasa for r in replicas], "/"),
                         "actions": (actions_front, [a.ports.actions for a in actions], "/health"),
                         "telegram": (telegram_front, webhook_ports, None)}
            with running_haproxy(frontends, folder):
                yield Deployment(rasa_front, telegram_front, api,
                                 [psutil.Process(r.processes["rasa"].pid) for r in replicas],
                                 [psutil.Process(f.pid) for f in front_ends])
    finally:
        for front_end in front_ends:
            front_end.terminate()
            front_end.wait(timeout=30)
        for server in replicas + actions:
            server.stop()
        patch.undo()
        postgres_databases.drop_database(database)


def start_front_end(api: FakeBotApi, port: int, rasa_front: int, telegram_front: int, folder) -> subprocess.Popen:
    """`python -m bot.telegram` in webhook mode, as deployed behind a balancer."""
    environment = {**os.environ, "TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_URL": api.base_url,
                   "RASA_URL": f"http://127.0.0.1:{rasa_front}",
                   "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{telegram_front}/telegram",
                   "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET, "TELEGRAM_WEBHOOK_PORT": str(port)}
    log = open(folder / f"front-end-{port}.log", "wb")
    return subprocess.Popen([sys.executable, "-m", "bot.telegram"], env=environment, stdout=log,
                            stderr=subprocess.STDOUT)


def wait_for_webhooks(api: FakeBotApi, front_ends: list[subprocess.Popen], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(api.calls_to("setWebhook")) < len(front_ends):
        assert all(f.poll() is None for f in front_ends), "a Telegram front end stopped; see its log"
        assert time.monotonic() < deadline, "the Telegram front ends did not set their webhooks"
        time.sleep(0.2)


class BalancedChat(Chat):
    """A person's chat through the balancer, keeping what they sent."""

    def __init__(self, port: int, sender: str) -> None:
        self.rasa = RasaClient(f"http://127.0.0.1:{port}")
        self.sender, self.sent = sender, []

    async def say(self, text: str) -> str:
        self.sent.append(text)
        return await super().say(text)


async def test_twenty_people_through_haproxy_and_two_replicas_lose_reorder_and_repeat_nothing(deployment):
    port, rasa_processes = deployment.rasa_front, deployment.rasa
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


async def test_twenty_people_on_telegram_through_two_webhook_front_ends_lose_reorder_and_repeat_nothing(deployment):
    api = deployment.api
    busy_before = [p.cpu_times().user for p in deployment.front_ends + deployment.rasa]
    people = [(user(7000 + number, "Sam"), *new_participant()) for number in range(PEOPLE)]
    async with httpx.AsyncClient(timeout=30) as telegram:  # Telegram, posting each person's updates in turn
        await asyncio.gather(*(telegram_walk(api, telegram, deployment.telegram_front, person, code)
                               for person, code, _ in people))
    for person, _, participant_id in people:
        saved = answers_of(participant_id)
        assert len(saved) == 13 and saved["venue_choice"] == "community_centre"
        kept = user_messages_kept_by_rasa(await relay.sender_of(person["id"]))
        typed = [action for action, _ in STEPS if action != "join" and not action.startswith("press:")]
        assert len(kept) == len(STEPS) and [m for m in kept if m in typed] == typed  # each once, in order
        assert len(api.sent_messages(person["id"])) <= 2 * len(STEPS)  # nothing sent twice
    busy_after = [p.cpu_times().user for p in deployment.front_ends + deployment.rasa]
    assert all(after - before > 0.5 for after, before in zip(busy_after, busy_before))  # every one served


async def telegram_walk(api: FakeBotApi, telegram: httpx.AsyncClient, front: int, person: dict, code: str) -> None:
    """The parent's walk as Telegram delivers it: each update posted to the balancer when the reply
    to the one before has come, and that reply must say what comes next."""
    chat = person["id"]
    for turn, (action, expected) in enumerate(STEPS, start=1):
        before = len(api.sent_messages(chat))
        if action == "join":
            update = api.text_update(person, f"/start {code}")
        elif action.startswith("press:"):
            message = next(m for m in reversed(api.sent_messages(chat)) if m.get("reply_markup"))
            button = next(b for row in message["reply_markup"]["inline_keyboard"] for b in row
                          if b["text"].startswith(action.removeprefix("press:")))
            update = api.button_update(person, message, button["callback_data"])
        else:
            update = api.text_update(person, action)
        response = await telegram.post(f"http://127.0.0.1:{front}/telegram", json=update,
                                       headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
        assert response.status_code == 200
        deadline = time.monotonic() + 60
        while expected not in " ".join(m["text"] for m in api.sent_messages(chat)[before:]).lower():
            assert time.monotonic() < deadline, f"turn {turn} ({action!r}): no reply saying {expected!r}"
            await asyncio.sleep(0.05)
