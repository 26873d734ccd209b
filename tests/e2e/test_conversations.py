"""The conversation scripts in tests/conversations/ (written from personas, blind to the training data),
played against the real Rasa and action servers with the trained model.

A script marked `xfail` must fail (strict): once it passes, the mark has to go. At most 5% may be marked.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from conversations.driver import RestChannel, Script, load_scripts, play, transcript
from conversations.driver import FALLBACK_RESPONSES, Turn  # noqa: F401  (re-exported for the bench)

SCRIPTS = load_scripts()
MUST_FALL_BACK = Path(__file__).resolve().parents[1] / "understanding" / "must_fall_back.yml"
MAX_MARKED_SHARE = 0.05
# `make bench` sets this to collect each script's outcome (bench/conversations.py).
REPORT = os.environ.get("CONVERSATION_REPORT")


def _report(**outcome) -> None:
    if REPORT:
        with open(REPORT, "a") as out:
            out.write(json.dumps(outcome) + "\n")


def _param(script: Script):
    marks = [pytest.mark.xfail(strict=True, reason=script.xfail)] if script.xfail else []
    return pytest.param(script, id=script.name, marks=marks)


def test_there_are_enough_scripts_and_few_are_marked():
    assert len(SCRIPTS) >= 60
    assert len({s.name for s in SCRIPTS}) == len(SCRIPTS), "script names must be unique"
    marked = [s.name for s in SCRIPTS if s.xfail]
    assert len(marked) <= MAX_MARKED_SHARE * len(SCRIPTS), marked


@pytest.mark.conversation_scripts
@pytest.mark.parametrize("script", [_param(s) for s in SCRIPTS])
async def test_conversation_script(stack, script):
    channel = RestChannel(stack.ports.rasa)
    try:
        result = await play(channel, script)
    finally:
        await channel.close()
    _report(script=script.name, passed=result.passed, marked=bool(script.xfail), max_fallbacks=result.max_fallbacks)
    assert result.passed, "\n".join(result.problems) + "\n\n" + transcript(result)


async def test_messages_that_cannot_be_understood_get_one_fallback_each(stack):
    """Gibberish gets exactly one "I didn't understand" reply: before joining and in the questions."""
    from conversations.driver import new_participant
    from bot.telegram.relay import route_text

    messages = yaml.safe_load(MUST_FALL_BACK.read_text())["messages"]
    assert len(messages) >= 30
    channel = RestChannel(stack.ports.rasa)
    code, _ = new_participant(Script(name="fallbacks", role="parent", turns=[]))
    try:
        counts = {}
        for sender, join in (("fallbacks-not-joined", False), ("fallbacks-joined", True)):
            if join:
                await channel.send(sender, route_text(f"/start {code}").to_rasa)
            for text in messages:
                message = route_text(str(text)).to_rasa
                if message:
                    counts[(sender, text)] = Turn(str(text), await channel.send(sender, message)).fallback_count()
    finally:
        await channel.close()
    _report(must_fall_back=len(messages), max_fallbacks=max(counts.values()))
    assert max(counts.values()) <= 1, {k: v for k, v in counts.items() if v > 1}
