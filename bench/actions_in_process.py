"""The custom actions alone, in this process: CPU per action call and SQL statements per action.

`make bench` measures the whole stack, where Rasa's 70-90 ms a message and a noisy machine hide a change of
a millisecond in the action server. This runs the same inputs through the actions with no server around
them: each person joins, answers every question of the preparation form once (the first button of each
question, or a few words where it has none) and asks for their summary, on a new SQLite database.

    .venv/bin/python -m bench.actions_in_process [people]

To compare two commits, run it in a worktree of each, alternating, and take the median of several runs:
    git worktree add /tmp/old <commit>; ln -s $PWD/.venv /tmp/old/.venv
    (cd /tmp/old && PYTHONPATH=/tmp/old .venv/bin/python -m bench.actions_in_process 40)
It imports only what the actions and the store have offered since before the use-case layer (issue 17),
so it runs on those commits too.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path


def _use_a_new_database() -> str:
    folder = Path(tempfile.mkdtemp(prefix="actions-bench-"))
    os.environ["MEETING_PREP_DATA"] = str(folder)
    os.environ["DATABASE_URL"] = url = f"sqlite:///{folder / 'meeting-prep.db'}"
    return url


URL = _use_a_new_database()  # before the store is imported: it reads these when first used

import yaml  # noqa: E402
from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from actions.join import ActionJoinMeeting  # noqa: E402
from actions.preparation_form import ValidatePreparationForm  # noqa: E402
from actions.summary import ActionShowSummary  # noqa: E402
from bot.store import repository  # noqa: E402
from bot.store.db import PROJECT_ROOT, unit_of_work  # noqa: E402
from bot.store.migrate import migrate  # noqa: E402

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
FORM_SLOTS = DOMAIN["forms"]["preparation_form"]["required_slots"]
statements = 0


@event.listens_for(Engine, "before_cursor_execute")
def _count(*_) -> None:
    global statements
    statements += 1


def _answer_to(slot: str) -> tuple[str, str, list[tuple[str, str]]]:
    """(text, intent, entities) of the first button of the slot's question, or a few words."""
    asked = DOMAIN["responses"].get(f"utter_ask_{slot}")
    buttons = asked[0].get("buttons") if asked else None
    if not buttons:
        return "my nan and my uncle dave, after school is best", "inform", []
    if buttons[0]["payload"] == "/affirm":
        return "yes", "affirm", []
    choice = re.search(r'"choice":"(\w+)"', buttons[0]["payload"]).group(1)
    return f'/inform{{"choice":"{choice}"}}', "inform", [("choice", choice)]


def _tracker(sender: str, text: str, intent: str, entities=(), slots=None, metadata=None) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.99},
               "entities": [{"entity": e, "value": v} for e, v in entities], "metadata": metadata or {}}
    return Tracker(sender, slots or {}, message, [{"event": "user", **message}], False, None, {}, "action_listen")


async def _one_person(number: int, role: str, per_action: dict[str, list[int]]) -> tuple[float, int]:
    """CPU seconds and calls of one person's conversation (the meeting is made outside the timing)."""
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, f"Family {number}", "Amira",
                                            professionals=[("Jo Patel", "social_worker")])
        code = repository.add_participant(session, meeting, "Sam", role).invite_code
    sender, known = f"tg-{number}", {"role": role, "joined": True}
    calls = [(ActionJoinMeeting(), _tracker(sender, code, "join_meeting", [("invite_code", code)],
                                            metadata={"telegram_user_id": number}))]
    calls += [(ValidatePreparationForm(), _tracker(sender, *_answer_to(slot), {"requested_slot": slot, **known}))
              for slot in FORM_SLOTS]
    calls.append((ActionShowSummary(), _tracker(sender, "show me", "show_summary", slots=known)))
    cpu = 0.0
    for action, tracker in calls:
        before, started = statements, time.process_time()
        await action.run(CollectingDispatcher(), tracker, DOMAIN)
        cpu += time.process_time() - started
        per_action.setdefault(type(action).__name__, []).append(statements - before)
    return cpu, len(calls)


async def measure(people: int) -> dict:
    migrate(URL)
    await _one_person(people, "parent", {})  # warm-up: imports, caches, the first connection
    per_action: dict[str, list[int]] = {}
    cpu = calls = 0
    for number in range(people):
        spent, made = await _one_person(number, "parent" if number % 2 else "young_person", per_action)
        cpu, calls = cpu + spent, calls + made
    return {"tree": str(PROJECT_ROOT), "calls": calls, "cpu_ms_per_call": round(1000 * cpu / calls, 3),
            "statements_per_call": {name: round(sum(n) / len(n), 2) for name, n in per_action.items()}}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 40))))
