"""`meeting-prep retention [--days N] [--dry-run]`: delete what participants said, N days after
their meeting (RETENTION_DAYS, 90 by default); see bot/domain/retention.py. Run it daily (cron).

Deleted: answers, invitees, open questions, contributions, messages kept for Rasa, and the
participants' conversations in Rasa's tracker store. Kept: meetings "to be agreed", the meetings
and participants themselves (names, roles, invite codes) and safeguarding flags.
"""
from __future__ import annotations

import argparse
import os

from bot.domain.retention import due_for_deletion, keep_days
from bot.store import repository
from bot.store.db import unit_of_work
from bot.store.models import utcnow
from bot.store.rasa_tracker import delete_conversation


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
    with unit_of_work() as session:
        due = due_for_deletion(repository.meeting_dates(session), utcnow(), days)
        if not due:
            print(f"No meetings more than {days} days past; nothing to delete.")
            return
        if args.dry_run:
            print(f"Due for deletion ({days} days after the meeting): meetings {', '.join(map(str, due))}")
            return
        deleted = repository.delete_participant_data(session, due)
    conversations = sum(1 for conversation in deleted.conversations if delete_conversation(conversation))
    counts = ", ".join(f"{count} {kind}" for kind, count in deleted.counts.items())
    print(f"Deleted from meetings {', '.join(map(str, due))} (over {days} days past): {counts}, "
          f"{conversations} conversations. Safeguarding flags kept.")
