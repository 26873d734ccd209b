"""The conversation scripts' pass rate and the most fallback replies given to one message.

Runs tests/e2e/test_conversations.py (it starts its own Rasa and action servers) and reads the outcome
each test writes to CONVERSATION_REPORT. A failing script is counted, never raised: this is a measurement.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(log_dir: Path) -> dict:
    log_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="meeting-prep-scripts-") as tmp:
        report = Path(tmp) / "outcomes.jsonl"
        with open(log_dir / "conversations.log", "wb") as log:
            subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "",
                            "tests/e2e/test_conversations.py"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                           env={**os.environ, "CONVERSATION_REPORT": str(report)}, timeout=1800)
        outcomes = [json.loads(line) for line in report.read_text().splitlines()] if report.exists() else []
    scripts = [o for o in outcomes if "script" in o]
    fallbacks = [o for o in outcomes if "must_fall_back" in o]
    passed = sum(o["passed"] for o in scripts)
    return {"scripts": len(scripts), "passed": passed, "pass_rate": round(passed / max(len(scripts), 1), 3),
            "expected_failures": sum(o["marked"] for o in scripts),
            "failing": sorted(o["script"] for o in scripts if not o["passed"]),
            "must_fall_back": fallbacks[0]["must_fall_back"] if fallbacks else 0,
            "max_fallbacks": max([o["max_fallbacks"] for o in outcomes] or [0])}
