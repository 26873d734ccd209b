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
