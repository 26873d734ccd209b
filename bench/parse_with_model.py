"""Parse messages with a trained Rasa model. Runs in .venv-rasa (never install anything there):

    .venv-rasa/bin/python bench/parse_with_model.py MODEL TEXTS.json RESULTS.json

TEXTS.json is a JSON list of strings; RESULTS.json gets, for each, the predicted intent, its
confidence and, for the `faq` retrieval intent, the response selector's full intent
(e.g. "faq/purpose"). The whole NLU pipeline runs, the safeguarding check included.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the pipeline's own component: bot.rasa_components.safeguarding
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


async def parse_all(model: str, texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # its debug lines would carry every message's text
    agent = Agent.load(model)
    results = []
    for text in texts:
        parsed = await agent.parse_message(text)
        selector = parsed.get("response_selector") or {}
        chosen = (selector.get("faq") or selector.get("default") or {}).get("response") or {}
        intent = parsed.get("intent") or {}
        results.append({"intent": intent.get("name"), "confidence": round(float(intent.get("confidence") or 0), 3),
                        "retrieval": chosen.get("intent_response_key") or intent.get("full_retrieval_intent_name"),
                        "disclosure_likelihood": float(parsed.get("disclosure_likelihood", 1.0))})
    return results


def main() -> None:
    model, texts_path, results_path = sys.argv[1:4]
    texts = json.loads(Path(texts_path).read_text())
    Path(results_path).write_text(json.dumps(asyncio.run(parse_all(model, texts))))


if __name__ == "__main__":
    main()
