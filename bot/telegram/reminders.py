"""Telegram reminders before and after a meeting (python-telegram-bot JobQueue).

`schedule_reminders(application)` starts a job that, at once and then every few minutes, rebuilds
the reminder jobs from the database: so a restart loses none, and a date the coordinator changes on
the web page moves them. Which reminders and when is decided in `bot.domain.reminders`. A reminder
is claimed in the database before it is sent, so that of several front ends (webhook mode behind a
balancer) only one sends it; one that failed is let go and tried again at the next rebuild, within
the grace period. Only participants who joined through Telegram (and whose code
was not revoked) get reminders. Nothing about the message or the person is logged.

A check-in after the meeting (CHECK_INS) is not a message but the start of a short conversation:
the job asks Rasa to begin it in the person's own conversation and sends what Rasa says, buttons and
all, so their reply is read as the check-in's answer.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.chat import pending
from bot.chat.rasa_client import RasaRefused, RasaUnavailable
from bot.telegram import relay
from bot.domain.reminders import CHECK_INS, JOB_PREFIX, LAST_REMINDER_AFTER, Planned
from bot.use_cases import front_end

logger = logging.getLogger(__name__)
UK = ZoneInfo("Europe/London")
SYNC_EVERY = timedelta(minutes=5)


def uk_now() -> datetime:
    return datetime.now(UK).replace(tzinfo=None)


def planned_reminders(now: datetime) -> list[Planned]:
    """Every reminder still to send, from the database."""
    return front_end.planned_reminders(now, now - LAST_REMINDER_AFTER)


async def sync_jobs(job_queue, now: datetime) -> None:
    """Make the queue's reminder jobs match the database: add new ones, drop ones no longer due."""
    planned = await asyncio.to_thread(planned_reminders, now)
    wanted = {p.job_name: p for p in planned}
    for job in job_queue.jobs():
        if job.name and job.name.startswith(JOB_PREFIX) and job.name not in wanted:
            job.schedule_removal()
    for name, reminder in wanted.items():
        if not job_queue.get_jobs_by_name(name):
            # Late is fine (our grace period decides what is too late), so APScheduler must not skip it.
            job_queue.run_once(send_reminder, when=reminder.at.replace(tzinfo=UK), name=name, data=reminder,
                               job_kwargs={"misfire_grace_time": None})


async def send_reminder(context: ContextTypes.DEFAULT_TYPE) -> None:
    planned: Planned = context.job.data
    text = await asyncio.to_thread(front_end.text_if_still_due, planned)
    if text is None or not await asyncio.to_thread(front_end.claim_reminder, planned):
        return
    try:
        if planned.kind in CHECK_INS:
            await start_check_in(context, planned)
        else:
            await context.bot.send_message(chat_id=planned.chat_id, text=text)
    except (TelegramError, RasaUnavailable, RasaRefused) as error:  # tried again at the next rebuild, within the grace period
        logger.warning("Could not send a reminder: %s", type(error).__name__)
        await asyncio.to_thread(front_end.let_reminder_go, planned)


async def start_check_in(context: ContextTypes.DEFAULT_TYPE, planned: Planned) -> None:
    """Rasa begins the check-in in the person's conversation (one message at a time, as when they
    type); its replies are sent as any others are."""
    from bot.telegram.app import send_replies  # the app wires this module in: imported here, not at the top

    message = relay.check_in_message(planned.kind)
    metadata = {"channel": "telegram", "chat_type": "private", "telegram_user_id": planned.chat_id}
    async with pending.conversation(planned.sender_id):
        replies = await context.application.bot_data["rasa"].send(planned.sender_id, message, metadata)
        await send_replies(planned.chat_id, replies, context)


async def _sync(context: ContextTypes.DEFAULT_TYPE) -> None:
    try:
        await sync_jobs(context.job_queue, uk_now())
    except Exception as error:  # noqa: BLE001 - keep the bot running; the next rebuild tries again
        logger.error("Could not rebuild the reminders: %s", type(error).__name__)


def schedule_reminders(application: Application) -> None:
    """Call once, after building the application: rebuilds reminder jobs now and every 5 minutes."""
    if application.job_queue is None:
        raise RuntimeError("Reminders need python-telegram-bot[job-queue].")
    application.job_queue.run_repeating(_sync, interval=SYNC_EVERY, first=0, name="reminders-rebuild")
