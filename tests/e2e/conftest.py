"""The running stack: the trained model served by a real Rasa server, with the real action server.

Started once for all end-to-end tests, on free loopback ports, with a fresh database.
"""
from __future__ import annotations

import socket

import pytest

from bot.services import MODEL_PATH, Ports, Services
from bot.store.migrate import migrate


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not MODEL_PATH.exists():
        pytest.fail(f"No trained model at {MODEL_PATH}: run the tests with `make test`, which trains it.")
    data = tmp_path_factory.mktemp("stack")
    patch = pytest.MonkeyPatch()
    patch.setenv("MEETING_PREP_DATA", str(data))
    patch.setenv("DATABASE_URL", f"sqlite:///{data / 'meeting-prep.db'}")
    migrate()
    services = Services(Ports(rasa=free_port(), actions=free_port(), web=free_port()))
    services.start()
    try:
        services.wait_until_ready(timeout=240)
        yield services
    finally:
        services.stop()
        patch.undo()
