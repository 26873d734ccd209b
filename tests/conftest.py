"""Shared fixtures: a fresh, migrated database and a fake Rasa server for each test.

Tests that take `database` run twice: on SQLite, and on PostgreSQL when TEST_POSTGRES_URL points at
a server (`make test` starts a throwaway one with .ci/postgres.sh); without it that run is skipped.
"""
import pytest

import postgres_databases
from bot.store.db import engine_for
from bot.store.migrate import migrate
from fakes.fake_rasa import FakeRasa

NO_POSTGRES = "TEST_POSTGRES_URL is not set (`make test` starts a PostgreSQL server for these)"


def pytest_sessionfinish(session, exitstatus):
    if postgres_databases.SERVER_URL:
        postgres_databases.drop_template()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    """Which database the test runs on."""
    if request.param == "postgresql" and not postgres_databases.SERVER_URL:
        pytest.skip(NO_POSTGRES)
    return request.param


@pytest.fixture
def database(backend, tmp_path, monkeypatch):
    """Point the app at a new database (a SQLite file under tmp_path, or a new PostgreSQL database),
    migrated to the newest schema; the data folder (and so the encryption key) is tmp_path."""
    monkeypatch.setenv("MEETING_PREP_DATA", str(tmp_path))
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'meeting-prep.db'}"
        migrate(url)
    else:
        url = postgres_databases.migrated_database()
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    engine_for(url).dispose()
    if backend == "postgresql":
        postgres_databases.drop_database(url)


@pytest.fixture
def sqlite_database(tmp_path, monkeypatch):
    """A new migrated SQLite database only: for tests about something else that still need one."""
    monkeypatch.setenv("MEETING_PREP_DATA", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'meeting-prep.db'}"
    migrate(url)
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    engine_for(url).dispose()


@pytest.fixture
def fake_rasa():
    """A running fake Rasa REST channel; see tests/fakes/fake_rasa.py."""
    with FakeRasa() as server:
        yield server
