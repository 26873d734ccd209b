"""docs/guidance-coverage.md maps the practice guidance's signs of success to the product: every
question, reply, page section and glossary term it names must exist, so the map cannot go stale."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.domain.glossary import load_glossary
from bot.domain.preparation import QUESTIONS_BY_SLOT
from bot.domain.readiness import ITEMS_BY_KEY

ROOT = Path(__file__).resolve().parents[2]
MAP = (ROOT / "docs" / "guidance-coverage.md").read_text()
KEY = re.compile(r"`(question|response|faq|readiness|page|glossary):([^`]+)`")


def _responses() -> set[str]:
    found: set[str] = set()
    for path in [ROOT / "domain.yml", *sorted((ROOT / "data" / "nlu").glob("*.yml"))]:
        found |= set((yaml.safe_load(path.read_text()) or {}).get("responses") or {})
    return found


def _page_ids() -> set[str]:
    return {m for p in (ROOT / "bot" / "web" / "templates").glob("*.html") for m in re.findall(r'id="([^"]+)"', p.read_text())}


def test_every_key_the_coverage_map_names_exists():
    responses, ids, terms = _responses(), _page_ids(), {t.term for t in load_glossary().terms}
    exists = {
        "question": lambda v: v in QUESTIONS_BY_SLOT, "response": lambda v: v in responses,
        "faq": lambda v: f"utter_faq/{v}" in responses, "readiness": lambda v: v in ITEMS_BY_KEY,
        "page": lambda v: v.startswith("#") and v[1:] in ids, "glossary": lambda v: v in terms,
    }
    keys = KEY.findall(MAP)
    assert len(keys) > 100
    missing = [f"{kind}:{value}" for kind, value in keys if not exists[kind](value)]
    assert not missing


def test_every_row_has_a_status_and_every_guidance_table_is_mapped():
    rows = [line for line in MAP.splitlines() if line.startswith("| ") and not line.startswith(("| aim", "|---"))]
    statuses = [row.rstrip(" |").rsplit("|", 1)[-1].strip() for row in rows]
    assert len(rows) >= 45 and all(s.split()[0] in ("covered", "partly", "practice") for s in statuses)
    assert all(f"## Table {n}" in MAP for n in (1, 2, 3))
