"""Alembic migrations on SQLite and PostgreSQL: they run both ways, and end where the models are."""
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import postgres_databases
from bot.store.migrate import alembic_config
from bot.store.models import Base

RASA_TABLES = {"events"}  # Rasa's tracker store may share our PostgreSQL database


@pytest.fixture
def empty_database(backend, tmp_path, monkeypatch):
    monkeypatch.setenv("MEETING_PREP_DATA", str(tmp_path))
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        url = postgres_databases.empty_database()
        yield url
        postgres_databases.drop_database(url)


def differences(url: str) -> list:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            found = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    return [d for d in found if not (d[0] == "remove_table" and d[1].name in RASA_TABLES)]


def test_migrations_go_up_down_and_up_again(empty_database):
    config = alembic_config(empty_database)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")


def test_the_migrated_schema_is_what_the_models_describe(empty_database):
    command.upgrade(alembic_config(empty_database), "head")
    assert differences(empty_database) == []
