"""The lock stores several Rasa servers or workers share (bot/rasa_components/lock_store.py), run inside
Rasa's own environment: the Redis one against a real redis-server, the SQLite one on a file. Each is
loaded the way Rasa loads it, and tickets taken at the same moment by separate stores (as by separate
servers or workers) are all different, then all cleaned up."""
import json
import subprocess

import pytest

from bot.store.db import PROJECT_ROOT
from redis_server import running_redis

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
SCRIPT = """
import json, sys, threading
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig

config = EndpointConfig(**json.loads(sys.argv[1]))
stores = [LockStore.create(config) for _ in range(8)]  # one per "server"
tickets, start = [], threading.Barrier(len(stores))

def take(store):
    start.wait()
    for _ in range(25):
        tickets.append(store.issue_ticket("tg-1"))

threads = [threading.Thread(target=take, args=(store,)) for store in stores]
for thread in threads: thread.start()
for thread in threads: thread.join()
waiting_before = stores[0].is_someone_waiting("tg-1")
for number in sorted(tickets):
    stores[number % len(stores)].cleanup("tg-1", number)
print(json.dumps({"kind": type(stores[0]).__name__, "tickets": tickets, "waiting_before": waiting_before,
                  "left": stores[0].get_lock("tg-1") is not None}))
"""
pytestmark = pytest.mark.skipif(not RASA_PYTHON.exists(), reason="Rasa is not installed in .venv-rasa (make test installs it)")


def taken_at_once(config: dict) -> dict:
    run = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT, json.dumps(config)], cwd=PROJECT_ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def assert_all_different_and_cleaned_up(found: dict) -> None:
    assert sorted(found["tickets"]) == list(range(200))  # none given twice, none skipped
    assert found["waiting_before"] is True and found["left"] is False


def test_redis_tickets_taken_at_once_by_several_servers_are_all_different_and_cleaned_up():
    with running_redis() as port:
        found = taken_at_once({"url": "127.0.0.1", "type": "bot.rasa_components.lock_store.AtomicRedisLockStore",
                               "port": port, "db": 0, "key_prefix": "test"})
    assert found["kind"] == "AtomicRedisLockStore"
    assert_all_different_and_cleaned_up(found)


def test_sqlite_tickets_taken_at_once_by_several_workers_are_all_different_and_cleaned_up(tmp_path):
    found = taken_at_once({"type": "bot.rasa_components.lock_store.SQLiteLockStore", "path": str(tmp_path / "locks.db")})
    assert found["kind"] == "SQLiteLockStore"
    assert_all_different_and_cleaned_up(found)
