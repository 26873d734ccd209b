"""Bring a database up to the newest schema with Alembic (run by `meeting-prep migrate` and at start)."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config

from bot.store.db import data_dir, database_url

ALEMBIC_DIR = Path(__file__).parent / "alembic"
LOCK_FILE = "migrate.lock"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    config.set_main_option("sqlalchemy.url", url or database_url())
    return config


def migrate(url: str | None = None) -> None:
    with _one_at_a_time():
        command.upgrade(alembic_config(url), "head")


@contextmanager
def _one_at_a_time() -> Iterator[None]:
    """Processes on this machine migrate one after another. The servers starting and a command typed
    at the same moment on a new database both created the tables, and one of them stopped with "table
    already exists"; now the second waits, then finds the tables made. (Servers on several machines
    sharing one PostgreSQL are started after `meeting-prep migrate`, as the README says.)"""
    descriptor = os.open(data_dir() / LOCK_FILE, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
