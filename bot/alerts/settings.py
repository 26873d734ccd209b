"""Where alerts go and how, from the environment. Nothing here is required for a local run: an alert
that cannot be sent is kept, tried again, and shown on the flag as not delivered, with why."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from bot.web.config import web_port


@dataclass(frozen=True)
class AlertSettings:
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_starttls: bool = True       # upgrade the connection to TLS before logging in
    smtp_ca_file: str | None = None  # a certificate authority to trust for it (a council's own), else the system's
    smtp_user: str | None = None
    smtp_password: str | None = None
    sender: str = "meeting-prep@localhost"
    duty_email: str | None = None    # the safeguarding inbox or duty team: gets every flag
    duty_name: str = "the duty contact"
    escalate_after: timedelta = timedelta(minutes=60)
    page_url: str = "http://127.0.0.1:8000"  # the coordinator page, for the link in an alert
    telegram_token: str | None = None
    telegram_api: str = "https://api.telegram.org/bot"  # Bot API base (a local server in tests)
    every: float = 1.0               # seconds between looks at the outbox (a cheap query)


def _on(value: str | None, default: bool) -> bool:
    return default if value is None or value == "" else value.lower() in ("1", "true", "yes", "on")


def from_environment() -> AlertSettings:
    env = os.environ
    return AlertSettings(
        smtp_host=env.get("SMTP_HOST") or None,
        smtp_port=int(env.get("SMTP_PORT", 587)),
        smtp_starttls=_on(env.get("SMTP_STARTTLS"), True),
        smtp_ca_file=env.get("SMTP_CA_FILE") or None,
        smtp_user=env.get("SMTP_USER") or None,
        smtp_password=env.get("SMTP_PASSWORD") or None,
        sender=env.get("ALERT_FROM", "meeting-prep@localhost"),
        duty_email=env.get("DUTY_EMAIL") or None,
        duty_name=env.get("DUTY_NAME", "the duty contact"),
        escalate_after=timedelta(minutes=float(env.get("ESCALATE_AFTER_MINUTES", 60))),
        page_url=env.get("PAGE_URL", f"http://127.0.0.1:{web_port()}"),
        telegram_token=env.get("TELEGRAM_BOT_TOKEN") or None,
        telegram_api=env.get("TELEGRAM_API_URL", "https://api.telegram.org/bot"),
        every=float(env.get("ALERT_CHECK_SECONDS", 1)),
    )
