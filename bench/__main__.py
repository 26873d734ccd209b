"""The benchmark (issue 7): `make bench`, or `.venv/bin/python -m bench [options]`.

In this order:
1. plain language: Flesch-Kincaid grade of every response, per topic (bench/readability.py);
2. training time of the full model: it trains the project's model, which the rest then measures
   (bench/training.py);
3. latency, throughput, CPU and peak RSS: full stack vs bare Rasa REST with 1, 10 and 50 simulated
   users, on a machine quiet again after training (bench/load.py, bench/bot_process.py, bench/memory.py);
4. scale-out: 200 people through HAProxy with one and with two Rasa replicas, on PostgreSQL and Redis
   (bench/replicas.py);
5. understanding: held-out accuracy on two sets by different writers and safeguarding recall / false
   positives with the trained model (bench/heldout.py), the glossary's hit rate (bench/understanding.py);
6. the persona conversation scripts' pass rate and the most fallback replies to one message
   (bench/conversations.py);
7. intent and response-selection F1 from `rasa test nlu` cross-validation (bench/understanding.py; the
   slowest part).

Writes bench/out/results.json and bench/out/latency.png and prints a table. Everything listens on
127.0.0.1 only, on free ports, and every process it starts is stopped before it ends.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import psutil

from bench import alerts, conversations, heldout, load, readability, replicas, report, training
from bench.understanding import cross_validation, glossary_hits
from bot.cli.supervisor import MODEL_PATH

OUT = Path(__file__).resolve().parent / "out"


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


class Phase:
    """Wall time of one part, CPU time of the bench and its children, and of the whole machine."""

    def __init__(self, results: dict, key: str, title: str) -> None:
        self.results, self.key, self.title = results, key, title

    def __enter__(self) -> "Phase":
        print(f"bench: {self.title}...", flush=True)
        self.wall, self.ours, self.machine = time.monotonic(), _our_cpu(), _machine_cpu()
        return self

    def __exit__(self, *exc) -> None:
        wall, ours, machine = time.monotonic() - self.wall, _our_cpu() - self.ours, _machine_cpu() - self.machine
        self.results["seconds"][self.key] = {"wall": round(wall, 1), "bench_cpu": round(ours, 1),
                                             "other_processes_cpu": round(max(machine - ours, 0.0), 1)}


def _our_cpu() -> float:
    times = os.times()  # children: those waited for (every server and tool the bench starts)
    return times.user + times.system + times.children_user + times.children_system


def _machine_cpu() -> float:
    times = psutil.cpu_times()
    return times.user + times.system + getattr(times, "nice", 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", default="1,10,50", help="numbers of simulated users (default 1,10,50)")
    parser.add_argument("--replica-people", type=int, default=200,
                        help="people at once through HAProxy in the scale-out part (default 200)")
    parser.add_argument("--folds", type=int, default=3, help="cross-validation folds (default 3)")
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out: load,replicas,alerts,heldout,conversations,train,cv")
    parser.add_argument("--bot-updates", choices=["as-built", "sequential"], default="as-built",
                        help="experiment: 'sequential' makes PTB handle one update at a time (default: as built)")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results: dict = {"machine": machine(), "started_at": time.strftime("%Y-%m-%d %H:%M:%S"), "seconds": {},
                     "understanding": {}}
    say = lambda message: print(f"bench:   {message}", flush=True)  # noqa: E731

    with Phase(results, "readability", "plain language"):
        rows = readability.grades()
        results["readability"] = {"summary": readability.summary(rows), "topics": rows}
        results["understanding"]["glossary"] = glossary_hits()
    if "train" not in skip:
        with Phase(results, "train", f"training time (rasa train --force of {MODEL_PATH.name})"):
            results["training"] = training.time_training(MODEL_PATH, OUT / "logs")
    elif not MODEL_PATH.exists():
        parser.error(f"no trained model at {MODEL_PATH}: run without --skip train, or `make setup` first")
    if "load" not in skip:
        with Phase(results, "load", f"latency and throughput with {args.users} users (full stack and bare Rasa)"):
            results["load"] = load.run_load([int(n) for n in args.users.split(",")], args.bot_updates, say,
                                            profile_out=OUT)
            report.chart(results["load"], OUT / "latency.png")
    if "replicas" not in skip:
        with Phase(results, "replicas", f"{args.replica_people} people through HAProxy with 1 and 2 Rasa replicas"):
            results["replicas"] = replicas.run(args.replica_people, progress=say)
    if "alerts" not in skip:
        with Phase(results, "alerts", "time from a disclosure to its alert delivered (SMTP and Telegram)"):
            results["alerts"] = alerts.run(say)
    if "heldout" not in skip:
        with Phase(results, "heldout", "held-out messages and safeguarding sets through the trained model"):
            found = heldout.run(MODEL_PATH, OUT / "logs")
            results["understanding"].update(heldout=found["heldout"], heldout_second=found["heldout_second"],
                                            safeguarding=found["safeguarding"],
                                            heldout_in_training_data=found["heldout_in_training_data"])
    if "conversations" not in skip:
        with Phase(results, "conversations", "conversation scripts against the running assistant"):
            results["understanding"]["conversations"] = conversations.run(OUT / "logs")
    if "cv" not in skip:
        with Phase(results, "cv", f"rasa test nlu, {args.folds}-fold cross-validation"):
            results["understanding"]["nlu_cross_validation"] = cross_validation(args.folds, OUT / "nlu-cv")

    results["wall_seconds"] = round(time.monotonic() - started, 1)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    print(report.table(results))
    print(f"\nbench: wrote {OUT / 'results.json'}" + (f" and {OUT / 'latency.png'}" if "load" in results else ""))


if __name__ == "__main__":
    main()
