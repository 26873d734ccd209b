"""Understanding on messages the model never saw, and the safeguarding check's recall and false alarms.

- held-out accuracy: bench/heldout_messages.yml (text, expected intent, voice), parsed by the trained
  model; a `faq/<name>` message is right only when the response selector picks that answer;
- safeguarding on tests/safeguarding/redteam.yml, dev.yml and heldout.yml (read only): recall on `disclosures`
  and false-positive rate on `ordinary`, for (i) the pure pattern check bot.domain.safeguarding.detect
  and (ii) the whole NLU pipeline (intent == disclose_harm).

The model is loaded once, in .venv-rasa, by bench/parse_with_model.py.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from bot.domain.safeguarding import detect, needs_full_reply

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "bench" / "heldout_messages.yml"
# Written by someone else again, blind to the first set and to data/: labelled with intents only.
HELDOUT_SECOND = ROOT / "tests" / "understanding" / "heldout_second.yml"
# The blind sets (blind2.yml, blind3.yml, ...) in the order they were written; the newest is the one
# never tuned to, and its table per kind of harm is printed.
SAFEGUARDING_SETS = {"redteam": ROOT / "tests/safeguarding/redteam.yml", "dev": ROOT / "tests/safeguarding/dev.yml",
                     "heldout": ROOT / "tests/safeguarding/heldout.yml",
                     **{path.stem: path for path in sorted((ROOT / "tests/safeguarding").glob("blind*.yml"),
                                                           key=lambda p: int(p.stem[5:] or 0))}}
DISCLOSURE = "disclose_harm"


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9 ]", "", text.lower())).strip()


def training_texts() -> set[str]:
    """Every training example (entity markup removed), normalised, to keep the held-out set apart."""
    texts = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for item in (yaml.safe_load(path.read_text()) or {}).get("nlu") or []:
            for line in (item.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    texts.add(_normal(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line.strip()[2:])))
    return texts


def parse(model: Path, texts: list[str], log_dir: Path) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="meeting-prep-parse-") as tmp, open(log_dir / "parse.log", "wb") as log:
        inputs, outputs = Path(tmp) / "texts.json", Path(tmp) / "parsed.json"
        inputs.write_text(json.dumps(texts))
        subprocess.run([str(ROOT / ".venv-rasa" / "bin" / "python"), str(ROOT / "bench" / "parse_with_model.py"),
                        str(model), str(inputs), str(outputs)], cwd=ROOT, check=True, timeout=900, stdout=log,
                       stderr=subprocess.STDOUT, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
        return json.loads(outputs.read_text())


def _predicted(result: dict) -> str:
    if result["intent"] == "faq" and result.get("retrieval"):
        return result["retrieval"]
    return result["intent"]


def heldout_accuracy(messages: list[dict], parsed: list[dict]) -> dict:
    right, per_voice, per_intent, wrong = 0, defaultdict(Counter), defaultdict(Counter), []
    for message, result in zip(messages, parsed):
        predicted = _predicted(result)
        ok = predicted == message["intent"]
        right += ok
        per_voice[message["voice"]][ok] += 1
        group = "faq" if message["intent"].startswith("faq/") else message["intent"]
        per_intent[group][ok] += 1
        if not ok:
            wrong.append({"text": message["text"], "expected": message["intent"], "got": predicted,
                          "confidence": result["confidence"]})
    share = lambda counts: round(counts[True] / max(sum(counts.values()), 1), 3)  # noqa: E731
    flagged = sum(1 for m, r in zip(messages, parsed) if m["intent"] != DISCLOSURE and r["intent"] == DISCLOSURE)
    return {"messages": len(messages), "accuracy": round(right / max(len(messages), 1), 3),
            "by_voice": {voice: share(c) for voice, c in sorted(per_voice.items())},
            "by_intent": dict(sorted(((i, share(c)) for i, c in per_intent.items()), key=lambda item: item[1])),
            "ordinary_read_as_disclosure": flagged, "wrong": wrong}


def _rates(flags_on_disclosures: list[bool], flags_on_ordinary: list[bool]) -> dict:
    caught, alarms = sum(flags_on_disclosures), sum(flags_on_ordinary)
    return {"recall": round(caught / max(len(flags_on_disclosures), 1), 3), "missed": len(flags_on_disclosures) - caught,
            "false_positive_rate": round(alarms / max(len(flags_on_ordinary), 1), 3), "false_positives": alarms}


def _text(item) -> str:
    return item["text"] if isinstance(item, dict) else item


def _full_reply(text: str, parsed: dict) -> bool:
    return parsed["intent"] == DISCLOSURE and needs_full_reply(text, parsed["disclosure_likelihood"])


def _per_category(disclosures: list[dict], parsed: list[dict], ordinary: list[str]) -> dict:
    """For each kind of harm: recall of the whole pipeline and of the patterns, and how many ordinary
    messages the patterns took for that kind (its false alarms)."""
    alarms: dict[str, int] = {}
    for text in ordinary:
        found = detect(text)
        if found:
            alarms[found.category] = alarms.get(found.category, 0) + 1
    rows = {}
    for category in sorted({item["category"] for item in disclosures}):
        mine = [(item["text"], r) for item, r in zip(disclosures, parsed) if item["category"] == category]
        rows[category] = {"disclosures": len(mine),
                          "recall": round(sum(r["intent"] == DISCLOSURE for _, r in mine) / len(mine), 3),
                          "pattern_recall": round(sum(detect(t) is not None for t, _ in mine) / len(mine), 3),
                          "pattern_false_alarms": alarms.get(category, 0)}
    return rows


def run(model: Path, log_dir: Path) -> dict:
    log_dir.mkdir(parents=True, exist_ok=True)
    messages = yaml.safe_load(HELDOUT.read_text())["messages"]
    seen = training_texts()
    leaked = [m["text"] for m in messages if _normal(m["text"]) in seen]
    messages = [m for m in messages if _normal(m["text"]) not in seen]  # a trained example measures nothing
    sets = {name: yaml.safe_load(path.read_text()) for name, path in SAFEGUARDING_SETS.items()}
    second = [m for m in yaml.safe_load(HELDOUT_SECOND.read_text())["messages"] if _normal(m["text"]) not in seen]
    texts = [m["text"] for m in messages] + [m["text"] for m in second]
    for data in sets.values():
        texts += [item["text"] for item in data["disclosures"]] + [_text(item) for item in data["ordinary"]]
    started = time.monotonic()
    parsed = iter(parse(model, texts, log_dir))
    seconds = round(time.monotonic() - started, 1)
    results = {"heldout": heldout_accuracy(messages, [next(parsed) for _ in messages]), "parse_seconds": seconds,
               "heldout_in_training_data": leaked, "safeguarding": {}}
    # The second set names intents only: a question about the meeting is right when it is read as one.
    results["heldout_second"] = heldout_accuracy(second, [{**r, "retrieval": None} for r in
                                                          (next(parsed) for _ in second)])
    for name, data in sets.items():
        disclosures = [item["text"] for item in data["disclosures"]]
        ordinary = [_text(item) for item in data["ordinary"]]
        on_disclosures = [next(parsed) for _ in disclosures]
        on_ordinary = [next(parsed) for _ in ordinary]
        results["safeguarding"][name] = {
            "disclosures": len(disclosures), "ordinary": len(ordinary),
            "patterns": _rates([detect(t) is not None for t in disclosures], [detect(t) is not None for t in ordinary]),
            "nlu_pipeline": _rates([r["intent"] == DISCLOSURE for r in on_disclosures],
                                   [r["intent"] == DISCLOSURE for r in on_ordinary]),
            # the full safe reply (not the gentle check): a pattern, or the classifier very sure with words of harm
            "full_reply": _rates([_full_reply(t, r) for t, r in zip(disclosures, on_disclosures)],
                                 [_full_reply(t, r) for t, r in zip(ordinary, on_ordinary)]),
            "per_category": _per_category(data["disclosures"], on_disclosures, ordinary),
        }
    return results
