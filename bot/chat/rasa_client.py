"""Talks to Rasa through our signed channel (POST /webhooks/signed/webhook): each request is signed
with the channel's secret, which only the service's user can read (bot/store/signing.py)."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import httpx

from bot.store import signing
from bot.chat.replies import Reply, replies_from_rasa
from bot.store.db import data_dir

WEBHOOK_PATH = "/webhooks/signed/webhook"

DEFAULT_RASA_URL = "http://127.0.0.1:5005"
DEFAULT_TIMEOUT = 30.0  # seconds; a slower answer counts as "Rasa unavailable" and the message is kept
# Connections kept open to Rasa: one for each conversation in flight. httpx keeps only 20 by default,
# so with more people at once every request beyond that opened a new connection, which costs Rasa
# (the busiest process) CPU on every message.
CONNECTIONS = 256


class RasaUnavailable(Exception):
    """Rasa could not be reached, timed out or answered 5xx: the message is kept and sent again later."""


class RasaRefused(Exception):
    """Rasa answered, but refused the message (4xx) or said something unreadable: sending it again
    would not help, so it is not kept."""


def channel_secret_file() -> Path:
    """The signed channel's secret: MEETING_PREP_CHANNEL_KEY_FILE, else rasa-channel.key in the data folder."""
    return Path(os.environ.get(signing.SECRET_FILE_VARIABLE) or data_dir() / "rasa-channel.key")


def signed_message(secret: bytes, sender_id: str, text: str, metadata: dict | None = None) -> tuple[bytes, dict]:
    """The body and headers of one message to the signed channel."""
    body = json.dumps({"sender": sender_id, "message": text, "metadata": metadata or {}}).encode()
    return body, {"Content-Type": "application/json", **signing.signed_headers(secret, body, time.time())}


class RasaClient:
    def __init__(self, base_url: str | None = None, timeout: float | None = None, secret: bytes | None = None) -> None:
        self.base_url = (base_url or os.environ.get("RASA_URL") or DEFAULT_RASA_URL).rstrip("/")
        self._secret = secret or signing.ensure_secret(channel_secret_file())
        timeout = timeout or float(os.environ.get("RASA_TIMEOUT", DEFAULT_TIMEOUT))
        limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
        self._http = httpx.AsyncClient(timeout=timeout, limits=limits)

    async def send(self, sender_id: str, text: str, metadata: dict | None = None) -> list[Reply]:
        body, headers = signed_message(self._secret, sender_id, text, metadata)
        try:
            response = await self._http.post(f"{self.base_url}{WEBHOOK_PATH}", content=body, headers=headers)
        except httpx.HTTPError as error:
            raise RasaUnavailable(type(error).__name__) from error
        if response.status_code >= 500:
            raise RasaUnavailable(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise RasaRefused(f"HTTP {response.status_code}")
        try:
            return replies_from_rasa(response.json())
        except (ValueError, TypeError, AttributeError) as error:  # not JSON, or not a list of messages
            raise RasaRefused(type(error).__name__) from error

    async def close(self) -> None:
        await self._http.aclose()
