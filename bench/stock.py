"""The anchor (issue 16): the stock Rasa 3.6 bot that `rasa init` makes, under the same load in the same run.

`rasa init --no-prompt` writes the mood bot's project and trains it, once, into bench/out/stock-bot
(kept for later runs of the same Rasa). It runs as it comes: `rasa run`, REST channel, in-memory
tracker, one process, no action server and no front end. Each simulated person holds a twelve-message
conversation with it, waiting for each reply, as the bare path does with ours; the table gives it the
path "stock", so every figure of ours has this one beside it.
"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx

from bench.users import TURN_TIMEOUT, Turn
from bot.cli.supervisor import rasa_executable

PROJECT = Path(__file__).resolve().parent / "out" / "stock-bot"
# (what the person types, words expected in the answer): the mood bot's intents, greeting to goodbye.
SCRIPT = [("hello", "how are you"), ("im sad", "did that help"), ("yes", "carry on"), ("are you a bot?", "bot"),
          ("hi there", "how are you"), ("i am feeling great", "carry on"), ("good morning", "how are you"),
          ("not good", "did that help"), ("yes it did", "carry on"), ("hey", "how are you"), ("amazing", "carry on"),
          ("bye", "bye")]  # each answered by the stock bot's stories (it answers a "no" here with silence)


def _environment() -> dict[str, str]:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SANIC_WORKERS": "1"}


def trained_project(progress=print) -> Path:
    """The stock project with its trained model; `rasa init` makes and trains it when there is none."""
    if not list((PROJECT / "models").glob("*.tar.gz")):
        PROJECT.mkdir(parents=True, exist_ok=True)
        progress("training the stock Rasa bot (rasa init --no-prompt), once")
        with open(PROJECT.parent / "stock-bot-init.log", "wb") as log:
            subprocess.run([str(rasa_executable()), "init", "--no-prompt", "--init-dir", str(PROJECT)], cwd=PROJECT,
                           env=_environment(), stdout=log, stderr=subprocess.STDOUT, check=True, timeout=1800)
    return PROJECT


def start(port: int, log_path: Path) -> subprocess.Popen:
    project = trained_project()
    log = open(log_path, "ab")
    return subprocess.Popen([str(rasa_executable()), "run", "-i", "127.0.0.1", "-p", str(port), "-m",
                             str(project / "models"), "--credentials", str(project / "credentials.yml")],
                            cwd=project, env=_environment(), stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_until_ready(url: str, process: subprocess.Popen, timeout: float = 240) -> None:
    """Until a message gets its answer (Rasa answers `/` before the model is loaded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the stock Rasa bot stopped; see bench/out/logs/stock-rasa.log")
        try:
            if httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": "warm-up", "message": "hi"}, timeout=5).json():
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.5)
    raise RuntimeError("timed out waiting for the stock Rasa bot")


async def stock_user(turns: list[Turn], client: httpx.AsyncClient, url: str, sender: str) -> None:
    """One conversation with the stock bot over its REST channel."""
    for step, (text, expected) in enumerate(SCRIPT):
        turn = Turn(step, time.monotonic())
        turns.append(turn)
        try:
            response = await client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                         timeout=TURN_TIMEOUT)
            response.raise_for_status()
            replies = response.json()
        except (httpx.HTTPError, ValueError):
            return
        if not replies:
            continue
        turn.latency = time.monotonic() - turn.sent_at
        turn.bot_messages = len(replies)
        turn.on_script = expected in " ".join(reply.get("text") or "" for reply in replies).lower()
