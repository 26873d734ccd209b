"""Who takes part in a meeting, and the professional roles the assistant can explain."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.text import clauses, sentences

PARTICIPANT_ROLES = ("parent", "young_person", "wider_family", "friend", "professional")

ROLE_LABELS = {
    "parent": "parent",
    "young_person": "young person",
    "wider_family": "family member",
    "friend": "friend of the family",
    "professional": "professional",
}

# Plain words for each professional role: who they are and why they come.
PROFESSIONAL_ROLES = {
    "coordinator": "Coordinator: organises the meeting with you and makes sure everyone gets a say. They do not make the plan.",
    "chair": "Chair: runs the meeting on the day, keeps it calm and fair, and makes sure everyone is heard.",
    "social_worker": "Social worker: shares what worries children's services and what they need to see in the plan.",
    "advocate": "Advocate: helps you or your child say what you want. They are on your side and do not work for children's services.",
    "teacher": "Teacher: shares how the child is getting on at school and what helps them there.",
    "health_visitor": "Health visitor: a nurse who helps families with babies and young children, and can share how the child is doing.",
    "school_nurse": "School nurse: looks after children's health at school.",
    "family_support_worker": "Family support worker: helps families with day-to-day things at home.",
    "interpreter": "Interpreter: helps people who speak another language understand and be understood.",
    "police": "Police officer: only comes if there is a safety reason to.",
    "doctor": "Doctor or GP: can share health information that helps with the plan.",
    "youth_worker": "Youth worker: someone who knows and supports the young person.",
}


# The same, said to the young person the meeting is about ("how the child is getting on" is them).
PROFESSIONAL_ROLES_TO_YOUNG_PEOPLE = {
    "coordinator": "Coordinator: sets up the meeting with you, and makes sure you all get a say. They don't make the plan.",
    "social_worker": "Social worker: says what worries them, and what they need the plan to do to keep you safe.",
    "teacher": "Teacher: tells the meeting how you are getting on at school and what helps you there.",
    "family_support_worker": "Family support worker: helps your family with things at home.",
    "interpreter": "Interpreter: helps people who speak another language to talk and be heard.",
    "police": "Police officer: only comes if there is a reason to do with safety.",
    "advocate": "Advocate: helps you say what you want. They are on your side and do not work for children's services.",
    "health_visitor": "Health visitor: a nurse who helps families with babies and small children.",
    "doctor": "Doctor or GP: can tell the meeting about health things that help with the plan.",
    "youth_worker": "Youth worker: someone who knows you and is there for you.",
}


def explain_role(role: str, young_person: bool = False) -> str:
    if young_person and role in PROFESSIONAL_ROLES_TO_YOUNG_PEOPLE:
        return PROFESSIONAL_ROLES_TO_YOUNG_PEOPLE[role]
    return PROFESSIONAL_ROLES.get(role, role.replace("_", " ").capitalize())


# Words that say a person is not wanted: "I'd rather Mr Evans didn't come", "no teacher please".
_NOT_WANTED = re.compile(
    r"\b(don'?t|dont|do not|didn'?t|didnt|not|no|rather|without|prefer|never|can'?t stand|cant stand|"
    r"won'?t|wont|shouldn'?t|keep .* away|stay away|nowhere near|not near|uncomfortable|hate|need to come|"
    r"no need|had it in for|(?:doesn'?t|doesnt|does not|don'?t|dont|do not) (?:need|have) to (?:come|be there|attend))\b",
    re.I)  # "the teacher doesnt need to be there"
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "the"}
# A plain wish that someone stays away (not "no, she's fine")
_WISH_AWAY = re.compile(r"\b(?:rather|sooner|don'?t want|dont want|do not want|(?:was|were|is) not there|wasn'?t there|"
                        r"didn'?t come|did not come|not come|stay away|keep \w+ away|not be there)\b", re.I)


@dataclass(frozen=True)
class NotWanted:
    name: str  # the professional's name from the meeting's list, or "" when not named


def _name_words(name: str) -> set[str]:
    """The words that pick someone out: "Mr Evans" is "evans"."""
    return {w.lower() for w in re.findall(r"[^\W\d_]+", name)} - _TITLES


def says_not_wanted(text: str) -> bool:
    """Whether the words say someone is not wanted at all (before looking at who)."""
    return bool(_NOT_WANTED.search(text))


def named_in(text: str, roster: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The (name, role) of the first professional on `roster` that `text` names ("who is Jo Patel?",
    "whos mr evans"), or None."""
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    for name, role in roster:
        name_words = _name_words(name)
        if name_words and name_words <= words | _TITLES:
            return name, role
    return None


def professional_not_wanted(text: str, roster: list[tuple[str, str]]) -> NotWanted | None:
    """A typed wish that one of the professionals coming should not, or None when the text says
    nothing of the kind. `roster` is the meeting's (name, role) list."""
    if not says_not_wanted(text):
        return None
    # "wait no its mr hughes i dont want. jo can come": the sentence that says who is not wanted, and in
    # it the clause ("jo can come but i dont want the teacher" is about the teacher, not Jo)
    whole, text = text, next(s for s in sentences(text) + [text] if says_not_wanted(s))
    for part in [c for c in clauses(text) if says_not_wanted(c)] + [text]:
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", part)}
        lowered = part.lower()
        for name, role in roster:
            if _name_words(name) & words or role.replace("_", " ") in lowered:
                return NotWanted(name)
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    if {"she", "he", "her", "him"} & words and _WISH_AWAY.search(text):
        # "That Jo Patel spoke to me like I was daft. I would sooner she was not there": her, named before
        everyone = {w.lower() for w in re.findall(r"[^\W\d_]+", whole)}
        named = [name for name, _ in roster if _name_words(name) & everyone]
        if len(named) == 1:
            return NotWanted(named[0])
    if {"someone", "somebody", "one", "them", "her", "him"} & words or {"rather", "sooner"} & words:
        return NotWanted("")
    return None
