"""Training time: `rasa train --force` of the full model (NLU and dialogue), with peak RSS sampled.

It trains the project's model (bot.cli.supervisor.MODEL_PATH) from the current config, domain and data, so
the rest of the bench measures exactly the model whose training it timed, and `make bench` on a new
machine trains once, not twice.
"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from bench.memory import ProcessSampler, megabytes

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 1200  # seconds


def time_training(model: Path, log_dir: Path) -> dict:
    rasa = ROOT / ".venv-rasa" / "bin" / "rasa"
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / "train.log", "wb") as log:
        sampler = ProcessSampler().start()
        started = time.monotonic()
        process = subprocess.Popen(
            [str(rasa), "train", "--fixed-model-name", model.name.removesuffix(".tar.gz"), "--out", str(model.parent),
             "--force", "--quiet"],
            cwd=ROOT, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"}, stdout=log, stderr=subprocess.STDOUT,
        )
        sampler.watch("rasa train", process.pid)
        try:
            code = process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        finally:
            sampler.stop()
        seconds = round(time.monotonic() - started, 1)
        if code != 0:
            raise RuntimeError(f"rasa train failed ({code}); see {log_dir / 'train.log'}")
        return {"seconds": seconds, "model_mb": megabytes(model.stat().st_size),
                "peak_rss_mb": megabytes(sampler.peak_rss["rasa train"])}
