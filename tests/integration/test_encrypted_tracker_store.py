"""Rasa's conversations are encrypted at rest (bot/rasa_components/encrypted_tracker_store.py): run
by Rasa's own Python with the endpoints we write, on SQLite and PostgreSQL. Nothing a person typed,
no answer and no intent name is left in plain text in the database; conversations read back whole,
with rotated keys too; rows from before are still read and get encrypted when Rasa starts."""
import json
import os
import sqlite3
import subprocess
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text

from bot.cli.supervisor import Ports, write_runtime_endpoints
from bot.store.db import PROJECT_ROOT
from bot.store.rasa_tracker import tracker_database_url

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
SECRET = "my nan's address is 12 Elm Road"  # stands for anything a person wrote

# Run by Rasa's Python. "save": store a conversation as `rasa run` does; "read": print every
# conversation's user texts, read by a new store (as after a restart).
SCRIPT = """
import asyncio, json, sys
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

store = TrackerStore.create(read_endpoint_config(sys.argv[1], "tracker_store"), Domain.empty())
if sys.argv[2] == "save":
    tracker = DialogueStateTracker(sys.argv[3], [])
    tracker.update(UserUttered(sys.argv[4], intent={"name": "disclose_harm", "confidence": 0.9}))
    tracker.update(ActionExecuted("action_safeguarding_response"))
    tracker.update(BotUttered("Thank you for telling me about " + sys.argv[4]))
    asyncio.run(store.save(tracker))
found = {}
for sender in asyncio.run(store.keys()):
    tracker = asyncio.run(store.retrieve(sender))
    found[sender] = [e.text for e in tracker.events if isinstance(e, UserUttered)]
print(type(store).__name__, json.dumps(found))
"""


def rasa(endpoints: Path, environment: dict, *args: str) -> dict:
    done = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT, str(endpoints), *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **environment, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 0, done.stderr[-2000:]
    kind, found = done.stdout.strip().splitlines()[-1].split(" ", 1)
    assert kind == "EncryptedSQLTrackerStore"  # not Rasa's silent fallback to memory
    return json.loads(found)


def stored_rows() -> list[tuple]:
    engine = create_engine(tracker_database_url())
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(
                text("SELECT sender_id, type_name, intent_name, action_name, data FROM events ORDER BY id"))]
    finally:
        engine.dispose()


pytestmark = pytest.mark.skipif(not RASA_PYTHON.exists(), reason="Rasa is not installed in .venv-rasa")


def test_a_conversation_is_stored_encrypted_and_read_back_whole(database, monkeypatch, tmp_path):
    monkeypatch.delenv("RASA_TRACKER_URL", raising=False)
    monkeypatch.setenv("MEETING_PREP_KEY", old := Fernet.generate_key().decode())
    endpoints, environment = write_runtime_endpoints(Ports())

    assert rasa(endpoints, environment, "save", "tg-1", SECRET) == {"tg-1": [SECRET]}

    rows = stored_rows()
    assert {row[1] for row in rows} >= {"user", "action", "bot"}  # what Rasa's queries need stays
    assert all(row[2] is None and row[3] is None for row in rows)  # no "disclose_harm"
    # "Elm Road", not "Elm": base64 has no spaces, so only the plain words can match (a ciphertext once held "Elm")
    assert not any("Elm Road" in (row[4] or "") or "disclose" in (row[4] or "") for row in rows)
    if database.startswith("sqlite"):
        files = [p for p in tmp_path.iterdir() if p.name.startswith("rasa-tracker.db")]
        assert files and not any(b"Elm Road" in p.read_bytes() or b"disclose_harm" in p.read_bytes() for p in files)

    monkeypatch.setenv("MEETING_PREP_KEY", f"{Fernet.generate_key().decode()},{old}")  # rotated: new first
    assert rasa(endpoints, environment, "read") == {"tg-1": [SECRET]}
    monkeypatch.setenv("MEETING_PREP_KEY", Fernet.generate_key().decode())  # the wrong key: a clear error
    done = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT, str(endpoints), "read"], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **environment, "PYTHONWARNINGS": "ignore"})
    assert done.returncode != 0 and "is not the key they were written with" in done.stderr
    assert "Elm" not in done.stderr


def test_rows_stored_in_plain_text_before_are_read_and_encrypted_when_rasa_starts(database, monkeypatch):
    monkeypatch.delenv("RASA_TRACKER_URL", raising=False)
    endpoints, environment = write_runtime_endpoints(Ports())
    rasa(endpoints, environment, "save", "tg-new", "hello")  # makes the table
    plain = json.dumps({"event": "user", "text": SECRET, "timestamp": 1.0, "parse_data": {}})
    engine = create_engine(tracker_database_url())
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO events (sender_id, type_name, timestamp, intent_name, data) "
                                "VALUES ('tg-old', 'user', 1.0, 'inform', :data)"), {"data": plain})
    engine.dispose()

    assert rasa(endpoints, environment, "read") == {"tg-new": ["hello"], "tg-old": [SECRET]}
    assert not any("Elm Road" in (row[4] or "") or row[2] for row in stored_rows())


# Run by Rasa's Python: five turns saved and read back; prints how many SQLite connections were opened.
COUNT_CONNECTIONS = """
import asyncio, sys
import sqlalchemy as sa
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.utils.endpoints import read_endpoint_config

store = TrackerStore.create(read_endpoint_config(sys.argv[1], "tracker_store"), Domain.empty())
opened = []
sa.event.listen(store.engine, "connect", lambda *_: opened.append(1))
for turn in range(5):
    tracker = asyncio.run(store.retrieve("tg-1")) or store.init_tracker("tg-1")
    tracker.update(UserUttered(f"message {turn}"))
    asyncio.run(store.save(tracker))
print(len(opened), len(asyncio.run(store.retrieve("tg-1")).events))
"""


def test_on_sqlite_rasa_keeps_its_connections_open_between_turns(database, monkeypatch):
    if not database.startswith("sqlite"):
        pytest.skip("PostgreSQL has Rasa's own pool")
    monkeypatch.delenv("RASA_TRACKER_URL", raising=False)
    endpoints, environment = write_runtime_endpoints(Ports())
    done = subprocess.run([str(RASA_PYTHON), "-c", COUNT_CONNECTIONS, str(endpoints)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **environment, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 0, done.stderr[-2000:]
    opened, events = map(int, done.stdout.split()[-2:])
    assert events >= 5  # every turn kept
    assert opened <= 2  # SQLAlchemy's NullPool for SQLite files opened one for every session: 10 or more


def test_on_sqlite_rasa_starts_while_another_server_is_writing_to_the_file(database, monkeypatch):
    """Two Rasa servers starting on one file: one writing while the other switches the file to WAL,
    which SQLite refuses at once rather than waiting. The second waits for the first and starts."""
    if not database.startswith("sqlite"):
        pytest.skip("a SQLite file's journal")
    monkeypatch.delenv("RASA_TRACKER_URL", raising=False)
    endpoints, environment = write_runtime_endpoints(Ports())
    rasa(endpoints, environment, "save", "tg-1", "hello")  # makes the file, in WAL
    path = tracker_database_url().removeprefix("sqlite:///")
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("PRAGMA journal_mode=DELETE")  # as a new file is, before the first server switches it
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM events WHERE sender_id = 'nobody'")  # holds the write lock
    threading.Timer(2.0, lambda: writer.execute("COMMIT")).start()
    try:
        assert rasa(endpoints, environment, "read") == {"tg-1": ["hello"]}
    finally:
        time.sleep(2.1)
        writer.close()
    with closing(sqlite3.connect(path)) as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
