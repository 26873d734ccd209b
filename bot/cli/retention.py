"""`meeting-prep retention [--days N] [--dry-run]`: delete what participants said, N days after
their meeting (RETENTION_DAYS, 90 by default); see bot/domain/retention.py. Run it daily (cron).

Deleted: answers, invitees, open questions, contributions, messages kept for Rasa, and the
participants' conversations in Rasa's tracker store; and conversations linked to nobody and silent
for N days (bot/use_cases/retention.py). Kept: meetings "to be agreed", the meetings and
participants themselves (names, roles, invite codes) and safeguarding flags.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os

from bot.domain.retention import keep_days
from bot.domain.clock import utcnow
from bot.use_cases import retention


DAILY = 24 * 3600
FIRST_SWEEP_AFTER = 60  # seconds after start-up: not while the servers are still warming up
logger = logging.getLogger(__name__)


def add_parser(commands) -> None:
    retention = commands.add_parser("retention", help="delete participants' answers N days after their meeting")
    retention.add_argument("--days", type=int, help="days to keep answers after the meeting "
                                                    "(default: RETENTION_DAYS, else 90)")
    retention.add_argument("--dry-run", action="store_true", help="only say which meetings are due")


def run(args: argparse.Namespace) -> None:
    try:
        days = keep_days(os.environ, args.days)
    except ValueError as error:
        raise SystemExit(f"meeting-prep: {error}")
    if args.dry_run:
        due = retention.due_meetings(utcnow(), days)
        print(f"Due for deletion ({days} days after the meeting): meetings {', '.join(map(str, due))}" if due
              else f"No meetings more than {days} days past.")
        return
    print(retention.sweep(utcnow(), days).summary(days))


async def sweep_daily(first_after: float = FIRST_SWEEP_AFTER, every: float = DAILY) -> None:
    """Inside `meeting-prep serve`: the same sweep as the command, soon after start-up and then daily.
    A failed sweep is logged (its kind only) and tried again the next day."""
    await asyncio.sleep(first_after)
    while True:
        try:
            days = keep_days(os.environ)
            swept = await asyncio.to_thread(retention.sweep, utcnow(), days)
            logger.info("Retention: %s", swept.summary(days))
        except Exception as error:  # noqa: BLE001 - the servers must keep running
            logger.error("Retention sweep failed: %s", type(error).__name__)
        await asyncio.sleep(every)
