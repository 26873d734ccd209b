"""The real Telegram Application, running against a fake Bot API and a (fake) Rasa, for a test."""
from __future__ import annotations

from contextlib import asynccontextmanager

from bot.chat.rasa_client import RasaClient
from bot.telegram.app import build_application
from fakes.fake_bot_api import FakeBotApi

FAST = {"retry_pending_every": 0.1, "send_backoff": 0.01}  # seconds: kept messages, failed sends


@asynccontextmanager
async def running_bot(api: FakeBotApi, rasa_url: str, rasa_timeout: float | None = None, **settings):
    """Long polling, as in production; `settings` go to build_application (see FAST)."""
    rasa = RasaClient(rasa_url, timeout=rasa_timeout)
    app = build_application(api.token, rasa, base_url=api.base_url, **{**FAST, **settings})
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0.05, timeout=0)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await rasa.close()


def sender_of_user(telegram_user_id: int) -> str:
    """The random sender id the front end gave this Telegram user (made now if it has none yet)."""
    from bot.store import repository
    from bot.store.db import unit_of_work

    with unit_of_work() as session:
        return repository.telegram_sender(session, telegram_user_id)
