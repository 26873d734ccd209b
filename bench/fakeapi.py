"""The fake Telegram Bot API of the tests (tests/fakes/fake_bot_api.py), with the timing the bench needs.

Adds to it: HTTP/1.1 keep-alive with TCP_NODELAY (as the real Bot API, so the fake does not open a
connection per call, nor hold replies back), the time each update was handed to the bot by getUpdates, and every sendMessage per chat
with the time it arrived. Serves on 127.0.0.1 only, on a free port.
"""
from __future__ import annotations

import importlib.util
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path


def _load_fake_bot_api():
    """By file path: tests/ is not a package, and textstat's wheel installs a top-level `tests` one."""
    path = Path(__file__).resolve().parents[1] / "tests" / "fakes" / "fake_bot_api.py"
    spec = importlib.util.spec_from_file_location("bench_fake_bot_api", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module.FakeBotApi


FakeBotApi = _load_fake_bot_api()
# Hold getUpdates up to 10 s like Telegram (tests cut it to 0.2 s for a quick shutdown): the bot then
# polls as it would in production, not five times a second while waiting. A pushed update ends the
# wait at once either way. This is the bench's own copy of the module: the tests are not affected.
sys.modules["bench_fake_bot_api"]._LONG_POLL_CAP = 10.0


class BenchBotApi(FakeBotApi):
    def __init__(self) -> None:
        super().__init__()
        self.delivered: dict[int, float] = {}  # update id -> when getUpdates first returned it
        self._chats: dict[int, list[tuple[float, dict]]] = defaultdict(list)
        self._log_lock = threading.Lock()

    def _handler_class(self):
        handler = super()._handler_class()
        handler.protocol_version = "HTTP/1.1"  # keep-alive: every response carries Content-Length
        # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and delayed
        # ACKs hold every response on a kept-alive connection for about 40 ms.
        handler.disable_nagle_algorithm = True
        return handler

    def _api_getUpdates(self, params: dict) -> list[dict]:  # noqa: N802 - Bot API names
        updates = super()._api_getUpdates(params)
        now = time.monotonic()
        with self._log_lock:
            for update in updates:
                self.delivered.setdefault(update["update_id"], now)
        return updates

    def _api_sendMessage(self, params: dict) -> dict:  # noqa: N802
        message = super()._api_sendMessage(params)
        with self._log_lock:
            self._chats[message["chat"]["id"]].append((time.monotonic(), message))
        return message

    def sent_count(self, chat_id: int) -> int:
        with self._log_lock:
            return len(self._chats[chat_id])

    def sent_since(self, chat_id: int, count: int) -> list[tuple[float, dict]]:
        """(arrival time, message) of the messages sent to a chat after its first `count`."""
        with self._log_lock:
            return list(self._chats[chat_id][count:])
