"""Talks to Rasa's standard REST channel (POST /webhooks/rest/webhook)."""
from __future__ import annotations

import os

import httpx

from bot.replies import Reply, replies_from_rasa

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


class RasaClient:
    def __init__(self, base_url: str | None = None, timeout: float | None = None) -> None:
        self.base_url = (base_url or os.environ.get("RASA_URL") or DEFAULT_RASA_URL).rstrip("/")
        timeout = timeout or float(os.environ.get("RASA_TIMEOUT", DEFAULT_TIMEOUT))
        limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
        self._http = httpx.AsyncClient(timeout=timeout, limits=limits)

    async def send(self, sender_id: str, text: str, metadata: dict | None = None) -> list[Reply]:
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        try:
            response = await self._http.post(f"{self.base_url}/webhooks/rest/webhook", json=body)
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
