"""Latency and throughput: simulated users hold the same conversation through two paths, side by side.

- bare: POST /webhooks/rest/webhook straight to the Rasa server (Rasa + action server + database);
- full: fake Telegram Bot API -> real PTB Application (bench/bot_process.py, its own process) -> the
  same Rasa server -> action server -> database -> replies seen as sendMessage at the fake API.

Every simulated user joins a meeting with its own invite code (made with bot.store.repository),
answers questions with buttons and free text and asks two questions mid-way (SCRIPT). Users start
together (with a little jitter), wait for each reply and answer at once (no think time): a closed
loop, so throughput is what the stack can do with that many people. A user whose message gets no
reply within TURN_TIMEOUT stops; everything sent without a reply counts as lost.

Full-stack latency is from pushing the update to the fake API until the last sendMessage of that
update; the bot process also reports when PTB started and finished each update (bench/bot_process.py),
so the report splits it into waiting for getUpdates, waiting in PTB's queue, and handling.
"""
from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np

from bench.fakeapi import BenchBotApi
from bench.memory import ProcessSampler, megabytes
from bot.services import Ports, Services
from bot.store import repository
from bot.store.db import PROJECT_ROOT, unit_of_work
from bot.store.migrate import migrate
from bot.telegram.relay import RASA_DOWN_REPLY

# (what the person does, words expected in the answer). "press:" taps the button whose title starts so.
SCRIPT = [
    ("join", "who makes the plan"),
    ("press:The family", "reports"),
    ("yes I got them on monday", "make sense"),
    ("press:Some of it", "advocate"),
    ("whats a section 20?", "section 20"),
    ("press:Yes", "how would you like"),
    ("press:English", "jo patel"),
    ("can my nan come?", "nan"),
    ("press:They are all fine", "where"),
    ("the community centre near my mum's", "not want it"),
]
TURN_TIMEOUT = 60.0  # seconds without a reply before a message counts as lost and its user stops
RUN_TIMEOUT = 420.0  # seconds for one run (one path, one number of users), whatever happens
START_JITTER = 0.5  # users start within this many seconds of each other
USER_ID_BASE = 700_000_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_invite_codes(count: int) -> list[str]:
    """One meeting per simulated user, each with a parent's invite code."""
    codes = []
    with unit_of_work() as session:
        for number in range(count):
            meeting = repository.create_meeting(
                session, f"Bench meeting {number}", "Amira",
                professionals=[("Jo Patel", "social_worker"), ("Mr Evans", "teacher")],
            )
            codes.append(repository.add_participant(session, meeting, "Sam", "parent").invite_code)
    return codes


@dataclass
class Turn:
    step: int
    sent_at: float
    latency: float | None = None  # None: no reply (lost)
    on_script: bool = False
    error_reply: bool = False
    bot_messages: int = 0  # messages the assistant sent back
    fetch_wait: float | None = None  # full stack only: until getUpdates handed it to the bot
    queue_wait: float | None = None  # ... then until PTB started handling it
    handling: float | None = None  # ... then until PTB finished handling it


@dataclass
class Run:
    path: str
    users: int
    turns: list[Turn] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict:
        latencies = [t.latency for t in self.turns if t.latency is not None]
        wall = max(self.finished - self.started, 1e-9)
        replied = len(latencies)
        ms = (lambda q: round(float(np.percentile(latencies, q)) * 1000, 1)) if latencies else (lambda q: None)
        result = {
            "path": self.path, "users": self.users, "sent": len(self.turns), "replied": replied,
            "lost": len(self.turns) - replied, "error_replies": sum(t.error_reply for t in self.turns),
            "on_script": round(sum(t.on_script for t in self.turns) / max(len(self.turns), 1), 3),
            "p50_ms": ms(50), "p95_ms": ms(95), "p99_ms": ms(99),
            "mean_ms": round(float(np.mean(latencies)) * 1000, 1) if latencies else None,
            "msgs_per_s": round(replied / wall, 2), "wall_s": round(wall, 1),
            "replies_per_s": round(sum(t.bot_messages for t in self.turns) / wall, 1),
            "cpu_ms_per_msg": {name: round(seconds * 1000 / max(replied, 1), 1) for name, seconds in self.cpu.items()},
        }
        ours = sum(seconds for name, seconds in self.cpu.items() if name != "machine")
        result["cpu_ms_per_msg"]["other processes"] = round((self.cpu.get("machine", 0) - ours) * 1000 / max(replied, 1), 1)
        for part in ("fetch_wait", "queue_wait", "handling"):
            values = [getattr(t, part) for t in self.turns if getattr(t, part) is not None]
            if values:
                result[f"{part}_mean_ms"] = round(float(np.mean(values)) * 1000, 1)
        return result


# ---------------------------------------------------------------- one simulated user per path


def _choose(action: str, buttons: list[tuple[str, object]]) -> tuple[object | None, bool]:
    """The button to press for "press:Title" among (title, button) pairs; falls back to the first."""
    title = action.removeprefix("press:").lower()
    for shown, button in buttons:
        if shown.lower().startswith(title):
            return button, True
    return (buttons[0][1], False) if buttons else (None, False)


async def bare_user(run: Run, client: httpx.AsyncClient, url: str, sender: str, code: str) -> None:
    buttons: list[tuple[str, object]] = []
    for step, (action, expected) in enumerate(SCRIPT):
        on_script = True
        if action == "join":
            message = f'/join_meeting{{"invite_code":"{code}"}}'
        elif action.startswith("press:"):
            button, on_script = _choose(action, buttons)
            message = button["payload"] if button else action.removeprefix("press:")
        else:
            message = action
        turn = Turn(step, time.monotonic())
        run.turns.append(turn)
        try:
            response = await client.post(url, json={"sender": sender, "message": message,
                                                    "metadata": {"channel": "bench"}}, timeout=TURN_TIMEOUT)
            response.raise_for_status()
            replies = response.json()
        except (httpx.HTTPError, ValueError):
            return
        if not replies:
            continue
        turn.latency = time.monotonic() - turn.sent_at
        turn.bot_messages = len(replies)
        text = " ".join(reply.get("text") or "" for reply in replies).lower()
        turn.on_script = on_script and expected in text
        buttons = [(b["title"], b) for reply in replies for b in reply.get("buttons") or []]


class BotMarks:
    """Reads the bot process's "start/done <update id> <time>" lines and wakes the waiting users."""

    def __init__(self) -> None:
        self.started: dict[int, float] = {}
        self._done: dict[int, asyncio.Future] = {}

    def future(self, update_id: int) -> asyncio.Future:
        return self._done.setdefault(update_id, asyncio.get_running_loop().create_future())

    async def read(self, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            parts = line.decode().split()
            if len(parts) == 3 and parts[0] in ("start", "done"):
                update_id, when = int(parts[1]), float(parts[2])
                if parts[0] == "start":
                    self.started[update_id] = when
                elif not (future := self.future(update_id)).done():
                    future.set_result(when)


async def full_user(run: Run, api: BenchBotApi, marks: BotMarks, user_id: int, code: str) -> None:
    person = {"id": user_id, "is_bot": False, "first_name": "Sam"}
    keyboard_message: dict | None = None
    for step, (action, expected) in enumerate(SCRIPT):
        on_script = True
        before = api.sent_count(user_id)
        buttons = [(b["text"], b) for row in (keyboard_message or {}).get("reply_markup", {}).get("inline_keyboard", [])
                   for b in row] if keyboard_message else []
        turn = Turn(step, time.monotonic())
        run.turns.append(turn)
        if action == "join":
            update = api.send_text(person, f"/start {code}")
        elif action.startswith("press:"):
            button, on_script = _choose(action, buttons)
            update = (api.press_button(person, keyboard_message, button["callback_data"]) if button
                      else api.send_text(person, action.removeprefix("press:")))
        else:
            update = api.send_text(person, action)
        update_id = update["update_id"]
        try:
            done = await asyncio.wait_for(marks.future(update_id), TURN_TIMEOUT)
        except asyncio.TimeoutError:
            return
        replies = api.sent_since(user_id, before)
        delivered, started = api.delivered.get(update_id), marks.started.get(update_id)
        if delivered and started:
            turn.fetch_wait, turn.queue_wait, turn.handling = (
                delivered - turn.sent_at, started - delivered, done - started)
        if not replies:
            continue
        turn.latency = replies[-1][0] - turn.sent_at
        turn.bot_messages = len(replies)
        texts = [message["text"] for _, message in replies]
        turn.error_reply = RASA_DOWN_REPLY in texts
        turn.on_script = on_script and expected in " ".join(texts).lower()
        with_keyboard = [message for _, message in replies if message.get("reply_markup")]
        keyboard_message = with_keyboard[-1] if with_keyboard else None


# ---------------------------------------------------------------- runs


async def _run(path: str, users: int, make_user, sampler: ProcessSampler, seed: int) -> Run:
    """`users` simulated users at once; make_user(run, index) is one user's coroutine."""
    run = Run(path, users)
    jitter = random.Random(seed)

    async def delayed(index: int) -> None:
        await asyncio.sleep(jitter.uniform(0, START_JITTER) if users > 1 else 0)
        await make_user(run, index)

    cpu_before = sampler.cpu()
    run.started = time.monotonic()
    tasks = [asyncio.create_task(delayed(index)) for index in range(users)]
    _, pending = await asyncio.wait(tasks, timeout=RUN_TIMEOUT)
    for task in pending:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    run.finished = max([t.sent_at + t.latency for t in run.turns if t.latency is not None], default=time.monotonic())
    cpu_after = sampler.cpu()
    run.cpu = {name: cpu_after[name] - cpu_before.get(name, 0.0) for name in cpu_after}
    return run


async def _start_bot(api: BenchBotApi, rasa_url: str, updates: str, log_path) -> asyncio.subprocess.Process:
    log = open(log_path, "ab")
    env = {name: value for name, value in os.environ.items() if not name.startswith("TELEGRAM_")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.bot_process", "--base-url", api.base_url, "--token", api.token,
        "--rasa-url", rasa_url, "--updates", updates,
        cwd=PROJECT_ROOT, stdout=asyncio.subprocess.PIPE, stderr=log, start_new_session=True,
        env={**env, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 60
    while not api.calls_to("getUpdates"):  # polling: the bot is up
        if process.returncode is not None or time.monotonic() > deadline:
            await _stop(process)
            raise RuntimeError(f"the bot process did not start; see {log_path}")
        await asyncio.sleep(0.1)
    return process


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 15)
        except asyncio.TimeoutError:
            os.killpg(process.pid, signal.SIGKILL)
            await process.wait()


async def measure(services: Services, sampler: ProcessSampler, levels: list[int], updates: str,
                  progress) -> list[dict]:
    """Warm both paths up with one conversation each, then bare and full for each number of users."""
    rasa_url = f"http://127.0.0.1:{services.ports.rasa}"
    codes = iter(new_invite_codes(2 + 2 * sum(levels)))
    ids = iter(range(USER_ID_BASE, USER_ID_BASE + 10**6))
    results: list[dict] = []
    with BenchBotApi() as api:
        bot = await _start_bot(api, rasa_url, updates, services.log_dir / "bench-bot.log")
        sampler.watch("bot", bot.pid)
        marks = BotMarks()
        reader = asyncio.create_task(marks.read(bot.stdout))
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        async with httpx.AsyncClient(limits=limits) as client:
            webhook = f"{rasa_url}/webhooks/rest/webhook"

            def bare(run: Run, index: int):
                return bare_user(run, client, webhook, f"bench-{next(ids)}", next(codes))

            def full(run: Run, index: int):
                return full_user(run, api, marks, next(ids), next(codes))

            try:
                for path, make_user in (("bare", bare), ("full", full)):
                    warm = await _run(path, 1, make_user, sampler, seed=0)
                    progress(f"warm-up {path}: {warm.summary()['replied']}/{len(SCRIPT)} replies")
                for users in levels:
                    for path, make_user in (("bare", bare), ("full", full)):
                        summary = (await _run(path, users, make_user, sampler, seed=users)).summary()
                        results.append(summary)
                        progress(f"{path:4} {users:2} users: p50 {summary['p50_ms']} ms, "
                                 f"{summary['msgs_per_s']} msg/s, lost {summary['lost']}/{summary['sent']}")
            finally:
                await _stop(bot)
                reader.cancel()
    return results


def ratios(results: list[dict]) -> list[dict]:
    """full / bare for p50 and throughput, per number of users."""
    by = {(r["path"], r["users"]): r for r in results}
    rows = []
    for users in sorted({r["users"] for r in results}):
        bare, full = by.get(("bare", users)), by.get(("full", users))
        if bare and full and bare["p50_ms"] and full["p50_ms"] and bare["msgs_per_s"]:
            rows.append({"users": users, "p50_ratio": round(full["p50_ms"] / bare["p50_ms"], 2),
                         "throughput_ratio": round(full["msgs_per_s"] / bare["msgs_per_s"], 2)})
    return rows


def run_load(levels: list[int], updates: str = "as-built", progress=print) -> dict:
    """Start Rasa + action server on free loopback ports with a fresh database, measure, stop all."""
    saved = {name: os.environ.get(name) for name in ("MEETING_PREP_DATA", "DATABASE_URL")}
    data = Path(tempfile.mkdtemp(prefix="meeting-prep-bench-"))
    os.environ["MEETING_PREP_DATA"] = str(data)
    os.environ["DATABASE_URL"] = f"sqlite:///{data / 'meeting-prep.db'}"
    sampler = ProcessSampler().start()
    sampler.watch("bench driver (load + fake Bot API)", os.getpid(), children=False)
    services = Services(Ports(**{name: free_port() for name in Ports.__dataclass_fields__}))  # rasa, actions, web
    failed = True
    try:
        migrate()
        started = time.monotonic()
        services.start()
        for name, process in services.processes.items():  # rasa, actions (and any server added later)
            sampler.watch(name, process.pid)
        services.wait_until_ready(timeout=240)
        ready = round(time.monotonic() - started, 1)
        progress(f"Rasa and action servers ready in {ready} s")
        runs = asyncio.run(measure(services, sampler, levels, updates, progress))
        failed = False
    finally:
        services.stop()
        sampler.stop()
        for name, value in saved.items():
            os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)
        if failed:
            progress(f"logs kept in {data / 'logs'}")
        else:
            shutil.rmtree(data, ignore_errors=True)
    return {"bot_updates": updates, "turns_per_user": len(SCRIPT), "servers_ready_s": ready, "runs": runs,
            "ratios": ratios(runs), "peak_rss_mb": {name: megabytes(rss) for name, rss in sampler.peak_rss.items()}}


if __name__ == "__main__":  # python -m bench.load [users ...]: only this part
    print(run_load([int(n) for n in sys.argv[1:]] or [1]))
