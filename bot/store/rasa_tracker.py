"""Rasa keeps each conversation in its own SQL tracker store; /forget deletes one from it.

Where that store is: RASA_TRACKER_URL if set; else, when our own store is on PostgreSQL
(DATABASE_URL=postgresql+psycopg://...), the same database (Rasa's table is `events`); else the
SQLite file rasa-tracker.db in the data folder. `tracker_store_endpoint` turns that into the
`tracker_store` section of Rasa's endpoints.yml, so Rasa and /forget always agree.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.store.db import data_dir, database_url

# Rasa reads ${NAME} in endpoints.yml from its environment, so the password is never written to disk.
PASSWORD_VARIABLE = "RASA_TRACKER_PASSWORD"
# Rasa's SQL store with each event encrypted (bot/rasa_components/encrypted_tracker_store.py).
STORE_TYPE = "bot.rasa_components.encrypted_tracker_store.EncryptedSQLTrackerStore"


def tracker_database_url() -> str:
    explicit = os.environ.get("RASA_TRACKER_URL")
    if explicit:
        return explicit
    ours = database_url()
    if make_url(ours).get_backend_name() == "postgresql":
        return ours
    return f"sqlite:///{data_dir() / 'rasa-tracker.db'}"


def tracker_store_endpoint(url: str | None = None) -> tuple[dict, dict[str, str]]:
    """Rasa's `tracker_store` settings for a database URL, and the environment Rasa then needs."""
    parsed = make_url(url or tracker_database_url())
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return {"type": STORE_TYPE, "dialect": "sqlite", "db": parsed.database}, {}
    if backend != "postgresql":
        raise ValueError(f"Rasa's tracker store supports SQLite or PostgreSQL here, not {backend}")
    # Rasa 3.6 uses SQLAlchemy 1.4 with psycopg2: the plain "postgresql" dialect, not "+psycopg".
    settings = {"type": STORE_TYPE, "dialect": "postgresql", "url": parsed.host or "localhost",
                "port": parsed.port or 5432, "db": parsed.database, "username": parsed.username}
    if parsed.query:
        settings["query"] = dict(parsed.query)
    environment = {}
    if parsed.password:
        settings["password"] = "${" + PASSWORD_VARIABLE + "}"
        environment[PASSWORD_VARIABLE] = parsed.password
    return {key: value for key, value in settings.items() if value is not None}, environment


def idle_conversations(silent_since: datetime, url: str | None = None) -> list[str]:
    """Conversations whose latest event is older than `silent_since` (UTC)."""
    engine = create_engine(url or tracker_database_url())
    try:
        with engine.connect() as connection:
            if not engine.dialect.has_table(connection, "events"):
                return []
            query = text("SELECT sender_id FROM events GROUP BY sender_id HAVING max(timestamp) < :before")
            before = silent_since.replace(tzinfo=silent_since.tzinfo or timezone.utc).timestamp()
            return [row[0] for row in connection.execute(query, {"before": before})]
    finally:
        engine.dispose()


def delete_conversation(sender_id: str, url: str | None = None) -> int:
    """Delete every stored event of one conversation; returns how many rows went."""
    engine = create_engine(url or tracker_database_url())
    try:
        with engine.begin() as connection:
            if not engine.dialect.has_table(connection, "events"):
                return 0
            result = connection.execute(text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender_id})
            return result.rowcount
    finally:
        engine.dispose()
