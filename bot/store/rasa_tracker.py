"""Rasa keeps each conversation in its own SQL tracker store; /forget deletes one from it."""
from __future__ import annotations

import os

from sqlalchemy import create_engine, text

from bot.store.db import data_dir


def tracker_database_url() -> str:
    return os.environ.get("RASA_TRACKER_URL") or f"sqlite:///{data_dir() / 'rasa-tracker.db'}"


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
