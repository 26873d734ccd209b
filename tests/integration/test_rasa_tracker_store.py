"""Rasa's tracker store follows our database: the endpoints we write are read by Rasa itself
(from .venv-rasa), and /forget deletes from the same place."""
import os
import subprocess

import pytest
from sqlalchemy import create_engine, text

from bot.cli.supervisor import Ports, write_runtime_endpoints
from bot.store.db import PROJECT_ROOT
from bot.store.rasa_tracker import STORE_TYPE, delete_conversation, tracker_database_url, tracker_store_endpoint

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"

# Run by Rasa's Python: open the tracker store from our endpoints.yml as `rasa run` does, save two chats.
SAVE_TWO_CONVERSATIONS = """
import asyncio, sys
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

store = TrackerStore.create(read_endpoint_config(sys.argv[1], "tracker_store"), Domain.empty())
print(type(store).__name__, store.engine.dialect.name)
for sender in ("tg-1", "tg-2"):
    tracker = DialogueStateTracker(sender, [])
    tracker.update(UserUttered("hello"))
    asyncio.run(store.save(tracker))
"""


def test_a_postgresql_database_url_becomes_rasas_postgresql_tracker_store_without_the_password_on_disk():
    settings, environment = tracker_store_endpoint(
        "postgresql+psycopg://bot:p%40ss@db.example:6543/meeting_prep?sslmode=require")
    assert settings == {"type": STORE_TYPE, "dialect": "postgresql", "url": "db.example", "port": 6543,
                        "db": "meeting_prep", "username": "bot", "password": "${RASA_TRACKER_PASSWORD}",
                        "query": {"sslmode": "require"}}
    assert environment == {"RASA_TRACKER_PASSWORD": "p@ss"}


def test_a_sqlite_database_keeps_rasas_conversations_in_their_own_file(tmp_path, monkeypatch):
    monkeypatch.setenv("MEETING_PREP_DATA", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'meeting-prep.db'}")
    monkeypatch.delenv("RASA_TRACKER_URL", raising=False)
    assert tracker_store_endpoint() == ({"type": STORE_TYPE, "dialect": "sqlite", "db": str(tmp_path / "rasa-tracker.db")}, {})


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="Rasa is not installed in .venv-rasa (make test installs it)")
def test_rasa_stores_conversations_where_we_say_and_forget_deletes_one_there(database, monkeypatch):
    monkeypatch.delenv("RASA_TRACKER_URL", raising=False)
    endpoints, environment = write_runtime_endpoints(Ports())
    done = subprocess.run([str(RASA_PYTHON), "-c", SAVE_TWO_CONVERSATIONS, str(endpoints)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **environment, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 0, done.stderr[-2000:]
    dialect = "postgresql" if database.startswith("postgresql") else "sqlite"
    assert f"SQLTrackerStore {dialect}" in done.stdout

    assert delete_conversation("tg-1") > 0

    engine = create_engine(tracker_database_url())
    with engine.connect() as connection:
        senders = {row[0] for row in connection.execute(text("SELECT sender_id FROM events"))}
    engine.dispose()
    assert senders == {"tg-2"}
