"""Rasa's check of the action server's answers, made cheaper (bot/rasa_components/action_results.py):
the same verdicts and the same error as Rasa's own, run inside Rasa's environment."""
import json
import subprocess

from bot.store.db import PROJECT_ROOT

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"


def test_answers_are_judged_as_rasa_judges_them_and_a_wrong_one_gets_rasas_error():
    script = """
import json, timeit
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
rasas = RemoteAction._validate_action_result
import bot.rasa_components.signed_channel  # the Rasa server loads the channel, and with it the cheaper check
ours = RemoteAction._validate_action_result
action = RemoteAction("action_x", None)
good = {"events": [{"event": "slot", "name": "venue", "value": "the library"}, {"event": "action", "name": "action_listen"}],
        "responses": [{"text": "Noted."}]}
bad = {"events": [{"event": "slot", "value": 3}], "responses": "not a list"}
def verdict(check, answer):
    try:
        return check(action, answer)
    except ValidationError as error:
        return "error: " + error.message
print(json.dumps({"installed": ours is not rasas, "good": [verdict(rasas, good), verdict(ours, good)],
                  "bad": [verdict(rasas, bad), verdict(ours, bad)],
                  "faster": timeit.timeit(lambda: rasas(action, good), number=50) / timeit.timeit(lambda: ours(action, good), number=50)}))
"""
    finished = subprocess.run([str(RASA_PYTHON), "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                              timeout=300)
    assert finished.returncode == 0, finished.stderr[-3000:]
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    assert result["installed"]
    assert result["good"] == [True, True]
    assert result["bad"][0].startswith("error: ") and result["bad"][1] == result["bad"][0]
    print(f"cheaper check: {result['faster']:.0f}x faster on a valid answer")  # shown with -s; never asserted


def test_events_are_found_by_name_as_rasa_finds_them():
    script = """
import json, timeit
from rasa.shared.core.events import Event
rasas = Event.resolve_by_type
import bot.rasa_components.signed_channel  # the Rasa server loads the channel, and with it the quicker lookup
ours = Event.resolve_by_type
names = ["user", "bot", "action", "slot", "active_loop", "loop", "session_started", "restart", "followup",
         "reminder", "cancel_reminder", "user_featurization", "action_execution_rejected", "rewind", "undo",
         "export", "pause", "resume", "agent", "entities", "stack"]
def answer(lookup, name, default=None):
    try:
        found = lookup(name, default)
        return found.__name__ if found else None
    except ValueError as error:
        return "error: " + str(error)
print(json.dumps({"installed": ours is not rasas,
                  "same": [[answer(rasas, n), answer(ours, n)] for n in names],
                  "unknown": [answer(rasas, "no_such_event"), answer(ours, "no_such_event")],
                  "unknown_default": [answer(rasas, "no_such_event", Event), answer(ours, "no_such_event", Event)],
                  "topic": [answer(rasas, "topic"), answer(ours, "topic")],
                  "faster": timeit.timeit(lambda: rasas("user"), number=200) / timeit.timeit(lambda: ours("user"), number=200)}))
"""
    finished = subprocess.run([str(RASA_PYTHON), "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                              timeout=300)
    assert finished.returncode == 0, finished.stderr[-3000:]
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    assert result["installed"]
    assert all(theirs == mine for theirs, mine in result["same"]), result["same"]
    assert sum(theirs is not None for theirs, _ in result["same"]) >= 15  # the names are Rasa's
    assert result["unknown"][0].startswith("error: ") and result["unknown"][1] == result["unknown"][0]
    assert result["unknown_default"] == ["Event", "Event"] and result["topic"] == [None, None]
    print(f"event lookup: {result['faster']:.0f}x faster")  # shown with -s; never asserted
