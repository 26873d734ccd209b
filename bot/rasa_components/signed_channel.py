"""Rasa input channel: the only way in for messages, and only for requests our front ends signed.

Rasa's open REST channel lets anyone who can reach the server speak as any sender id, and so read a
young person's private answers or wipe their conversation. This channel takes the same JSON body
(sender, message, metadata) at POST /webhooks/signed/webhook, but only with a valid signature
(bot/store/signing.py) that it has not seen before. Seen signatures are kept in the
tracker store's database, which every Rasa server of a deployment shares, so a request replayed to
another server is refused too. Refusals are logged by reason only, never with the message.

/forget is finished here, on the server, whatever the front end: when the reply carries the
`forget_conversation` instruction (actions/forget.py), the conversation is deleted from the tracker
store after Rasa has saved it and before the reply ("deleted") goes back.

credentials.yml:
    bot.rasa_components.signed_channel.SignedChannel:
      secret_file: ${MEETING_PREP_CHANNEL_KEY_FILE}
"""
from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any, Awaitable, Callable

import sqlalchemy as sa
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.rasa_components import action_results, event_lookup  # noqa: F401 (importing them makes Rasa cheaper)
from bot.store import signing

logger = logging.getLogger(__name__)

_metadata = sa.MetaData()
SEEN = sa.Table("signed_requests_seen", _metadata,
                sa.Column("signature", sa.String(64), primary_key=True),
                sa.Column("seen_at", sa.Float, nullable=False, index=True))
FORGET_OLD_EVERY = 200  # requests between clearing out signatures too old to be accepted anyway
FORGET_CONVERSATION = "forget_conversation"  # the custom message actions/forget.py sends


class SeenSignatures:
    """Signatures already accepted: in the given database when there is one, else in memory."""

    def __init__(self, engine: sa.engine.Engine | None) -> None:
        self.engine = engine
        self._memory: dict[str, float] = {}
        self._lock = threading.Lock()
        self._count = 0
        if engine is not None:
            try:
                _metadata.create_all(engine, checkfirst=True)
            except sa.exc.SQLAlchemyError:  # another server made it at the same moment
                _metadata.create_all(engine, checkfirst=True)

    def first_time(self, signature: str, now: float) -> bool:
        """Record the signature; False if it was already there."""
        self._count += 1
        forget_before = now - 2 * signing.MAX_AGE
        if self.engine is None:
            with self._lock:
                if self._count % FORGET_OLD_EVERY == 0:
                    self._memory = {s: t for s, t in self._memory.items() if t >= forget_before}
                if signature in self._memory:
                    return False
                self._memory[signature] = now
                return True
        try:
            with self.engine.begin() as connection:
                connection.execute(SEEN.insert().values(signature=signature, seen_at=now))
                if self._count % FORGET_OLD_EVERY == 0:
                    connection.execute(SEEN.delete().where(SEEN.c.seen_at < forget_before))
        except sa.exc.IntegrityError:
            return False
        return True


def _tracker_store(app: Any) -> Any:
    """Rasa's tracker store (unwrapped from the fail-safe store Rasa puts around it)."""
    store = getattr(getattr(app.ctx, "agent", None), "tracker_store", None)
    return getattr(store, "_tracker_store", store)


def _tracker_store_engine(app: Any) -> sa.engine.Engine | None:
    """The SQL tracker store's engine, if it is SQL."""
    return getattr(_tracker_store(app), "engine", None)


def delete_conversation(app: Any, sender: str) -> None:
    """Every stored event of one conversation (Rasa 3.6's tracker stores cannot delete)."""
    store = _tracker_store(app)
    engine = getattr(store, "engine", None)
    if engine is not None:
        with engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender})
    elif isinstance(getattr(store, "store", None), dict):  # the in-memory store
        store.store.pop(sender, None)
    else:
        raise RuntimeError(f"Cannot delete conversations from a {type(store).__name__}")


def _asks_to_forget(messages: list[dict]) -> bool:
    return any(isinstance(m.get("custom"), dict) and m["custom"].get(FORGET_CONVERSATION) for m in messages)


def _message_in(body: bytes) -> tuple[str, str, dict] | str:
    """(sender, text, metadata) from the body, or what is wrong with it."""
    try:
        request = json.loads(body)
    except ValueError:
        return "the body is not JSON"
    if not isinstance(request, dict):
        return "the body is not a JSON object"
    sender, text, metadata = request.get("sender"), request.get("message"), request.get("metadata") or {}
    if not isinstance(sender, str) or not sender.strip():
        return "no sender"
    if not isinstance(text, str):
        return "no message"
    if not isinstance(metadata, dict):
        return "metadata is not an object"
    return sender, text, metadata


class SignedChannel(InputChannel):
    def __init__(self, secret_file: str) -> None:
        self.secret = signing.read_secret(secret_file)
        self._seen: SeenSignatures | None = None

    @classmethod
    def name(cls) -> str:
        return "signed"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        secret_file = (credentials or {}).get("secret_file")
        if not secret_file:
            raise ValueError("The signed channel needs secret_file in credentials.yml")
        return cls(secret_file)

    def seen(self, app: Any) -> SeenSignatures:
        if self._seen is None:
            self._seen = SeenSignatures(_tracker_store_engine(app))
        return self._seen

    def refusal(self, request: Request, now: float) -> HTTPResponse | None:
        """401 for a request not signed by our front ends or already seen; None to go ahead."""
        problem = signing.problem_with(self.secret, request.headers, request.body or b"", now)
        if problem is None and not self.seen(request.app).first_time(request.headers[signing.SIGNATURE_HEADER], now):
            problem = "replayed"
        if problem is None:
            return None
        logger.warning("Refused a message to Rasa: %s", problem)
        return response.json({"error": "Not signed by the front end."}, status=401)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("signed_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refused = self.refusal(request, time.time())
            if refused is not None:
                return refused
            message = _message_in(request.body or b"")
            if isinstance(message, str):
                logger.warning("Refused a message to Rasa: %s", message)
                return response.json({"error": message}, status=400)
            sender, text, metadata = message
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                 metadata=metadata))
            except Exception as error:  # answered as Rasa's REST channel does; it also logs the text
                logger.error("Handling a message failed with %s", type(error).__name__)
            if _asks_to_forget(collector.messages):
                delete_conversation(request.app, sender)  # before "deleted" is said; an error here is a 500
            return response.json([m for m in collector.messages if not _asks_to_forget([m])])

        return webhook
