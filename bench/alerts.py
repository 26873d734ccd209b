"""How long from a disclosure to its alert being delivered: a young person's message through the whole
stack (Rasa, the action server, the flag and its outbox, the alerts worker) to a local SMTP server
(aiosmtpd) and the fake Telegram Bot API. Each disclosure comes from a different chat (one flag each)."""
from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from aiosmtpd.controller import Controller

from bench.fakeapi import BenchBotApi
from bench.load import free_port
from bot.chat.rasa_client import WEBHOOK_PATH, channel_secret_file, signed_message
from bot.store import signing
from bot.cli.supervisor import Ports, Services
from bot.store import accounts, repository
from bot.store.db import unit_of_work
from bot.store.migrate import migrate

DISCLOSURES = ["my stepdad hits me when mum is at work", "my uncle touches me and says its our secret",
               "i dont feel safe at home, dad gets drunk and throws things at us",
               "mum's boyfriend locks me in my room with no food", "i want to kill myself tonight"]
COORDINATOR_CHAT = 5550001


class Inbox:
    def __init__(self) -> None:
        self.arrived: list[tuple[float, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):
        self.arrived.append((time.monotonic(), list(envelope.rcpt_tos)))
        return "250 OK"


def _wait_for(found, timeout: float = 30.0) -> float | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        moment = found()
        if moment is not None:
            return moment
        time.sleep(0.02)
    return None


def run(progress=print) -> dict:
    keys = ("MEETING_PREP_DATA", "DATABASE_URL", "SMTP_HOST", "SMTP_PORT", "SMTP_STARTTLS", "DUTY_EMAIL",
            "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL")
    saved = {name: os.environ.get(name) for name in keys}
    data = Path(tempfile.mkdtemp(prefix="meeting-prep-bench-alerts-"))
    inbox, smtp_port = Inbox(), free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    api = BenchBotApi()
    os.environ.update(MEETING_PREP_DATA=str(data), DATABASE_URL=f"sqlite:///{data / 'meeting-prep.db'}",
                      SMTP_HOST="127.0.0.1", SMTP_PORT=str(smtp_port), SMTP_STARTTLS="0",
                      DUTY_EMAIL="duty@council.example", TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_URL=api.base_url)
    services = Services(Ports(**{name: free_port() for name in Ports.__dataclass_fields__}))
    email, telegram = [], []
    try:
        migrate()
        senders = _meeting_with_young_people(len(DISCLOSURES))
        smtp.start()
        api.start()
        services.start()
        services.wait_until_ready(timeout=240)
        url = f"http://127.0.0.1:{services.ports.rasa}{WEBHOOK_PATH}"
        secret = signing.ensure_secret(channel_secret_file())
        for sender, text in zip(senders, DISCLOSURES):
            emails_before, messages_before = len(inbox.arrived), len(api.sent_messages(COORDINATOR_CHAT))
            sent = time.monotonic()
            body, headers = signed_message(secret, sender, text)
            httpx.post(url, content=body, headers=headers, timeout=30).raise_for_status()
            coordinator = _wait_for(lambda: next((t for t, to in inbox.arrived[emails_before:]
                                                  if "amira@council.example" in to), None))
            on_phone = _wait_for(lambda: time.monotonic()
                                 if len(api.sent_messages(COORDINATOR_CHAT)) > messages_before else None)
            if coordinator is not None:
                email.append(coordinator - sent)
            if on_phone is not None:
                telegram.append(on_phone - sent)
        progress(f"alerts: {len(email)}/{len(DISCLOSURES)} emails and {len(telegram)} Telegram messages arrived")
    finally:
        services.stop()
        smtp.stop()
        api.stop()
        for name, value in saved.items():
            os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)
        shutil.rmtree(data, ignore_errors=True)
    figures = lambda times: ({"median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2)}  # noqa: E731
                             if times else {"median_s": None, "max_s": None})
    return {"disclosures": len(DISCLOSURES), "email_delivered": len(email), "telegram_delivered": len(telegram),
            "email": figures(email), "telegram": figures(telegram)}


def _meeting_with_young_people(count: int) -> list[str]:
    """A meeting whose coordinator has an account and a linked Telegram chat; one joined chat per person."""
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Bench family", "Amira")
        amira = accounts.create_coordinator(session, "amira@council.example", "Amira", "a long enough password 1")
        amira.telegram_chat_id, meeting.coordinator_id = COORDINATOR_CHAT, amira.id
        senders = []
        for n in range(count):
            person = repository.add_participant(session, meeting, f"Young {n}", "young_person")
            repository.join_meeting(session, f"bench-{n}", person.invite_code)
            senders.append(f"bench-{n}")
        return senders
