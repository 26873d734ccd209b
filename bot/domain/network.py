"""Reading "Sue, my sister" or "my neighbour Pat" into a first name and a relationship."""
from __future__ import annotations

import re
from dataclasses import dataclass

RELATIONSHIPS = {
    "mum", "mom", "mother", "dad", "father", "nan", "nana", "nanna", "gran", "granny", "grandma",
    "grandmother", "grandad", "granddad", "grandpa", "grandfather", "sister", "brother", "aunt", "auntie",
    "aunty", "uncle", "cousin", "niece", "nephew", "partner", "husband", "wife", "boyfriend", "girlfriend",
    "friend", "neighbour", "neighbor", "godmother", "godfather", "stepmum", "stepdad", "daughter", "son",
    "pastor", "vicar", "imam", "priest", "rabbi", "childminder", "teacher", "coach", "mentor",
}
# Words that are never a name even when they come first.
NOT_NAMES = RELATIONSHIPS | {
    "my", "our", "the", "and", "his", "her", "their", "a", "an", "from", "at", "of", "is", "she", "he",
    "would", "like", "to", "invite", "please", "also", "maybe", "probably", "who", "lives", "next", "door",
    "best", "old", "anonymous", "anon", "in", "law", "church", "mosque", "temple", "group", "i", "want",
}


# Letters of any script (Zoë, Siobhán, محمد), then letters, apostrophes or hyphens.
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")
MAX_NAME_LENGTH = 60  # the longest real names fit; a pasted paragraph is not a name


@dataclass(frozen=True)
class Person:
    name: str
    relationship: str
    anonymous: bool


def parse_person(text: str) -> Person | None:
    """The first name and relationship in a short answer; None when no name can be found."""
    words = _WORD.findall(text)
    relationship = next((w.lower() for w in words if w.lower() in RELATIONSHIPS), "")
    names = [w for w in words if w.lower() not in NOT_NAMES]
    # Prefer a capitalised word; people typing on phones often write names in lower case.
    name = next((w for w in names if w[0].isupper()), names[0] if names else "")
    if not name and relationship:
        name = relationship.capitalize()  # "my nan" is enough to go on
    if not name:
        return None
    name = name[:MAX_NAME_LENGTH]
    return Person(name=name.capitalize(), relationship=relationship, anonymous="anon" in text.lower())
