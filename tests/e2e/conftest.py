"""The running stack: the trained model served by a real Rasa server, with the real action server.

Started once for all end-to-end tests, on free loopback ports, with a fresh database.
"""
from __future__ import annotations

import pytest

from tests_support import running_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    with running_stack(tmp_path_factory.mktemp("stack")) as services:
        yield services
