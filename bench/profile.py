"""CPU profiles of the servers during one load run (issue 16): py-spy, from PyPI, samples each
process from outside (no change to the code measured, `--nonblocking` so it never pauses them).

For each process: an SVG flame graph (bench/out/profile-<name>.svg, open it in a browser) and the
ten functions that cost most CPU of their own, in milliseconds per answered message. py-spy samples
only threads that are running, so samples / rate is CPU time, once the waits it cannot see (WAITING)
are left out; the flame graphs still show them.
"""
from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

RATE = 100  # samples a second
PROJECT = Path(__file__).resolve().parents[1]
# Waiting, not working: an event loop or thread pool blocked inside C (uvloop, a queue) leaves one of
# these Python frames on top, which py-spy cannot tell from running. Their samples are left out.
WAITING = {"serve (sanic/server/runners.py)", "asyncio_run (uvicorn/_compat.py)",
           "_worker (concurrent/futures/thread.py)", "run_forever (asyncio/base_events.py)",
           "poll (multiprocessing/popen_fork.py)"}  # Sanic's main process waiting on its workers
FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^()]*?)(?::\d+)?\)$")


def py_spy() -> str | None:
    """The py-spy next to this Python (the bench's environment), or on PATH."""
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


class Profiler:
    """Two recorders per process (py-spy writes one format a run): raw stacks for the table, SVG to look at."""

    def __init__(self, out: Path) -> None:
        self.out, self.running = out, []

    def start(self, name: str, pid: int) -> bool:
        tool = py_spy()
        if tool is None:
            return False
        self.out.mkdir(parents=True, exist_ok=True)
        for form, suffix in (("raw", "txt"), ("flamegraph", "svg")):
            path = self.out / f"profile-{name}.{suffix}"
            path.unlink(missing_ok=True)
            self.running.append((name, path, subprocess.Popen(
                [tool, "record", "--pid", str(pid), "--rate", str(RATE), "--nonblocking", "--subprocesses",
                 "--format", form, "--output", str(path)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
        return True

    def stop(self) -> dict[str, Path]:
        """Stops the recorders (they write their files on SIGINT); the raw stacks' path per process."""
        for _, _, process in self.running:
            process.send_signal(signal.SIGINT)
        raw = {}
        for name, path, process in self.running:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
            if path.suffix == ".txt" and path.exists():
                raw[name] = path
        self.running = []
        return raw


def own_costs(raw: Path) -> Counter:
    """Samples in which each function was the one running (its own time, not its callees'), the
    waiting frames included (top_costs leaves them out)."""
    costs: Counter = Counter()
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        leaf = stack.rsplit(";", 1)[-1]
        match = FRAME.match(leaf)
        costs[_short(match["function"], match["file"]) if match else leaf] += int(count)
    return costs


def _short(function: str, file: str) -> str:
    """ "numpy/core/numeric.py" rather than the whole site-packages path; ours from the project folder."""
    path = Path(file)
    if path.is_relative_to(PROJECT):
        where = path.relative_to(PROJECT).parts
    elif "site-packages" in path.parts:
        where = path.parts[len(path.parts) - path.parts[::-1].index("site-packages"):]
    else:
        where = path.parts
    return f"{function} ({'/'.join(where[-3:])})"


def top_costs(raw: dict[str, Path], turns: int, how_many: int = 10) -> dict[str, dict]:
    """Per process: CPU ms per answered message, all told and for its ten costliest functions."""
    summary = {}
    for name, path in raw.items():
        costs = own_costs(path)
        waiting = sum(costs.pop(frame, 0) for frame in WAITING)
        per_turn = 1000.0 / RATE / max(turns, 1)
        summary[name] = {"samples": sum(costs.values()), "waiting_samples": waiting,
                         "cpu_ms_per_turn": round(sum(costs.values()) * per_turn, 1),
                         "top": [{"function": f, "ms_per_turn": round(n * per_turn, 2),
                                  "share": round(n / max(sum(costs.values()), 1), 3)}
                                 for f, n in costs.most_common(how_many)]}
    return summary
