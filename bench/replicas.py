"""Scale-out (issue 16): many people at once through HAProxy, with one and with two Rasa replicas.

The set-up of tests/e2e/test_replicas_behind_haproxy.py, all on 127.0.0.1: N Rasa replicas (one
Sanic worker each, so the replicas are what changes) and N action servers, each set behind HAProxy,
sharing a PostgreSQL database (our store and Rasa's tracker store) and Redis (Rasa's lock store).
Each person holds the bench's conversation through the balancer, as the bare path does (signed REST,
no front end), waiting for each reply. Counted: messages answered, lost, answered off script (a
reply out of order says the wrong thing), and each person's messages Rasa kept (more than sent would
be a duplicate). On one 2-core machine this shows what the replicas cost and that nothing goes
wrong across them, not that they scale: the replicas share the same two cores.

PostgreSQL comes from .ci/postgres.sh, Redis and HAProxy from the tests' helpers (Debian packages,
installed when missing and we are root); without them the part says why and is left out.
"""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.load import Run, _run, free_port, new_invite_codes
from bench.memory import ProcessSampler
from bench.users import SCRIPT, bare_user
from bot.chat.rasa_client import WEBHOOK_PATH, channel_secret_file
from bot.store import signing
from bot.cli.supervisor import Ports, Services
from bot.store.migrate import migrate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the tests' throwaway Redis and HAProxy
from haproxy_server import running_haproxy  # noqa: E402
from redis_server import running_redis  # noqa: E402

LOCK_STORE = "bot.rasa_components.lock_store.AtomicRedisLockStore"
SETTINGS = ("MEETING_PREP_DATA", "DATABASE_URL", "MEETING_PREP_RASA_WORKERS", "MEETING_PREP_ENCODER_MEMORY")


def run(people: int, replica_counts: tuple[int, ...] = (1, 2), progress=print) -> dict:
    """For each number of replicas: the figures of `people` people at once, and what Rasa kept."""
    import pytest  # the helpers skip with pytest's exception when a program cannot be installed

    postgres = tempfile.mkdtemp(prefix="meeting-prep-bench-pg-")
    saved = {name: os.environ.get(name) for name in SETTINGS}
    try:
        started = subprocess.run([str(ROOT / ".ci" / "postgres.sh"), "start", postgres], capture_output=True,
                                 text=True)
        if started.returncode != 0:
            return {"skipped": "PostgreSQL could not be started: " + started.stderr.strip()[-300:]}
        server = started.stdout.strip()
        with running_redis() as redis:
            return {"people": people, "runs": [_measure(count, people, _new_database(server, f"bench_replicas_{count}"),
                                                        redis, progress) for count in replica_counts]}
    except pytest.skip.Exception as why:
        return {"skipped": str(why)}
    finally:
        subprocess.run([str(ROOT / ".ci" / "postgres.sh"), "stop", postgres], capture_output=True)
        for name, value in saved.items():
            os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)


def _new_database(server: str, name: str) -> str:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _measure(replicas: int, people: int, database: str, redis: int, progress) -> dict:
    data = Path(tempfile.mkdtemp(prefix=f"meeting-prep-bench-replicas-{replicas}-"))
    os.environ.update({"MEETING_PREP_DATA": str(data), "DATABASE_URL": database, "MEETING_PREP_RASA_WORKERS": "1",
                       "MEETING_PREP_ENCODER_MEMORY": "0"})
    migrate()
    lock_store = {"type": LOCK_STORE, "url": "127.0.0.1", "port": redis, "db": 0, "key_prefix": f"bench{replicas}"}
    front, actions_front = free_port(), free_port()
    actions = [Services(Ports(rasa=free_port(), actions=free_port(), web=free_port())) for _ in range(replicas)]
    rasa = [Services(Ports(rasa=free_port(), actions=actions_front, web=free_port()), lock_store=lock_store)
            for _ in range(replicas)]
    sampler = ProcessSampler().start()
    try:
        for server in actions:
            server.start_one("actions")
        for server in rasa:
            server.start_one("rasa")
        for server in actions + rasa:
            server.wait_until_ready(timeout=300)
        for number, server in enumerate(rasa, start=1):
            sampler.watch(f"rasa {number}", server.processes["rasa"].pid)
        frontends = {"rasa": (front, [s.ports.rasa for s in rasa], "/"),
                     "actions": (actions_front, [s.ports.actions for s in actions], "/health")}
        with running_haproxy(frontends, data):
            codes = iter(new_invite_codes(people + 1))
            summary = asyncio.run(_drive(f"http://127.0.0.1:{front}{WEBHOOK_PATH}", people, codes, sampler))
    finally:
        for server in rasa + actions:
            server.stop()
        sampler.stop()
    kept = _user_messages_kept(database)
    summary.update(replicas=replicas, duplicated=sum(max(n - SENT_PER_PERSON, 0) for n in kept.values()),
                   conversations_kept=len(kept))
    progress(f"{replicas} replica(s), {people} people: p50 {summary['p50_ms']} ms, {summary['msgs_per_s']} msg/s, "
             f"lost {summary['lost']}/{summary['sent']}, off script {1 - summary['on_script']:.1%}, "
             f"duplicated {summary['duplicated']}")
    return summary


SENT_PER_PERSON = len(SCRIPT)


async def _drive(url: str, people: int, codes, sampler: ProcessSampler) -> dict:
    secret = signing.ensure_secret(channel_secret_file())
    limits = httpx.Limits(max_connections=people + 10, max_keepalive_connections=people + 10)
    ids = iter(range(10**6))
    async with httpx.AsyncClient(limits=limits) as client:
        def person(run: Run, index: int):
            return bare_user(run.turns, client, url, secret, f"replicas-{next(ids)}", next(codes))

        await _run("warm-up", 1, person, sampler, seed=0, conversations=1)
        return (await _run("replicas", people, person, sampler, seed=people, conversations=1)).summary()


def _user_messages_kept(database: str) -> dict[str, int]:
    """How many user messages Rasa kept for each person the bench played (the warm-up is one of them)."""
    engine = create_engine(database)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT sender_id, count(*) FROM events WHERE type_name = 'user' "
                                           "AND sender_id LIKE 'replicas-%' GROUP BY sender_id")).all()
    finally:
        engine.dispose()
    return {sender: count for sender, count in rows}


if __name__ == "__main__":  # python -m bench.replicas [people]: only this part
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
