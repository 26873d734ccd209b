"""How well the assistant understands people: intent F1 from cross-validation, and glossary hit rate.

    .venv/bin/python bench/understanding.py [--folds 3]

Runs `rasa test nlu --cross-validation` in .venv-rasa (it trains once per fold, about a minute and a half
each) and prints the figures; writes them to bench/out/understanding.json. Figures are printed, never
asserted: this is a measurement, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain.glossary import load_glossary  # noqa: E402

# Misspelt and abbreviated ways people ask about terms, written apart from the glossary's aliases.
MISSPELT_QUERIES = {
    "wats a sectoin 20": "section 20", "what does safegaurding mean": "safeguarding",
    "whats kinship cair": "kinship care", "what is a geneogram": "genogram",
    "explain respit to me": "respite", "wat is parental responsability": "parental responsibility",
    "whats a contingancy plan": "contingency plan", "what does pre procedings mean": "public law outline",
    "what is a speshal guardianship order": "special guardianship order",
    "whats an advocat": "advocate", "what does vyability assessment mean": "viability assessment",
    "what is a core grup": "core group", "what does botom line mean": "bottom line",
    "wat is a care ordr": "care order", "whats a child protecshun plan": "child protection plan",
    "what is lookd after child": "looked after child", "paralel planning?": "parallel planning",
    "what is a famly group confrence": "family group conference",
    "whats privat family time": "private family time", "what is a s47": "section 47",
}


def cross_validation(folds: int, out: Path) -> dict:
    rasa = ROOT / ".venv-rasa" / "bin" / "rasa"
    started = time.monotonic()
    subprocess.run(
        [str(rasa), "test", "nlu", "--nlu", "data/nlu", "--config", "config.yml", "--cross-validation",
         "--folds", str(folds), "--out", str(out)],
        cwd=ROOT, check=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    report = json.loads((out / "intent_report.json").read_text())
    worst = sorted(((name, row["f1-score"]) for name, row in report.items() if isinstance(row, dict)
                    and "support" in row and name not in ("micro avg", "macro avg", "weighted avg")),
                   key=lambda item: item[1])[:5]
    responses = out / "response_selection_report.json"
    response_f1 = (round(json.loads(responses.read_text())["weighted avg"]["f1-score"], 3)
                   if responses.exists() else None)
    return {"folds": folds, "seconds": round(time.monotonic() - started), "response_f1_weighted": response_f1,
            "intent_f1_weighted": round(report["weighted avg"]["f1-score"], 3),
            "intent_f1_macro": round(report["macro avg"]["f1-score"], 3),
            "accuracy": round(report.get("accuracy", 0.0), 3), "worst_intents": worst}


def glossary_hits() -> dict:
    glossary = load_glossary()
    found = {q: (glossary.lookup(q).term.lower() if glossary.lookup(q) else None) for q in MISSPELT_QUERIES}
    misses = [q for q, term in MISSPELT_QUERIES.items() if found[q] != term.lower()]
    hits = len(MISSPELT_QUERIES) - len(misses)
    return {"terms": len(glossary), "misspelt_queries": len(MISSPELT_QUERIES), "hits": hits, "misses": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--skip-cv", action="store_true", help="only the glossary figures")
    args = parser.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    results = {"glossary": glossary_hits()}
    if not args.skip_cv:
        results["nlu_cross_validation"] = cross_validation(args.folds, out / "nlu-cv")
    (out / "understanding.json").write_text(json.dumps(results, indent=2))
    g = results["glossary"]
    print(f"glossary: {g['terms']} terms; misspelt queries found {g['hits']}/{g['misspelt_queries']}"
          + (f"; missed: {', '.join(g['misses'])}" if g["misses"] else ""))
    if "nlu_cross_validation" in results:
        cv = results["nlu_cross_validation"]
        print(f"intent F1 ({cv['folds']}-fold cross-validation): weighted {cv['intent_f1_weighted']}, "
              f"macro {cv['intent_f1_macro']}, accuracy {cv['accuracy']} ({cv['seconds']} s)")
        print("lowest F1: " + ", ".join(f"{name} {f1:.2f}" for name, f1 in cv["worst_intents"]))


if __name__ == "__main__":
    main()
