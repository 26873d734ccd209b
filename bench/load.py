"""Latency and throughput: simulated people hold the same conversation through two paths, side by side.

- bare: POST /webhooks/signed/webhook (signed) straight to the Rasa server (Rasa + action server + database);
- full: fake Telegram Bot API -> real PTB Application (bench/bot_process.py, its own process) -> the
  same Rasa server -> action server -> database -> replies seen as sendMessage at the fake API.

The people and their conversation are in bench/users.py. For each path and number of people, they
start together (with a little jitter) in a closed loop without think time, so throughput is what the
stack can do with that many people. Full-stack latency runs from pushing the update to the fake API
until the last sendMessage for it; the bot process also says when PTB began and finished each update,
so the report splits it into waiting for getUpdates, waiting in PTB, and handling.
"""
from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np

from bench.fakeapi import BenchBotApi
from bench.memory import ProcessSampler, megabytes
from bench import stock
from bench.profile import Profiler, top_costs
from bench.users import SCRIPT, BotMarks, Turn, bare_user, full_user
from bot.chat.rasa_client import WEBHOOK_PATH, channel_secret_file
from bot.store import signing
from bot.cli.supervisor import Ports, Services, rasa_workers
from bot.store import repository
from bot.store.db import PROJECT_ROOT, unit_of_work
from bot.store.migrate import migrate

RUN_TIMEOUT = 420.0  # seconds for one run (one path, one number of people), whatever happens
START_JITTER = 0.5  # people start within this many seconds of each other
MIN_MESSAGES = 100  # fewer people hold several conversations one after another, so every figure has this many
USER_ID_BASE = 700_000_000


def conversations_per_user(users: int) -> int:
    """1 person holds 10 conversations in a row, 10 or more people one each (with SCRIPT's 10 messages)."""
    return max(1, -(-MIN_MESSAGES // (users * len(SCRIPT))))


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
            # messages the person got back: at most 3 for the welcome, 2 for any other turn (issue 16)
            "welcome_bubbles": max((t.bot_messages for t in self.turns if t.step == 0), default=None),
            "most_bubbles": max((t.bot_messages for t in self.turns if t.step > 0), default=None),
            "cpu_ms_per_msg": {name: round(seconds * 1000 / max(replied, 1), 1) for name, seconds in self.cpu.items()},
        }
        ours = sum(seconds for name, seconds in self.cpu.items() if name != "machine")
        result["cpu_ms_per_msg"]["other processes"] = round((self.cpu.get("machine", 0) - ours) * 1000 / max(replied, 1), 1)
        for part in ("fetch_wait", "queue_wait", "handling"):
            values = [getattr(t, part) for t in self.turns if getattr(t, part) is not None]
            if values:
                result[f"{part}_mean_ms"] = round(float(np.mean(values)) * 1000, 1)
        return result


# ---------------------------------------------------------------- runs


async def _run(path: str, users: int, make_user, sampler: ProcessSampler, seed: int,
               conversations: int | None = None) -> Run:
    """`users` simulated users at once, each holding `conversations` (by default
    `conversations_per_user`) conversations in turn; make_user(run, index) is one conversation's coroutine."""
    run = Run(path, users)
    jitter = random.Random(seed)

    async def delayed(index: int) -> None:
        await asyncio.sleep(jitter.uniform(0, START_JITTER) if users > 1 else 0)
        for _ in range(conversations or conversations_per_user(users)):
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


def profiled_level(levels: list[int]) -> int:
    """The full-stack run that is profiled: 10 people (the issue's middle level) when measured."""
    return 10 if 10 in levels else levels[-1]


async def measure(services: Services, sampler: ProcessSampler, levels: list[int], updates: str,
                  progress, profile_out: Path | None = None) -> list[dict]:
    """Warm both paths up with one conversation each, then bare and full for each number of users;
    the full stack's run at `profiled_level` under py-spy when profile_out is given."""
    rasa_url = f"http://127.0.0.1:{services.ports.rasa}"
    codes = iter(new_invite_codes(2 + 2 * sum(n * conversations_per_user(n) for n in levels)))
    ids = iter(range(USER_ID_BASE, USER_ID_BASE + 10**6))
    results: list[dict] = []
    with BenchBotApi() as api:
        bot = await _start_bot(api, rasa_url, updates, services.log_dir / "bench-bot.log")
        sampler.watch("bot", bot.pid)
        marks = BotMarks()
        reader = asyncio.create_task(marks.read(bot.stdout))
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        async with httpx.AsyncClient(limits=limits) as client:
            webhook = f"{rasa_url}{WEBHOOK_PATH}"
            secret = signing.ensure_secret(channel_secret_file())

            def bare(run: Run, index: int):
                return bare_user(run.turns, client, webhook, secret, f"bench-{next(ids)}", next(codes))

            def full(run: Run, index: int):
                return full_user(run.turns, api, marks, next(ids), next(codes))

            try:
                for path, make_user in (("bare", bare), ("full", full)):
                    warm = await _run(path, 1, make_user, sampler, seed=0, conversations=1)
                    progress(f"warm-up {path}: {warm.summary()['replied']}/{len(SCRIPT)} replies")
                for users in levels:
                    for path, make_user in (("bare", bare), ("full", full)):
                        summary = (await _run(path, users, make_user, sampler, seed=users)).summary()
                        results.append(summary)
                        progress(f"{path:4} {users:2} users: p50 {summary['p50_ms']} ms, "
                                 f"{summary['msgs_per_s']} msg/s, lost {summary['lost']}/{summary['sent']}")
                if profile_out:
                    # A run of its own: py-spy takes CPU (about 15 ms a message), which must not count
                    # against the measured runs above.
                    users = profiled_level(levels)
                    profiler = Profiler(profile_out)
                    pids = {name: p.pid for name, p in services.processes.items()} | {"bot": bot.pid}
                    if not all([profiler.start(name, pid) for name, pid in pids.items()]):
                        progress("py-spy is not installed: no profile (make bench installs it)")
                    profiled = (await _run("full", users, full, sampler, seed=users)).summary()
                    measured = next(r for r in results if r["path"] == "full" and r["users"] == users)
                    measured["profile"] = top_costs(profiler.stop(), profiled["replied"])
                    progress(f"profiled a further full-stack run with {users} users")
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


def anchor(runs: list[dict]) -> dict:
    """Ours against the stock Rasa bot (issue 16's targets: full throughput at the most people >= x0.5,
    bare p50 with one person <= x2)."""
    by = {(r["path"], r["users"]): r for r in runs}
    most, fewest = max(r["users"] for r in runs), min(r["users"] for r in runs)
    found = {}
    if by.get(("stock", most), {}).get("msgs_per_s") and ("full", most) in by:
        found["full_throughput_vs_stock"] = {"users": most, "ratio": round(
            by[("full", most)]["msgs_per_s"] / by[("stock", most)]["msgs_per_s"], 2)}
    if by.get(("stock", fewest), {}).get("p50_ms") and by.get(("bare", fewest), {}).get("p50_ms"):
        found["bare_p50_vs_stock"] = {"users": fewest, "ratio": round(
            by[("bare", fewest)]["p50_ms"] / by[("stock", fewest)]["p50_ms"], 2)}
    return found


def measure_stock(sampler: ProcessSampler, levels: list[int], progress, log_dir: Path) -> list[dict]:
    """The stock Rasa bot (bench/stock.py) under the same numbers of people, alone on the machine."""
    log_dir.mkdir(parents=True, exist_ok=True)
    stock.trained_project(progress)
    url = f"http://127.0.0.1:{(port := free_port())}"
    process = stock.start(port, log_dir / "stock-rasa.log")
    try:
        stock.wait_until_ready(url, process)
        sampler.watch("stock rasa", process.pid)

        async def runs() -> list[dict]:
            ids = iter(range(10**6))
            limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
            async with httpx.AsyncClient(limits=limits) as client:
                def user(run: Run, index: int):
                    return stock.stock_user(run.turns, client, url, f"stock-{next(ids)}")

                await _run("stock", 1, user, sampler, seed=0, conversations=1)  # warm-up
                found = []
                for users in levels:
                    summary = (await _run("stock", users, user, sampler, seed=users)).summary()
                    found.append(summary)
                    progress(f"stock {users:2} users: p50 {summary['p50_ms']} ms, {summary['msgs_per_s']} msg/s, "
                             f"lost {summary['lost']}/{summary['sent']}")
                return found

        return asyncio.run(runs())
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def run_load(levels: list[int], updates: str = "as-built", progress=print, profile_out: Path | None = None) -> dict:
    """Start Rasa + action server on free loopback ports with a fresh database, measure, stop all."""
    saved = {name: os.environ.get(name) for name in ("MEETING_PREP_DATA", "DATABASE_URL",
                                                     "MEETING_PREP_ENCODER_MEMORY")}
    data = Path(tempfile.mkdtemp(prefix="meeting-prep-bench-"))
    os.environ["MEETING_PREP_DATA"] = str(data)
    os.environ["DATABASE_URL"] = f"sqlite:///{data / 'meeting-prep.db'}"
    os.environ["MEETING_PREP_ENCODER_MEMORY"] = "0"  # every message encoded, as a new one would be
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
        runs = asyncio.run(measure(services, sampler, levels, updates, progress, profile_out))
        services.stop()
        runs += measure_stock(sampler, levels, progress, Path(__file__).resolve().parent / "out" / "logs")
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
            "ratios": ratios(runs), "anchor": anchor(runs), "peak_rss_mb": {name: megabytes(rss) for name, rss in sampler.peak_rss.items()},
            "largest_process_rss_mb": {name: [megabytes(rss), count] for name, (rss, count) in sampler.peak_one.items()},
            "rasa_workers": rasa_workers()}


if __name__ == "__main__":  # python -m bench.load [users ...]: only this part
    print(run_load([int(n) for n in sys.argv[1:]] or [1]))
