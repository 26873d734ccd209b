"""A database that is locked for a moment, locked for too long, or not there at all: a unit of
work tries again with growing waits, then fails with a clear error having written nothing."""
from __future__ import annotations

import logging
import socket
import sqlite3
import threading
import time

import pytest
from sqlalchemy import select

from bot.store import db, repository
from bot.store.db import DatabaseUnavailable, unit_of_work
from bot.store.models import Meeting


@pytest.fixture
def locker(sqlite_database, monkeypatch):
    """Another connection to the same SQLite file that can hold its exclusive lock."""
    monkeypatch.setattr(db, "SQLITE_BUSY_SECONDS", 0.1)  # read when this test's engine is made
    connection = sqlite3.connect(sqlite_database.removeprefix("sqlite:///"), isolation_level=None,
                                 check_same_thread=False)
    connection.execute("BEGIN EXCLUSIVE")
    yield connection
    if connection.in_transaction:
        connection.execute("COMMIT")
    connection.close()


def meetings() -> list[str]:
    with unit_of_work() as session:
        return [m.title for m in session.scalars(select(Meeting))]


def test_a_lock_held_for_a_moment_is_waited_out_and_the_work_done(locker, caplog):
    threading.Timer(0.6, lambda: locker.execute("COMMIT")).start()
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="bot.store.db"):
        with unit_of_work() as session:
            repository.create_meeting(session, "Smith family", "Amira")
    assert 0.6 <= time.monotonic() - started < 5
    assert meetings() == ["Smith family"]
    assert "try 1 of 4" in caplog.text  # it was locked, and tried again


def test_a_lock_held_too_long_gives_a_clear_error_and_writes_nothing(locker, monkeypatch):
    monkeypatch.setattr(db, "BACKOFF_SECONDS", 0.01)
    with pytest.raises(DatabaseUnavailable, match="locked or cannot be reached.*database is locked.*tried 4 times"):
        with unit_of_work() as session:
            repository.create_meeting(session, "Smith family", "Amira")
    locker.execute("COMMIT")
    assert meetings() == []


def test_a_lock_does_not_stop_the_work_being_tried_from_the_start(locker):
    """Nothing in the body runs until the lock is had, so nothing is done twice or half done."""
    ran = []
    threading.Timer(0.3, lambda: locker.execute("COMMIT")).start()
    with unit_of_work() as session:
        ran.append(1)
        repository.create_meeting(session, "Smith family", "Amira")
    assert ran == [1] and meetings() == ["Smith family"]


def test_a_database_server_that_cannot_be_reached_gives_a_clear_error(monkeypatch):
    monkeypatch.setattr(db, "BACKOFF_SECONDS", 0.01)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+psycopg://nobody@127.0.0.1:{port}/nothing?connect_timeout=2"
    with pytest.raises(DatabaseUnavailable, match="(?s)cannot be reached.*tried 4 times"):
        with unit_of_work(url):
            pytest.fail("the body must not run without a database")
    db.engine_for(url).dispose()


def test_reading_does_not_wait_for_another_writer(sqlite_database, monkeypatch):
    """The bot's checks on every message read without the write lock (WAL: readers never wait)."""
    with unit_of_work() as session:
        repository.create_meeting(session, "Smith family", "Amira")
    writer = sqlite3.connect(sqlite_database.removeprefix("sqlite:///"), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process is writing
    monkeypatch.setattr(db, "BACKOFF_SECONDS", 0.01)
    try:
        started = time.monotonic()
        with unit_of_work(read_only=True) as session:
            titles = [m.title for m in session.scalars(select(Meeting))]
        assert titles == ["Smith family"] and time.monotonic() - started < 0.5
    finally:
        writer.execute("COMMIT")
        writer.close()


def test_changes_made_in_a_read_only_unit_of_work_are_not_saved(database):
    with unit_of_work() as session:
        repository.create_meeting(session, "Smith family", "Amira")
    with unit_of_work(read_only=True) as session:
        session.scalars(select(Meeting)).one().title = "Changed"
    assert meetings() == ["Smith family"]
