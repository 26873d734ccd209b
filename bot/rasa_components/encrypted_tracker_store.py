"""Rasa's SQL tracker store with every event encrypted, with the same keys as our own tables.

Rasa keeps each conversation as rows of the `events` table, and each row's `data` holds the whole
event: what the person typed, the answers in slots, what the bot said. Here `data` is encrypted with
Fernet (bot/store/keys.py: MEETING_PREP_KEY, rotation included) as it is written and decrypted as it
is read, so the table holds no plain text. Rasa's other columns stay as its queries need them:
`sender_id` (which conversation), `type_name` and `timestamp` (where the latest session starts) and
`id` (order). `intent_name` and `action_name` are only ever written by Rasa, never read, and would
show, say, that someone disclosed harm (`disclose_harm`), so they are left empty.

Rows written before this store (plain JSON) are read as they are, and encrypted when a server with
this store starts. Runs inside Rasa (.venv-rasa), named by module path in endpoints.yml:
`tracker_store: {type: bot.rasa_components.encrypted_tracker_store.EncryptedSQLTrackerStore, ...}`
with the same settings as Rasa's `SQL` store.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, _create_sequence
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool
from sqlalchemy.types import TypeDecorator

from bot.store import keys

PLAIN_JSON_START = "{"  # a Fernet token never starts so: it is base64 of a version byte 0x80


def _cipher() -> Any:
    return keys.cipher(Path(os.environ.get("MEETING_PREP_DATA") or Path.cwd() / "var"))


class EncryptedEvent(TypeDecorator):
    """An event's JSON, stored encrypted."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else keys.encrypt(_cipher(), value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        if value is None or value.startswith(PLAIN_JSON_START):
            return value
        return keys.decrypt(_cipher(), value)


class NotKept(TypeDecorator):
    """A column Rasa writes but never reads: nothing is stored in it."""

    impl = sa.String(255)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> None:
        return None


def _quick_commits(engine: Any) -> None:
    """SQLite, as Rasa's workers and our signed channel share the file: readers never wait for a writer
    (WAL), a commit does not wait for the disk (synchronous=NORMAL: after a power cut the last turns may
    be missing, the file is never broken; commits were a tenth of the time py-spy saw Rasa spend on a
    message, though little of it CPU), and a busy file is waited for rather than failing."""
    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    engine.dispose()  # connections opened before this get the settings too
    _use_wal(engine)


def _use_wal(engine: Any, patience: float = 30.0) -> None:
    """Switch the file to WAL (kept in the file). While another server starting on the same file holds
    its write lock, SQLite refuses the switch at once rather than waiting: try again until it is free."""
    deadline = time.monotonic() + patience
    while True:
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            return
        except sa.exc.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class EncryptedSQLTrackerStore(SQLTrackerStore):
    Base = declarative_base()

    class SQLEvent(Base):
        __tablename__ = "events"

        id = sa.Column(sa.Integer, _create_sequence(__tablename__), primary_key=True)
        sender_id = sa.Column(sa.String(255), nullable=False, index=True)
        type_name = sa.Column(sa.String(255), nullable=False)
        timestamp = sa.Column(sa.Float)
        intent_name = sa.Column(NotKept)
        action_name = sa.Column(NotKept)
        data = sa.Column(EncryptedEvent)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self._keep_connections_open()
            _quick_commits(self.engine)
        self.encrypt_plain_rows()

    def _keep_connections_open(self) -> None:
        """For a SQLite file SQLAlchemy 1.4 opens and closes a connection for every session (NullPool),
        and Rasa opens several sessions a turn: py-spy saw closing them alone take 6% of Rasa's time.
        A small pool keeps them open (one event loop uses them, one at a time each)."""
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, poolclass=QueuePool, pool_size=2, max_overflow=8,
                                       connect_args={"check_same_thread": False})
        self.sessionmaker = sessionmaker(bind=self.engine)

    def encrypt_plain_rows(self, batch: int = 500) -> int:
        """Encrypt rows written in plain JSON before this store; returns how many. Safe when several
        servers start at once: a row is changed only if it still holds the plain text read."""
        events, done = self.SQLEvent.__table__, 0
        while True:
            with self.engine.begin() as connection:
                plain = connection.execute(
                    sa.select(events.c.id, sa.cast(events.c.data, sa.Text).label("plain"))
                    .where(sa.cast(events.c.data, sa.Text).like(PLAIN_JSON_START + "%")).limit(batch)).all()
                for row in plain:
                    connection.execute(events.update()
                                       .where(events.c.id == row.id, sa.cast(events.c.data, sa.Text) == row.plain)
                                       .values(data=row.plain, intent_name=None, action_name=None))
            done += len(plain)
            if len(plain) < batch:
                return done
