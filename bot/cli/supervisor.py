"""Starts, watches and stops the Rasa server, the action server, the coordinator web page (on
loopback only) and the safeguarding alerts worker."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

from bot.chat.rasa_client import channel_secret_file
from bot.store import signing
from bot.store.db import PROJECT_ROOT, data_dir, database_url
from bot.store.rasa_tracker import tracker_store_endpoint

MODEL_PATH = PROJECT_ROOT / "models" / "meeting-prep.tar.gz"
# Largest request body the action server reads (Sanic's default is 100 MB). A whole conversation's
# action call is about 150 kB and messages are cut to 4,000 characters; bigger is answered 413.
ACTION_REQUEST_MAX_SIZE = 4 * 1024 * 1024


@dataclass(frozen=True)
class Ports:
    rasa: int = int(os.environ.get("RASA_PORT", 5005))
    actions: int = int(os.environ.get("ACTION_PORT", 5055))
    web: int = int(os.environ.get("WEB_PORT", 8000))


def rasa_executable() -> Path:
    return Path(os.environ.get("RASA_BIN", PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"))


# The action server answers only calls that carry this token (actions/server.py); Rasa sends it as
# `?token=` (action_endpoint's `token`), read from its environment so it is never written to disk.
ACTION_TOKEN_VARIABLE = "MEETING_PREP_ACTION_TOKEN"


def action_token() -> str:
    """The action server's token: made once, kept in the data folder (0600)."""
    return signing.ensure_secret(data_dir() / "action-server.key").decode("ascii")


def write_runtime_endpoints(ports: Ports, lock_store: dict | None = None) -> tuple[Path, dict[str, str]]:
    """endpoints.yml with this run's action server port and token, and tracker store (the SQLite file
    in the data folder, or PostgreSQL when DATABASE_URL is), and the environment Rasa needs to read it.
    `lock_store` is Rasa's lock store section (e.g. Redis, for several Rasa servers)."""
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{ports.actions}/webhook"
    endpoints["action_endpoint"]["token"] = "${" + ACTION_TOKEN_VARIABLE + "}"
    endpoints["tracker_store"], environment = tracker_store_endpoint()
    environment = {**environment, ACTION_TOKEN_VARIABLE: action_token()}
    if lock_store:
        endpoints["lock_store"] = lock_store
    path = data_dir() / "endpoints.yml"
    path.write_text(yaml.safe_dump(endpoints))
    return path, environment


# Rasa's server is one process on one core unless it has several Sanic workers, which must share a lock
# store. With no Redis given, the workers of this machine share one in a SQLite file.
RASA_WORKERS_VARIABLE = "MEETING_PREP_RASA_WORKERS"
SQLITE_LOCK_STORE = "bot.rasa_components.lock_store.SQLiteLockStore"


def rasa_workers() -> int:
    return max(1, int(os.environ.get(RASA_WORKERS_VARIABLE, "2")))


def local_lock_store() -> dict:
    return {"type": SQLITE_LOCK_STORE, "path": str(data_dir() / "rasa-locks.db")}


class Services:
    """The servers and the alerts worker as child processes; `stop()` ends them all (also on Ctrl-C or SIGTERM)."""

    def __init__(self, ports: Ports = Ports(), model: Path = MODEL_PATH, lock_store: dict | None = None) -> None:
        self.ports, self.model, self.lock_store = ports, model, lock_store
        self.processes: dict[str, subprocess.Popen] = {}
        self.log_dir = data_dir() / "logs"

    def start(self) -> None:
        if not self.model.exists():
            raise SystemExit(f"No trained model at {self.model}. Run `make run` (it trains one).")
        for name in ("actions", "rasa", "web", "alerts"):
            self.start_one(name)

    def start_one(self, name: str) -> None:
        """Start one server ("actions", "rasa", "web" or "alerts"), e.g. again after `stop_one`."""
        self.log_dir.mkdir(exist_ok=True)
        secret_file = channel_secret_file()
        signing.ensure_secret(secret_file)
        env = {**os.environ, "DATABASE_URL": database_url(), "RASA_TELEMETRY_ENABLED": "false",
               "SANIC_HOST": "127.0.0.1", "PYTHONUNBUFFERED": "1", signing.SECRET_FILE_VARIABLE: str(secret_file),
               "MEETING_PREP_DATA": str(data_dir())}  # where keys are, for Rasa's encrypted tracker store too
        if name == "actions":
            max_size = os.environ.get("SANIC_REQUEST_MAX_SIZE", str(ACTION_REQUEST_MAX_SIZE))
            self._spawn("actions", [sys.executable, "-m", "rasa_sdk", "--actions", "actions",
                                    "-p", str(self.ports.actions)],
                        {**env, "SANIC_REQUEST_MAX_SIZE": max_size, ACTION_TOKEN_VARIABLE: action_token()})
        elif name == "rasa":
            workers = rasa_workers()
            lock_store = self.lock_store or (local_lock_store() if workers > 1 else None)
            endpoints, tracker_env = write_runtime_endpoints(self.ports, lock_store)
            self._spawn("rasa", [str(rasa_executable()), "run", "-i", "127.0.0.1", "-p", str(self.ports.rasa),
                                 "-m", str(self.model), "--endpoints", str(endpoints),
                                 "--credentials", str(PROJECT_ROOT / "credentials.yml")],
                        {**env, **tracker_env, "SANIC_WORKERS": str(workers)})
        elif name == "web":
            self._spawn("web", [sys.executable, "-m", "bot.web"], {**env, "WEB_PORT": str(self.ports.web)})
        elif name == "alerts":
            self._spawn("alerts", [sys.executable, "-m", "bot.alerts"], {**env, "WEB_PORT": str(self.ports.web)})
        else:
            raise ValueError(f"No server called {name}")

    def _spawn(self, name: str, command: list[str], env: dict[str, str]) -> None:
        log = open(self.log_dir / f"{name}.log", "ab")
        # Own process group, so Ctrl-C in the terminal reaches us first and we stop them in order.
        self.processes[name] = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_until_ready(self, timeout: float = 180.0, progress=None) -> None:
        """Wait until every server started answers its health check."""
        checks = {"actions": f"http://127.0.0.1:{self.ports.actions}/health",
                  "rasa": f"http://127.0.0.1:{self.ports.rasa}/",
                  "web": f"http://127.0.0.1:{self.ports.web}/health"}
        checks = {name: url for name, url in checks.items() if name in self.processes}
        deadline = time.monotonic() + timeout
        waiting = dict(checks)
        while waiting:
            for name, url in list(waiting.items()):
                if self.processes[name].poll() is not None:
                    raise RuntimeError(f"The {name} server stopped; see {self.log_dir / (name + '.log')}")
                try:
                    if httpx.get(url, timeout=2).status_code == 200:
                        del waiting[name]
                        if progress:
                            progress(f"{name} server ready")
                except httpx.HTTPError:
                    pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Timed out waiting for: {', '.join(waiting)}")
            time.sleep(0.5)

    def stop(self) -> None:
        self._end(list(self.processes.values()))
        self.processes.clear()

    def stop_one(self, name: str) -> None:
        """Stop one server (the others keep running)."""
        self._end([self.processes.pop(name)])

    @staticmethod
    def _end(processes: list[subprocess.Popen]) -> None:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def __enter__(self) -> Services:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
