"""A throwaway HAProxy on 127.0.0.1 in front of several servers, for the scale-out test (issue 16).

Uses Debian's `haproxy`, installed with apt-get when missing and we are root; the fixture skips,
saying why, only when it cannot be installed. Each frontend spreads requests over its servers in turn
(HTTP mode balances every request, not every connection) and stops sending to one that fails its
health check.
"""
from __future__ import annotations

import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from debian_packages import installed_program

SERVER_MAXCONN = 32  # as in haproxy.cfg
CANNOT_INSTALL = "haproxy is not installed and could not be (needs root and apt-get: 'apt-get install haproxy')"


def configuration(frontends: dict[str, tuple[int, list[int], str | None]]) -> str:
    """haproxy.cfg for {name: (port to listen on, servers' ports, health check path, or None to check
    that the server takes connections)}."""
    lines = ["global", "  maxconn 2000", "defaults", "  mode http", "  timeout connect 5s", "  timeout client 120s",
             "  timeout server 120s", "  timeout queue 120s", "  timeout check 10s", "  retries 2",
             # A busy server gets requests in turn from HAProxy's queue, not hundreds at once: its
             # own backlog stays short, so its health check still gets through and it is not taken out.
             f"  default-server maxconn {SERVER_MAXCONN} inter 2s fall 5"]
    for name, (port, servers, health) in frontends.items():
        lines += [f"frontend {name}", f"  bind 127.0.0.1:{port}", f"  default_backend {name}",
                  f"backend {name}", "  balance roundrobin"] + ([f"  option httpchk GET {health}"] if health else [])
        lines += [f"  server {name}{number} 127.0.0.1:{server} check"
                  for number, server in enumerate(servers, start=1)]
    return "\n".join(lines) + "\n"


@contextmanager
def running_haproxy(frontends: dict[str, tuple[int, list[int], str | None]], folder: Path) -> Iterator[None]:
    """HAProxy with these frontends, once each with a health check answers it through the balancer."""
    program = installed_program("haproxy", "haproxy")
    if program is None:
        pytest.skip(CANNOT_INSTALL)
    config = folder / "haproxy.cfg"
    config.write_text(configuration(frontends))
    log = open(folder / "haproxy.log", "wb")
    process = subprocess.Popen([program, "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        for port, _, health in frontends.values():
            while health:
                assert process.poll() is None, f"haproxy stopped; see {folder / 'haproxy.log'}"
                try:
                    if httpx.get(f"http://127.0.0.1:{port}{health}", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "haproxy did not pass requests on"
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
