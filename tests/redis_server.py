"""A throwaway redis-server on a free loopback port, for the tests of Rasa's lock store.

Uses Debian's `redis-server`, installed with apt-get when missing and we are root; the fixture
skips, saying why, only when it cannot be installed.
"""
from __future__ import annotations

import socket
import subprocess
import time
from contextlib import contextmanager
from typing import Iterator

import pytest

from debian_packages import installed_program

CANNOT_INSTALL = "redis-server is not installed and could not be (needs root and apt-get: 'apt-get install redis-server')"


def redis_cli(port: int, *command: str) -> str:
    return subprocess.run(["redis-cli", "-p", str(port), *command], capture_output=True, text=True, timeout=10).stdout


@contextmanager
def running_redis() -> Iterator[int]:
    """Start redis-server (no persistence) and give its port; skip the test when there is none."""
    program = installed_program("redis-server", "redis-server")
    if program is None:
        pytest.skip(CANNOT_INSTALL)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([program, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while "PONG" not in redis_cli(port, "ping"):
            assert time.monotonic() < deadline and process.poll() is None, "redis-server did not start"
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
