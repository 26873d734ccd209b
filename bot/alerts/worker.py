"""The alerts worker: every few seconds, escalates flags nobody has handled in time, then sends each
notification in the outbox whose time has come, recording every try. A notification is sent at least
once: if the worker stops between sending and recording, it is sent again after a restart. Several
workers may share one database: each takes the notifications it sends first (bot/use_cases/alerts.py)."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from bot.alerts import senders
from bot.alerts.settings import AlertSettings
from bot.domain import alerts
from bot.domain.alerts import Outgoing
from bot.domain.clock import utcnow
from bot.use_cases.alerts import escalate_overdue, record_try, take_due_alerts

logger = logging.getLogger(__name__)


def escalate(settings: AlertSettings, now: datetime) -> int:
    """Queue a duty-contact alert for each flag nobody has handled within `escalate_after`."""
    return escalate_overdue(settings.escalate_after, now)


async def _send(delivery: Outgoing, settings: AlertSettings) -> str | None:
    """None when delivered, else why not."""
    if delivery.missing:
        return delivery.missing
    try:
        if delivery.channel == alerts.EMAIL:
            await senders.send_email(settings, str(delivery.address), delivery.subject, delivery.body)
        else:
            await senders.send_telegram(settings, int(delivery.address), f"{delivery.subject}\n\n{delivery.body}")
    except senders.SendFailed as failed:
        return str(failed)
    return None


async def send_due(settings: AlertSettings, now: datetime) -> int:
    """Try every notification whose time has come; how many were delivered."""
    delivered = 0
    for alert in take_due_alerts(now):
        delivery = alerts.outgoing(alert, settings.page_url, settings.duty_email, settings.duty_name)
        error = await _send(delivery, settings)
        record_try(alert.id, delivery.sent_to, error, now)
        logger.warning("alert %s for flag %s by %s: %s", alert.id, alert.flag_id, delivery.channel,
                       "delivered" if error is None else f"not delivered ({error})")
        delivered += error is None
    return delivered


async def run_once(settings: AlertSettings, now: datetime | None = None) -> int:
    now = now or utcnow()
    escalate(settings, now)
    return await send_due(settings, now)


async def run_forever(settings: AlertSettings) -> None:
    while True:
        try:
            await run_once(settings)
        except Exception:  # a database hiccup must not stop alerts for good
            logger.exception("alerts worker: this round failed; trying again")
        await asyncio.sleep(settings.every)
