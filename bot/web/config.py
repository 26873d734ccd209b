"""Settings of the web page, from the environment (with safe defaults for a local run)."""
from __future__ import annotations

import os
import secrets

from bot.store import keys
from bot.store.db import data_dir

SECRET_FILE = "web-secret.key"
MIN_SECRET_LENGTH = 32


def web_port() -> int:
    return int(os.environ.get("WEB_PORT", 8000))


def bot_username() -> str:
    return os.environ.get("TELEGRAM_BOT_USERNAME", "meeting_prep_bot").lstrip("@")


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder (0600,
    written whole). A short one is refused: it signs every coordinator's session cookie."""
    key = os.environ.get("SECRET_KEY")
    where = "SECRET_KEY"
    if not key:
        path = keys.secret_file(data_dir() / SECRET_FILE, lambda: secrets.token_urlsafe(48).encode("ascii"))
        key, where = path.read_text().strip(), str(path)
    if len(key) < MIN_SECRET_LENGTH:
        raise ValueError(f"{where} is too short: it needs at least {MIN_SECRET_LENGTH} characters "
                         f"(make one with `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)")
    return key
