"""Settings of the web page, from the environment (with safe defaults for a local run)."""
from __future__ import annotations

import os
import secrets

from bot.store.db import data_dir

SECRET_FILE = "web-secret.key"


def web_port() -> int:
    return int(os.environ.get("WEB_PORT", 8000))


def bot_username() -> str:
    return os.environ.get("TELEGRAM_BOT_USERNAME", "meeting_prep_bot").lstrip("@")


def secure_cookies() -> bool:
    """Set WEB_HTTPS=1 behind an HTTPS reverse proxy so the session cookie is sent over HTTPS only."""
    return os.environ.get("WEB_HTTPS", "") in ("1", "true", "yes")


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = data_dir() / SECRET_FILE
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()
