"""Shared fixtures: a fresh, migrated SQLite database and a fake Rasa server for each test."""
import pytest

from bot.store.migrate import migrate
from fakes.fake_rasa import FakeRasa


@pytest.fixture
def database(tmp_path, monkeypatch):
    """Point the app at a new SQLite file under tmp_path, migrated to the newest schema."""
    url = f"sqlite:///{tmp_path / 'meeting-prep.db'}"
    monkeypatch.setenv("MEETING_PREP_DATA", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", url)
    migrate(url)
    yield url


@pytest.fixture
def fake_rasa():
    """A running fake Rasa REST channel; see tests/fakes/fake_rasa.py."""
    with FakeRasa() as server:
        yield server
