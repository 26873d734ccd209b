"""Talks to Rasa's standard REST channel (POST /webhooks/rest/webhook)."""
from __future__ import annotations

import os

import httpx

from bot.replies import Reply, replies_from_rasa

DEFAULT_RASA_URL = "http://127.0.0.1:5005"


class RasaUnavailable(Exception):
    """Rasa did not answer; the caller tells the user kindly and keeps the message."""


class RasaClient:
    def __init__(self, base_url: str | None = None, timeout: float = 30.0) -> None:
        self.base_url = (base_url or os.environ.get("RASA_URL") or DEFAULT_RASA_URL).rstrip("/")
        self._http = httpx.AsyncClient(timeout=timeout)

    async def send(self, sender_id: str, text: str, metadata: dict | None = None) -> list[Reply]:
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        try:
            response = await self._http.post(f"{self.base_url}/webhooks/rest/webhook", json=body)
            response.raise_for_status()
            return replies_from_rasa(response.json())
        except (httpx.HTTPError, ValueError) as error:  # ValueError: a body that is not JSON
            raise RasaUnavailable(type(error).__name__) from error

    async def close(self) -> None:
        await self._http.aclose()
