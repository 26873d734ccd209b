"""A small real HTTP server standing in for Rasa's signed channel, so tests use the real RasaClient.

It checks each request's signature as the real channel does (401 if wrong), records every body
POSTed to /webhooks/signed/webhook and answers with scripted Rasa-style JSON
(a list of {"recipient_id", "text", "buttons"}); messages without a script get an echo. It can also
go down and come back on the same port, answer a message slowly, or refuse one with an HTTP status.
"""
from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler

from bot.chat.rasa_client import WEBHOOK_PATH, channel_secret_file
from bot.store import signing

from .fake_bot_api import QuietServer


def unused_url() -> str:
    """A URL where nothing listens, for "Rasa is down"."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def buttons(*pairs: tuple[str, str]) -> list[dict]:
    return [{"title": title, "payload": payload} for title, payload in pairs]


class FakeRasa:
    def __init__(self) -> None:
        self.received: list[dict] = []  # request bodies: {"sender", "message", "metadata"}
        self._script: dict[str, list[dict]] = {}
        self._delays: dict[str, float] = {}
        self._statuses: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server = QuietServer(("127.0.0.1", 0), self._handler_class())
        self._port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.up = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def start(self) -> "FakeRasa":
        self._thread.start()
        self.up = True
        return self

    def stop(self) -> None:
        if self.up:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self.up = False

    def go_down(self) -> None:
        """Stop listening: connections are refused, as when Rasa is not running."""
        self.stop()

    def come_back(self) -> None:
        """Listen again on the same port, as a restarted Rasa does."""
        self._server = QuietServer(("127.0.0.1", self._port), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.start()

    def answer_slowly(self, message: str, seconds: float) -> None:
        """Take `seconds` to answer `message` (it is recorded as received at once)."""
        with self._lock:
            self._delays[message] = seconds

    def refuse(self, message: str, status: int = 400) -> None:
        """Answer `message` with this HTTP status and no messages."""
        with self._lock:
            self._statuses[message] = status

    def __enter__(self) -> "FakeRasa":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def reply_to(self, message: str, *replies: dict) -> None:
        """Answer `message` with these Rasa messages, e.g. {"text": "Hi", "buttons": buttons(("Yes", "/affirm"))}."""
        with self._lock:
            self._script[message] = list(replies)

    def messages(self) -> list[str]:
        with self._lock:
            return [body["message"] for body in self.received]

    async def wait_for_messages(self, count: int = 1, timeout: float = 3.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if len(self.received) >= count:
                    return list(self.received)
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} message(s) at Rasa, got {self.messages()}")
            await asyncio.sleep(0.02)

    def _answer(self, body: dict) -> list[dict]:
        with self._lock:
            self.received.append(body)
            replies = self._script.get(body.get("message"))
        if replies is None:
            replies = [{"text": f"You said: {body.get('message')}"}]
        return [{"recipient_id": body.get("sender"), **reply} for reply in replies]

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                if self.path != WEBHOOK_PATH:
                    self.send_error(404)
                    return
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                secret = signing.ensure_secret(channel_secret_file())
                if signing.problem_with(secret, self.headers, raw, time.time()):
                    self.send_error(401)
                    return
                body = json.loads(raw)
                data = json.dumps(fake._answer(body)).encode()
                with fake._lock:
                    delay = fake._delays.get(body.get("message"), 0)
                    status = fake._statuses.get(body.get("message"), 200)
                time.sleep(delay)
                if status != 200:
                    self.send_error(status)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        return Handler
