"""Buttons sent on Telegram carry a short key, not their payload (Telegram allows 64 bytes of callback
data); the payload is saved under the key and read back when the button is pressed."""
from __future__ import annotations

import hashlib


def button_key_for(payload: str) -> str:
    """A short, stable key for a button payload (the same payload always gets the same key)."""
    return hashlib.sha256(payload.encode()).hexdigest()[:16]
