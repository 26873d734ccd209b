"""The Redis lock store several Rasa servers share (bot/rasa_components/lock_store.py), run inside
Rasa's own environment against a real redis-server: loaded the way Rasa loads it, and tickets taken
at the same moment by separate stores (as by separate servers) are all different."""
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

config = EndpointConfig(url="127.0.0.1", type="bot.rasa_components.lock_store.AtomicRedisLockStore",
                        port=int(sys.argv[1]), db=0, key_prefix="test")
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
                  "left": stores[0].red.exists(stores[0].key_prefix + "tg-1")}))
"""


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="Rasa is not installed in .venv-rasa (make test installs it)")
def test_tickets_taken_at_once_by_several_servers_are_all_different_and_cleaned_up():
    with running_redis() as port:
        run = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT, str(port)], cwd=PROJECT_ROOT, capture_output=True,
                             text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["kind"] == "AtomicRedisLockStore"
    assert sorted(found["tickets"]) == list(range(200))  # none given twice, none skipped
    assert found["waiting_before"] is True and found["left"] == 0
