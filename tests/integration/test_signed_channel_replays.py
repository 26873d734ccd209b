"""Replays are refused across Rasa servers: the signatures the signed channel has seen are kept in
the tracker store's database, which every server shares. Run inside Rasa's own environment, with
one SQLite file standing for the shared database and one SeenSignatures per "server"."""
import json
import subprocess

import pytest

from bot.store.db import PROJECT_ROOT

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
SCRIPT = """
import json, sys, threading
import sqlalchemy as sa
from bot.rasa_components.signed_channel import FORGET_OLD_EVERY, SeenSignatures

engine = sa.create_engine("sqlite:///" + sys.argv[1])
servers = [SeenSignatures(engine) for _ in range(4)]
start, accepted = threading.Barrier(len(servers)), []

def take(server):
    start.wait()
    for n in range(50):
        accepted.append(server.first_time(f"sig-{n}", now=1000.0))

threads = [threading.Thread(target=take, args=(server,)) for server in servers]
for thread in threads: thread.start()
for thread in threads: thread.join()
memory = SeenSignatures(None)
in_memory = [memory.first_time("a", 1000.0), memory.first_time("a", 1000.0)]
# Much later, old signatures are cleared out (they would be refused as too old anyway).
later = SeenSignatures(engine)
for n in range(FORGET_OLD_EVERY):
    later.first_time(f"later-{n}", now=1000.0 + 3600)
with engine.connect() as connection:
    left = connection.execute(sa.text("SELECT count(*) FROM signed_requests_seen WHERE signature LIKE 'sig-%'")).scalar()
print(json.dumps({"accepted": sum(accepted), "tried": len(accepted), "in_memory": in_memory, "old_left": left}))
"""


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="Rasa is not installed in .venv-rasa (make test installs it)")
def test_each_signature_is_accepted_once_whichever_server_sees_it(tmp_path):
    run = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT, str(tmp_path / "tracker.db")], cwd=PROJECT_ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["tried"] == 200 and found["accepted"] == 50  # each of the 50 once, by one server
    assert found["in_memory"] == [True, False]
    assert found["old_left"] == 0
