"""Engine and sessions. One session per unit of work: `with unit_of_work() as session: ...`.

A unit of work starts by taking its connection, and on SQLite the write lock (BEGIN IMMEDIATE), so a
locked or unreachable database shows before any work is done, when trying again is safe: it is
tried `ATTEMPTS` times, waiting longer each time (`BACKOFF_SECONDS`, doubling), then
`DatabaseUnavailable` says so plainly. On SQLite each try also waits up to `SQLITE_BUSY_SECONDS` for
another process's lock. Taking the write lock first also means a unit of work that reads and then
writes never fails half way because another process wrote in between.

A unit of work that only reads says so (`read_only=True`): on SQLite it takes no write lock (in WAL
mode readers never wait for writers), so the bot's checks on every message do not queue behind Rasa
and the action server; nothing it changes is saved.
"""
from __future__ import annotations

import logging
import os
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)
PROJECT_ROOT = Path(__file__).resolve().parents[2]
ATTEMPTS = 4
BACKOFF_SECONDS = 0.25  # then 0.5 and 1: with SQLite's waits, about 22 seconds before giving up
SQLITE_BUSY_SECONDS = 5.0


class DatabaseUnavailable(RuntimeError):
    """The database stayed locked or could not be reached; nothing was written."""


def data_dir() -> Path:
    """The data folder (MEETING_PREP_DATA, else var/): databases, keys, logs. Made for this user
    only (0700), and made so again if it was left open to others."""
    path = Path(os.environ.get("MEETING_PREP_DATA", PROJECT_ROOT / "var"))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _made_private(str(path))
    return path


@lru_cache(maxsize=None)
def _made_private(folder: str) -> None:
    """Once per folder and process: 0700 if this user owns it (someone else's folder is left alone)."""
    status = os.stat(folder)
    if status.st_mode & 0o077 and status.st_uid == os.geteuid():
        os.chmod(folder, 0o700)


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir() / 'meeting-prep.db'}"


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    # The bot, action server and CLI share one SQLite file: wait on locks instead of failing.
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


@lru_cache(maxsize=None)
def _session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(make_engine(url), expire_on_commit=False)


def engine_for(url: str | None = None) -> Engine:
    """The engine (one connection pool per database, per process) the units of work use."""
    return _session_factory(url or database_url()).kw["bind"]


@contextmanager
def unit_of_work(url: str | None = None, read_only: bool = False) -> Iterator[Session]:
    """Commit on success, roll back on any error, so no half-written records."""
    session = _begin(_session_factory(url or database_url()), read_only)
    try:
        yield session
        if read_only:
            session.rollback()
        else:
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _begin(factory: sessionmaker[Session], read_only: bool) -> Session:
    """A session holding its connection (and on SQLite, unless read only, the write lock), tried
    again while the database is locked or unreachable."""
    for attempt in range(1, ATTEMPTS + 1):
        session = factory()
        try:
            connection = session.connection()
            if connection.dialect.name == "sqlite" and not read_only:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            return session
        except OperationalError as error:
            session.close()
            if attempt == ATTEMPTS:
                raise DatabaseUnavailable(
                    f"The database is locked or cannot be reached ({type(error.orig).__name__}: {error.orig}); "
                    f"tried {ATTEMPTS} times. Nothing was written. Try again in a minute.") from error
            wait = BACKOFF_SECONDS * 2 ** (attempt - 1)
            logger.warning("Database locked or unreachable (try %d of %d); trying again in %.2fs",
                           attempt, ATTEMPTS, wait)
            time.sleep(wait)
    raise AssertionError("unreachable")
