"""Fixtures for the Telegram tests: a fake Bot API server (tests/fakes/fake_bot_api.py)."""
import pytest

from fakes.fake_bot_api import FakeBotApi


@pytest.fixture
def api():
    with FakeBotApi() as server:
        yield server
