"""Bring a database up to the newest schema with Alembic (run by `meeting-prep migrate` and at start)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.store.db import database_url

ALEMBIC_DIR = Path(__file__).parent / "alembic"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    config.set_main_option("sqlalchemy.url", url or database_url())
    return config


def migrate(url: str | None = None) -> None:
    command.upgrade(alembic_config(url), "head")
