"""Plays a conversation script against the running assistant and checks it (format: README.md here).

The driver talks to the product as a front end does: typed text and `/start <code>` go through the
front end's own routing (`bot.telegram.relay.route_text`), a button press sends the button's payload.
Which channel carries the messages is one class (`RestChannel` today); a script never names it.

Replies are recognised as named responses by matching their text against every response in
`domain.yml` and `data/` (`{placeholders}` match anything), so scripts can say "asks venue_choice" or
"no utter_default" without depending on exact wording.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import yaml

from bot.chat.rasa_client import RasaClient
from bot.chat.replies import Button, Reply
from bot.store import repository
from bot.store.db import unit_of_work
from bot.domain.export import meeting_rows
from bot.store.records import meeting_record
from bot.store.models import Participant, SafeguardingFlag
from bot.telegram.relay import route_text

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS_DIR = Path(__file__).resolve().parent
# Replies that mean "I did not understand" (the two steps of the fallback).
FALLBACK_RESPONSES = frozenset({"utter_default", "utter_did_you_mean"})
FULL_SAFETY_REPLIES = frozenset({"utter_safeguarding_adult", "utter_safeguarding_young_person"})
SAFETY_CHECK = "utter_safety_check"
MIN_LITERAL = 8  # a piece such as "{summary}" alone would match any reply
DEFAULT_PROFESSIONALS = [("Jo Patel", "social_worker"), ("Mr Evans", "teacher")]
_ids = itertools.count(1)


# ---------------------------------------------------------------------------------------------- scripts
@dataclass
class Script:
    name: str
    role: str
    turns: list
    saved: list = field(default_factory=list)
    not_saved: list = field(default_factory=list)
    flags: int = 0
    xfail: str | None = None
    why: str = ""
    meeting: dict = field(default_factory=dict)
    source: str = ""


def load_scripts(folder: Path = SCRIPTS_DIR) -> list[Script]:
    scripts = []
    for path in sorted(folder.glob("*.yml")):
        for item in (yaml.safe_load(path.read_text()) or {}).get("scripts") or []:
            scripts.append(Script(
                name=item["name"], role=item.get("role", "parent"), turns=item["turns"],
                saved=item.get("saved") or [], not_saved=item.get("not_saved") or [],
                flags=int(item.get("flags", 0)), xfail=item.get("xfail"), why=item.get("why", ""),
                meeting=item.get("meeting") or {}, source=path.name,
            ))
    return scripts


# ------------------------------------------------------------------------------------- named responses
def _template_pattern(text: str) -> re.Pattern:
    parts = re.split(r"(\{[a-z_]+\})", text.strip())
    body = "".join(".*?" if re.fullmatch(r"\{[a-z_]+\}", p) else re.escape(p) for p in parts)
    return re.compile(body, re.S)


@lru_cache(maxsize=1)
def response_patterns() -> list[tuple[str, re.Pattern]]:
    """(response name, pattern) for every variation of every response the assistant has."""
    files = [ROOT / "domain.yml", *sorted((ROOT / "data").rglob("*.yml"))]
    patterns = []
    for path in files:
        for name, variations in ((yaml.safe_load(path.read_text()) or {}).get("responses") or {}).items():
            for variation in variations or []:
                # Rasa sends a text with blank lines in it as several messages, unless it has buttons.
                text = str(variation.get("text") or "")
                for piece in {text, *text.split("\n\n")}:
                    if len(re.sub(r"\{[a-z_]+\}|\s", "", piece)) >= MIN_LITERAL:
                        patterns.append((name, _template_pattern(piece)))
    return patterns


def response_names(reply_text: str) -> set[str]:
    text = reply_text.strip()
    return {name for name, pattern in response_patterns() if pattern.fullmatch(text)}


# -------------------------------------------------------------------------------------------- channels
class Channel(Protocol):
    async def send(self, sender: str, message: str) -> list[Reply]: ...
    async def close(self) -> None: ...


class RestChannel:
    """Rasa's REST channel, as the Telegram front end uses it."""

    def __init__(self, rasa_port: int) -> None:
        self._rasa = RasaClient(f"http://127.0.0.1:{rasa_port}")

    async def send(self, sender: str, message: str) -> list[Reply]:
        return await self._rasa.send(sender, message, {"channel": "conversation-scripts"})

    async def close(self) -> None:
        await self._rasa.close()


# ---------------------------------------------------------------------------------------------- a turn
@dataclass
class Turn:
    said: str
    replies: list[Reply]

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)

    @property
    def names(self) -> list[set[str]]:
        return [response_names(r.text) for r in self.replies]

    @property
    def all_names(self) -> set[str]:
        return set().union(*self.names) if self.replies else set()

    @property
    def buttons(self) -> list[Button]:
        return [b for r in self.replies for b in r.buttons]

    def fallback_count(self) -> int:
        return sum(1 for names in self.names if names & FALLBACK_RESPONSES)


def _mentions(text: str, item) -> bool:
    options = item if isinstance(item, list) else [item]
    return any(str(option).lower() in text for option in options)


def turn_problems(turn: Turn, expect: dict | None) -> list[str]:
    """What is wrong with one turn: the checks every turn gets, then the script's own."""
    problems = []
    if not turn.replies:
        problems.append("no reply")
    if turn.fallback_count() > 1:
        problems.append(f"{turn.fallback_count()} fallback replies")
    texts = [r.text for r in turn.replies]
    if len(set(texts)) < len(texts):
        problems.append("a reply repeated")
    expect = expect or {}
    text, names = turn.text.lower(), turn.all_names
    if "asks" in expect and f"utter_ask_{expect['asks']}" not in names:
        problems.append(f"did not ask {expect['asks']}")
    for item in expect.get("mentions") or []:
        if not _mentions(text, item):
            problems.append(f"does not mention {item}")
    for item in expect.get("not_mentions") or []:
        if _mentions(text, item):
            problems.append(f"mentions {item}")
    for name in expect.get("says") or []:
        if name not in names:
            problems.append(f"did not say {name}")
    for name in expect.get("not_says") or []:
        if name in names:
            problems.append(f"said {name}")
    if "fallback" in expect and bool(turn.fallback_count()) != bool(expect["fallback"]):
        problems.append("fell back" if turn.fallback_count() else "did not fall back")
    if "safeguarding" in expect:
        got = True if names & FULL_SAFETY_REPLIES else "check" if SAFETY_CHECK in names else False
        if got != expect["safeguarding"]:
            problems.append(f"safeguarding: {got}, expected {expect['safeguarding']}")
    return problems


# ------------------------------------------------------------------------------------------ the export
def _row_matches(row: dict, want: dict) -> bool:
    # `note`: the words kept beside an answer, stored as <slot>_note.
    if row["key"] != want["key"] and not (want["key"] == "note" and row["key"].endswith("_note")):
        return False
    if "value" in want and str(row["value"]).lower() != str(want["value"]).lower():
        return False
    if "contains" in want:
        needle = str(want["contains"]).lower()
        if needle not in str(row["value"]).lower() and needle not in str(row["in_words"]).lower():
            return False
    return True


def export_problems(participant_id: int, sender: str, script: Script) -> list[str]:
    with unit_of_work(read_only=True) as session:
        participant = session.get(Participant, participant_id)
        rows = [r for r in meeting_rows(meeting_record(session, participant.meeting))
                if r["participant"] == participant.display_name and r["topic"] != "safeguarding"]
        flags = session.query(SafeguardingFlag).filter_by(conversation_id=sender).count()
    problems = [f"not saved: {want}" for want in script.saved if not any(_row_matches(r, want) for r in rows)]
    problems += [f"wrongly saved: {want}" for want in script.not_saved if any(_row_matches(r, want) for r in rows)]
    if flags != script.flags:
        problems.append(f"{flags} safeguarding flags, expected {script.flags}")
    return problems


# ----------------------------------------------------------------------------------------- play a script
def new_participant(script: Script) -> tuple[str, int]:
    meeting = script.meeting
    professionals = [tuple(p) for p in meeting.get("professionals", DEFAULT_PROFESSIONALS)]
    with unit_of_work() as session:
        created = repository.create_meeting(
            session, f"{script.name} {next(_ids)}", meeting.get("coordinator", "Amira"), professionals=professionals,
        )
        participant = repository.add_participant(session, created, meeting.get("name", "Sam"), script.role)
        return participant.invite_code, participant.id


@dataclass
class Result:
    script: Script
    problems: list[str]
    turns: list[Turn]
    max_fallbacks: int

    @property
    def passed(self) -> bool:
        return not self.problems


async def play(channel: Channel, script: Script) -> Result:
    code, participant_id = new_participant(script)
    sender = f"script-{script.name}-{next(_ids)}"
    problems: list[str] = []
    turns: list[Turn] = []
    buttons: list[Button] = []
    for number, step in enumerate(script.turns, start=1):
        step = {"join": True} if step == "join" else step
        if step.get("join"):
            said, message = "(join)", route_text(f"/start {code}").to_rasa
        elif "press" in step:
            said = f"[{step['press']}]"
            button = next((b for b in buttons if b.title.lower().startswith(str(step["press"]).lower())), None)
            if button is None:
                problems.append(f"turn {number}: no button {step['press']!r} (had {[b.title for b in buttons]})")
                break
            message = button.payload
        else:
            said = str(step["say"])
            route = route_text(said)
            message = route.to_rasa
        replies = await channel.send(sender, message) if message else [Reply(route.reply or "")]
        turn = Turn(said, replies)
        turns.append(turn)
        buttons = turn.buttons or buttons
        problems += [f"turn {number} ({said!r}): {p}" for p in turn_problems(turn, step.get("expect"))]
    problems += export_problems(participant_id, sender, script)
    return Result(script, problems, turns, max((t.fallback_count() for t in turns), default=0))


def transcript(result: Result) -> str:
    lines = []
    for turn in result.turns:
        lines.append(f"> {turn.said}")
        for reply, names in zip(turn.replies, turn.names):
            label = ",".join(sorted(names)) or "?"
            lines.append(f"  [{label}] {reply.text[:160]!r}")
    return "\n".join(lines)
