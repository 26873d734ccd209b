"""The alerts worker: every few seconds, escalates flags nobody has handled in time, then sends each
notification in the outbox whose time has come, recording every try. A notification is sent at least
once: if the worker stops between sending and recording, it is sent again after a restart. Several
workers may share one database: each takes the notifications it sends (outbox.claim) first."""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from bot.alerts import senders
from bot.alerts.settings import AlertSettings
from bot.domain import alerts
from bot.store import outbox
from bot.store.db import unit_of_work
from bot.domain.clock import utcnow
from bot.store.models import Notification

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """One notification, ready to send: where to, who that is (for the trail), and the words."""
    id: int
    channel: str
    address: str | int | None
    sent_to: str
    subject: str
    body: str
    missing: str | None = None  # why there is nowhere to send it


def escalate(settings: AlertSettings, now: datetime, uow: Callable = unit_of_work) -> int:
    """Queue a duty-contact alert for each flag nobody has handled within `escalate_after`."""
    with uow() as session:
        flags = [flag for flag in outbox.flags_to_escalate(session, now, settings.escalate_after)
                 if outbox.claim_escalation(session, flag, now)]
        for flag in flags:
            outbox.queue_alerts(session, flag, alerts.ESCALATED, now)
        return len(flags)


def _delivery(session, notification: Notification, settings: AlertSettings) -> Delivery:
    subject, body = alerts.alert_words(outbox.facts(session, notification.flag), notification.reason,
                                       settings.page_url)
    coordinator = outbox.coordinator_of(session, notification.flag)
    name = alerts.recipient_name(notification.recipient, coordinator.name if coordinator else None, settings.duty_name)
    if notification.recipient == alerts.DUTY:
        return Delivery(notification.id, notification.channel, settings.duty_email, name, subject, body,
                        None if settings.duty_email else "no duty contact is set up (DUTY_EMAIL)")
    address = (coordinator.email if notification.channel == alerts.EMAIL else coordinator.telegram_chat_id) \
        if coordinator else None
    return Delivery(notification.id, notification.channel, address, name, subject, body,
                    None if address else "the coordinator has no address for this")


async def _send(delivery: Delivery, settings: AlertSettings) -> str | None:
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


async def send_due(settings: AlertSettings, now: datetime, uow: Callable = unit_of_work) -> int:
    """Try every notification whose time has come; how many were delivered."""
    with uow() as session:
        claimed = outbox.claim(session, outbox.due(session, now), now)
        deliveries = [_delivery(session, n, settings) for n in claimed]
    delivered = 0
    for delivery in deliveries:
        error = await _send(delivery, settings)
        with uow() as session:
            notification = session.get(Notification, delivery.id)
            outbox.record_attempt(notification, delivery.sent_to, error, now)
            logger.warning("alert %s for flag %s by %s: %s", notification.id, notification.flag_id,
                           delivery.channel, "delivered" if error is None else f"not delivered ({error})")
        delivered += error is None
    return delivered


async def run_once(settings: AlertSettings, now: datetime | None = None, uow: Callable = unit_of_work) -> int:
    now = now or utcnow()
    escalate(settings, now, uow)
    return await send_due(settings, now, uow)


async def run_forever(settings: AlertSettings) -> None:
    while True:
        try:
            await run_once(settings)
        except Exception:  # a database hiccup must not stop alerts for good
            logger.exception("alerts worker: this round failed; trying again")
        await asyncio.sleep(settings.every)
