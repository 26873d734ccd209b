"""A fake Telegram Bot API server for tests, so the real python-telegram-bot Application can run offline.

It serves `POST /bot<token>/<method>` on 127.0.0.1 (a free port) in a background thread, records every
call with its parameters, and hands out updates that a test pushes (texts, commands, button presses,
stickers, photos, edits, group messages) through getUpdates, honouring `offset` as Telegram does.

    with FakeBotApi() as api:
        app = build_application(api.token, rasa, base_url=api.base_url)
        ...
        api.send_text(USER, "hello")
        calls = await api.wait_for("sendMessage")
"""
from __future__ import annotations

import asyncio
import itertools
import json
import re
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

TOKEN = "123456:TEST-token_for-fake-api"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Meeting Prep", "username": "meeting_prep_test_bot"}

# Form values PTB sends as JSON (strings are sent as-is), and ones that are numbers.
_JSON_FIELDS = {"reply_markup", "allowed_updates", "commands", "entities", "link_preview_options", "reply_parameters"}
_INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "cache_time"}
# Telegram marks "/word" (optionally "@bot") at the start of a message as a bot command.
_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?")
_LONG_POLL_CAP = 0.2  # seconds; keeps tests quick even if a client asks for a long poll


class QuietServer(ThreadingHTTPServer):
    """Does not print a traceback when a client hangs up mid-request (a cancelled long poll)."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass(frozen=True)
class ApiCall:
    method: str
    params: dict


def user(user_id: int = 1001, first_name: str = "Sam") -> dict:
    return {"id": user_id, "is_bot": False, "first_name": first_name}


def _decode(params: dict[str, str]) -> dict:
    decoded: dict = {}
    for name, value in params.items():
        if name in _JSON_FIELDS and isinstance(value, str):
            decoded[name] = json.loads(value)
        elif name in _INT_FIELDS and isinstance(value, str) and value.lstrip("-").isdigit():
            decoded[name] = int(value)
        else:
            decoded[name] = value
    return decoded


class FakeBotApi:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[ApiCall] = []
        self.sent: dict[tuple[int, int], dict] = {}  # (chat id, message id) -> message the bot sent
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._failures: dict[str, tuple[int, dict] | None] = {}  # None: hang up without answering
        self._lock = threading.Condition()
        self._server = QuietServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # ------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        """What to give PTB's `base_url` (PTB appends the token and method)."""
        return self.url + "/bot"

    def start(self) -> "FakeBotApi":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "FakeBotApi":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------ what the bot did

    def calls_to(self, method: str) -> list[dict]:
        with self._lock:
            return [call.params for call in self.calls if call.method == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 3.0) -> list[dict]:
        """The first `count` calls to `method`, waiting for them; fails the test if they never come."""
        deadline = time.monotonic() + timeout
        while len(found := self.calls_to(method)) < count:
            if time.monotonic() > deadline:
                made = [call.method for call in self.calls]
                raise AssertionError(f"expected {count} call(s) to {method}, got {len(found)}; calls: {made}")
            await asyncio.sleep(0.02)
        return found

    def sent_messages(self, chat_id: int) -> list[dict]:
        """Messages the bot sent to a chat, as Telegram holds them now (after any edits), oldest first."""
        with self._lock:
            return [message for (chat, _), message in sorted(self.sent.items()) if chat == chat_id]

    async def wait_until_consumed(self, timeout: float = 3.0) -> None:
        """Wait until the bot has confirmed (via getUpdates offset) every pushed update."""
        deadline = time.monotonic() + timeout
        while self.pending_updates():
            if time.monotonic() > deadline:
                raise AssertionError("the bot never fetched the pushed updates")
            await asyncio.sleep(0.02)

    def pending_updates(self) -> int:
        with self._lock:
            return len(self._updates)

    def fail_next(self, method: str, description: str = "Bad Request: test failure") -> None:
        """Make the next call to `method` fail as Telegram does (HTTP 400)."""
        with self._lock:
            self._failures[method] = (400, {"ok": False, "error_code": 400, "description": description})

    def flood_next(self, method: str, retry_after: int = 1) -> None:
        """Make the next call to `method` hit Telegram's flood control (HTTP 429, retry after N seconds)."""
        with self._lock:
            self._failures[method] = (429, {"ok": False, "error_code": 429,
                                            "description": f"Too Many Requests: retry after {retry_after}",
                                            "parameters": {"retry_after": retry_after}})

    def drop_next(self, method: str) -> None:
        """Hang up on the next call to `method` without answering (a network error for the bot)."""
        with self._lock:
            self._failures[method] = None

    # ------------------------------------------------------------ what people do

    def push_update(self, **fields) -> dict:
        return self._queue(self.new_update(**fields))

    def new_update(self, **fields) -> dict:
        """An update with the next id, not queued: for a webhook, the test posts it itself."""
        return {"update_id": next(self._update_ids), **fields}

    def _queue(self, update: dict) -> dict:
        with self._lock:
            self._updates.append(update)
            self._lock.notify_all()
        return update

    def _message(self, sender: dict, chat: dict, **content) -> dict:
        return {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat, "from": sender, **content}

    @staticmethod
    def private_chat(sender: dict) -> dict:
        return {"id": sender["id"], "type": "private", "first_name": sender["first_name"]}

    def _text_content(self, text: str) -> dict:
        content: dict = {"text": text}
        if match := _COMMAND.match(text):
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": match.end()}]
        return content

    def send_text(self, sender: dict, text: str) -> dict:
        """A private text message; "/start CODE" and other commands get Telegram's command entity."""
        return self._queue(self.text_update(sender, text))

    def text_update(self, sender: dict, text: str) -> dict:
        return self.new_update(message=self._message(sender, self.private_chat(sender), **self._text_content(text)))

    def send_text_twice(self, sender: dict, text: str) -> dict:
        """A private text message that Telegram delivers twice (the same update id)."""
        message = self._message(sender, self.private_chat(sender), **self._text_content(text))
        with self._lock:
            update = {"update_id": next(self._update_ids), "message": message}
            self._updates += [update, json.loads(json.dumps(update))]
            self._lock.notify_all()
        return update

    def send_group_text(self, sender: dict, text: str, chat_type: str = "group") -> dict:
        chat = {"id": -100 - sender["id"], "type": chat_type, "title": "Family chat"}
        return self.push_update(message=self._message(sender, chat, **self._text_content(text)))

    def edit_text(self, sender: dict, text: str) -> dict:
        message = self._message(sender, self.private_chat(sender), **self._text_content(text))
        message["edit_date"] = message["date"]
        return self.push_update(edited_message=message)

    def send_sticker(self, sender: dict) -> dict:
        sticker = {
            "file_id": "sticker-file", "file_unique_id": "sticker-unique", "type": "regular",
            "width": 512, "height": 512, "is_animated": False, "is_video": False, "emoji": "👍",
        }
        return self.push_update(message=self._message(sender, self.private_chat(sender), sticker=sticker))

    def send_photo(self, sender: dict, caption: str | None = None) -> dict:
        photo = [{"file_id": "photo-file", "file_unique_id": "photo-unique", "width": 90, "height": 90}]
        content: dict = {"photo": photo}
        if caption:
            content["caption"] = caption
        return self.push_update(message=self._message(sender, self.private_chat(sender), **content))

    def send_voice(self, sender: dict) -> dict:
        voice = {"file_id": "voice-file", "file_unique_id": "voice-unique", "duration": 3}
        return self.push_update(message=self._message(sender, self.private_chat(sender), voice=voice))

    def send_location(self, sender: dict) -> dict:
        location = {"latitude": 51.5, "longitude": -0.12}
        return self.push_update(message=self._message(sender, self.private_chat(sender), location=location))

    def press_button(self, sender: dict, message: dict, callback_data: str) -> dict:
        """A button press on `message` (as the bot sent it, with its reply_markup)."""
        return self._queue(self.button_update(sender, message, callback_data))

    def button_update(self, sender: dict, message: dict, callback_data: str) -> dict:
        query = {
            "id": f"query-{next(self._update_ids)}",
            "from": sender,
            "chat_instance": "chat-instance",
            "data": callback_data,
            "message": json.loads(json.dumps(message)),
        }
        return self.new_update(callback_query=query)

    # ------------------------------------------------------------ the HTTP side

    def _handler_class(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                api._serve(self)

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

        return Handler

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        prefix = f"/bot{self.token}/"
        if not request.path.startswith(prefix):
            self._respond(request, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        method = request.path[len(prefix) :]
        params = _decode(self._read_params(request))
        with self._lock:
            self.calls.append(ApiCall(method, params))
            failing = method in self._failures
            failure = self._failures.pop(method, None)
        if failing and failure is None:
            request.close_connection = True
            return
        if failure:
            self._respond(request, *failure)
            return
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            self._respond(request, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        self._respond(request, 200, {"ok": True, "result": handler(params)})

    @staticmethod
    def _read_params(request: BaseHTTPRequestHandler) -> dict[str, str]:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        content_type = request.headers.get("Content-Type", "")
        if not body:
            return {}
        if content_type.startswith("application/json"):
            return {key: value for key, value in json.loads(body).items()}
        if content_type.startswith("application/x-www-form-urlencoded"):
            return {key: values[-1] for key, values in parse_qs(body.decode(), keep_blank_values=True).items()}
        raise ValueError(f"fake Bot API cannot read {content_type!r}")

    @staticmethod
    def _respond(request: BaseHTTPRequestHandler, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    # ------------------------------------------------------------ Bot API methods

    def _api_getMe(self, params: dict) -> dict:  # noqa: N802 - Bot API names
        return BOT_USER

    def _api_getUpdates(self, params: dict) -> list[dict]:  # noqa: N802
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), _LONG_POLL_CAP)
        with self._lock:
            # Telegram forgets updates once a later offset confirms them.
            self._updates = [update for update in self._updates if update["update_id"] >= offset]
            if not self._updates and wait > 0:
                self._lock.wait(wait)
            return list(self._updates)

    def _api_sendMessage(self, params: dict) -> dict:  # noqa: N802
        chat_id = int(params["chat_id"])
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "group"}
        if chat_id < 0:
            chat["title"] = "Family chat"
        message = self._message(BOT_USER, chat, text=params["text"])
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        with self._lock:
            self.sent[(chat_id, message["message_id"])] = message
        return message

    def _edited(self, params: dict) -> dict | bool:
        key = (int(params["chat_id"]), int(params["message_id"])) if "chat_id" in params else None
        with self._lock:
            message = self.sent.get(key) if key else None
            if message is None:
                return True
            message = dict(message, edit_date=int(time.time()))
            if "text" in params:
                message["text"] = params["text"]
            message.pop("reply_markup", None)
            if "reply_markup" in params:
                message["reply_markup"] = params["reply_markup"]
            self.sent[key] = message
            return message

    _api_editMessageText = _edited  # noqa: N815
    _api_editMessageReplyMarkup = _edited  # noqa: N815

    def _api_answerCallbackQuery(self, params: dict) -> bool:  # noqa: N802
        return True

    def _api_deleteWebhook(self, params: dict) -> bool:  # noqa: N802
        return True

    def _api_setMyCommands(self, params: dict) -> bool:  # noqa: N802
        return True

    def _api_setWebhook(self, params: dict) -> bool:  # noqa: N802
        return True

    def _api_close(self, params: dict) -> bool:
        return True

    def _api_logOut(self, params: dict) -> bool:  # noqa: N802
        return True
