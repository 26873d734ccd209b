"""Plain language: Flesch-Kincaid grade (textstat) of every response the assistant can send.

Every variation of every response in domain.yml and in data/nlu/*.yml `responses:` is read. Texts
are joined per topic and audience, and graded on the joined text:
- topic: a preparation question's topic for utter_ask_<slot> (bot.domain.preparation, e.g.
  utter_ask_venue_choice -> venue), each FAQ answer on its own (faq/<name>), else the first word
  of the name (utter_safeguarding_adult -> safeguarding), with the few merges in NAME_TOPICS;
- audience: "young people" for variations with a condition on role young_person, for the
  questions only young people are asked (YOUNG_PERSON_QUESTIONS) and for replies sent only to them
  (YOUNG_PERSON_NAMES); "family" for everything else.
Each glossary entry's meaning (bot/domain/glossary.yml) is graded on its own as well, as topic
glossary/<term>, without the term itself (the word that was asked about): the assistant sends it to
whoever asks, so it is a family text.
Targets: grade at most 6 for family texts, at most 5 for young people's. Listed worst first.
Flesch-Kincaid is noisy on short texts: each row says how many words it was computed on.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import textstat
import yaml

from bot.domain.glossary import load_glossary
from bot.domain.preparation import QUESTIONS, QUESTIONS_BY_SLOT, YOUNG_PERSON_QUESTIONS

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"family": 6.0, "young people": 5.0}
YOUNG_PERSON_ONLY = {q.slot for q in YOUNG_PERSON_QUESTIONS} - {q.slot for q in QUESTIONS}
YOUNG_PERSON_NAMES = ("young_person", "utter_shared_with_")
NAME_TOPICS = (  # name (without utter_ / ask_) starts with -> topic
    ("need_invite_code", "joining"), ("invite_code", "joining"), ("welcome", "joining"),
    ("help_", "safeguarding"), ("forget", "privacy"), ("forgotten", "privacy"), ("roster", "attendees"), ("professional", "attendees"),
    ("advocate", "reports"), ("shared_with", "sharing"), ("kept_private", "invite"), ("confirm_summary", "summary"),
    ("which_topic", "changing answers"), ("changing_topic", "changing answers"), ("term_unknown", "glossary"),
    ("question_saved", "questions"), ("out_of_scope", "out of scope"),
)
GLOSSARY = "glossary/"  # topic prefix of the glossary's rows
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def responses() -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for path in [ROOT / "domain.yml", *sorted((ROOT / "data" / "nlu").glob("*.yml"))]:
        found.update((yaml.safe_load(path.read_text()) or {}).get("responses") or {})
    return found


def topic_of(name: str) -> str:
    base = name.removeprefix("utter_")
    if base.startswith("faq/"):
        return base
    base = base.removeprefix("ask_")
    for slot in sorted(QUESTIONS_BY_SLOT, key=len, reverse=True):
        if base == slot or base.startswith(slot + "_"):
            return QUESTIONS_BY_SLOT[slot].topic
    return next((topic for prefix, topic in NAME_TOPICS if base.startswith(prefix)), base.split("_")[0])


def audience_of(name: str, variation: dict) -> str:
    for condition in variation.get("condition") or []:
        if condition.get("name") == "role" and condition.get("value") == "young_person":
            return "young people"
    slot = name.removeprefix("utter_ask_")
    if slot in YOUNG_PERSON_ONLY or any(part in name for part in YOUNG_PERSON_NAMES):
        return "young people"
    return "family"


def plain(text: str) -> str:
    """As a person reads it: names for placeholders, one sentence per line, no bullets."""
    lines = [line.strip(" •-*\t") for line in _PLACEHOLDER.sub("Sam", text).splitlines()]
    return " ".join(line if line[-1] in ".?!:" else line + "." for line in lines if line)


def grades() -> list[dict]:
    joined: dict[tuple[str, str], list[str]] = defaultdict(list)
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, variations in responses().items():
        for variation in variations:
            if variation.get("text"):
                key = (audience_of(name, variation), topic_of(name))
                joined[key].append(plain(variation["text"]))
                names[key].add(name)
    for term in load_glossary().terms:  # the meaning only: the term itself is the word they asked about
        key = ("family", GLOSSARY + term.term)
        joined[key].append(term.meaning)
        names[key].add(term.term)
    rows = [_row(audience, topic, texts, names[(audience, topic)]) for (audience, topic), texts in joined.items()]
    return sorted(rows, key=lambda row: row["grade"] - row["target"], reverse=True)


def _row(audience: str, topic: str, texts: list[str], names: set[str]) -> dict:
    text = " ".join(texts)
    grade = round(textstat.flesch_kincaid_grade(text), 1)
    return {"audience": audience, "topic": topic, "grade": grade, "target": TARGETS[audience],
            "over_target": grade > TARGETS[audience], "texts": len(texts),
            "words": textstat.lexicon_count(text), "responses": sorted(names)}


def summary(rows: list[dict]) -> dict:
    """Per audience for the responses, and the glossary's entries on their own."""
    groups = {audience: [r for r in rows if r["audience"] == audience and not r["topic"].startswith(GLOSSARY)]
              for audience in TARGETS}
    groups["glossary"] = [r for r in rows if r["topic"].startswith(GLOSSARY)]
    return {name: {"topics": len(group), "over_target": sum(r["over_target"] for r in group),
                   "worst": max((r["grade"] for r in group), default=None)}
            for name, group in groups.items() if group}
