"""Each question is described once, in the catalogue (bot/domain/preparation.py): other modules name a
question (VENUE_CHOICE.slot), never write its slot name out. A test rather than a hope, as a ratchet:
the counts below may only fall, and a module that reaches its allowance must say so here."""
import ast
from collections import Counter

from bot.domain.preparation import QUESTIONS_BY_SLOT
from bot.store.db import PROJECT_ROOT

CATALOGUE = PROJECT_ROOT / "bot" / "domain" / "preparation.py"
# Where a slot's name is still written out, and why.
ALLOWED = {
    "bot/domain/readiness.py": 8,       # not slots: the checklist items "going_well" and "taking_part", and the topic
    "bot/domain/people.py": 2,          # not a slot: the interpreter as a professional at the meeting
    "bot/domain/consolidation.py": 1,   # not a slot: the topic "taking_part"
    "bot/domain/topics.py": 1,          # not a slot: the topic "taking_part"
}


def slot_literals() -> Counter:
    found = Counter()
    for path in sorted([*(PROJECT_ROOT / "bot").rglob("*.py"), *(PROJECT_ROOT / "actions").rglob("*.py")]):
        if path == CATALOGUE or "alembic" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and node.value in QUESTIONS_BY_SLOT:
                found[str(path.relative_to(PROJECT_ROOT))] += 1
    return found


def test_slot_names_are_written_out_only_in_the_catalogue_and_rasas_files():
    found = slot_literals()
    over = {module: count for module, count in found.items() if count > ALLOWED.get(module, 0)}
    assert not over, f"name the question from the catalogue (e.g. VENUE_CHOICE.slot) instead: {over}"
    fewer = {module: (found.get(module, 0), allowed) for module, allowed in ALLOWED.items() if found.get(module, 0) < allowed}
    assert not fewer, f"fewer slot names written out than allowed: lower ALLOWED to match: {fewer}"
