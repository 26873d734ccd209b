"""Rasa's training data is easy to find: each intent's examples live in one file of data/nlu (the
questions about the meeting, `faq/*`, are one retrieval intent, in faq.yml), and no file is a
catch-all holding several intents."""
from collections import defaultdict
from pathlib import Path

import yaml

NLU = Path(__file__).resolve().parents[2] / "data" / "nlu"


def intents_by_file() -> dict[str, set[str]]:
    found = defaultdict(set)
    for path in sorted(NLU.glob("*.yml")):
        for item in yaml.safe_load(path.read_text()).get("nlu", []):
            if "intent" in item:
                found[path.name].add(item["intent"].split("/")[0])
    return found


def test_each_file_holds_one_intent():
    assert {name: sorted(intents) for name, intents in intents_by_file().items() if len(intents) != 1} == {}


def test_each_intent_lives_in_one_file():
    files_of = defaultdict(list)
    for name, intents in intents_by_file().items():
        for intent in intents:
            files_of[intent].append(name)
    assert {intent: names for intent, names in files_of.items() if len(names) != 1} == {}
