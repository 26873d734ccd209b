"""The plain-words summary of everything one person told the assistant."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.records import Person
from bot.domain.visibility import COORDINATOR, visible_to
from bot.domain.preparation import INVITE_MORE, INVITE_PERSON, QUESTIONS_BY_SLOT, TOPIC_TITLES, describe, questions_for

SHARED_WORDS = {"coordinator": "only the coordinator sees this",
                "professionals": "the coordinator may tell the professionals",
                "everyone": "everyone at the meeting can hear this, your family too"}


@dataclass(frozen=True)
class Line:
    topic: str
    label: str
    answer: str


def summary_lines(saved: dict[str, str], invitees: list[str], role: str | None = None,
                  shared: dict[str, str] | None = None) -> list[Line]:
    """One line per answered question, in the order they were asked; people to invite listed together.

    `shared` maps an answer to a young person's choice of who may see it, shown beside the answer.
    """
    lines = []
    for question in questions_for(role):
        if question is INVITE_PERSON and invitees:
            lines.append(Line(question.topic, question.label, ", ".join(invitees)))
        elif question.slot in saved and question not in (INVITE_MORE, INVITE_PERSON) and not question.shares:
            answer = _in_words(question.slot, saved[question.slot])
            if shared and question.slot in shared:
                answer += f" ({SHARED_WORDS.get(shared[question.slot], SHARED_WORDS['coordinator'])})"
            lines.append(Line(question.topic, question.label, answer))
    return lines


def invitee_words(name: str, relationship: str | None) -> str:
    """ "Linda (mum)", but "Nan", not "Nan (nan)"."""
    return f"{name} ({relationship})" if relationship and relationship.lower() != name.lower() else name


def person_summary(answers: dict[str, tuple[str, str]], invitees: list[tuple[str, str | None]],
                   role: str | None) -> list[Line]:
    """What one person said, as they see it at the end of the chat and the coordinator sees it on the
    page. `answers` maps a question's slot to (answer, who may see it); `invitees` are the people they
    want invited, (name, relationship). A young person's choice of who may see an answer is shown beside it."""
    saved = {slot: value for slot, (value, _) in answers.items()}
    shared = {slot: visibility for slot, (_, visibility) in answers.items() if f"share_{slot}" in saved}
    return summary_lines(saved, [invitee_words(name, relationship) for name, relationship in invitees], role, shared)


def summary_of(person: Person) -> list[Line]:
    """One person's summary: what they read at the end of the chat, and what the coordinator's printable
    summary shows of them (the coordinator may see all of it)."""
    return person_summary({s.key: (s.value, s.visibility) for s in person.said if visible_to(COORDINATOR, s.visibility)},
                          [(s.name, s.relationship) for s in person.suggested if s.wanted], person.role)


def answer_label(slot: str) -> str:
    """How a saved answer is introduced: its question's label, or the key in words for any other."""
    question = QUESTIONS_BY_SLOT.get(slot)
    return question.label if question else slot.replace("_", " ").capitalize()


def summary_text(lines: list[Line]) -> str:
    parts, topic = [], None
    for line in lines:
        if line.topic != topic:
            topic = line.topic
            parts.append(f"\n{TOPIC_TITLES[topic]}")
        parts.append(f"• {line.label}: {line.answer}")
    return "\n".join(parts).strip()


def noted_words(slot: str, value: str) -> str:
    """How an answer given before its question, or changed after it, is confirmed: "Times that don't
    work: not Tuesdays", "Who sees 'How you'd like to take part': Only the coordinator"."""
    return f"{QUESTIONS_BY_SLOT[slot].label}: {_in_words(slot, value)}"


def _in_words(slot: str, value: str) -> str:
    return QUESTIONS_BY_SLOT[slot].read_back.get(value) or describe(slot, value)


# Agreeing to "Is that right?" in one's own words, a question or two later: "ok good. everything correct
# now, you can give to Amira", "is all right. please send it". Any word against it and it is not agreed.
_AGREES = re.compile(r"\b(?:send|sent|correct|right|good|fine|ok|okay|yes|yeah|yep|perfect|spot on|give)\b", re.I)
_AGAINST = re.compile(r"\b(?:not|no|nope|wrong|change|but|except|missed|miss|didn'?t|isn'?t|wait|hold on|don'?t|dont)\b",
                      re.I)


def agrees(text: str) -> bool:
    return bool(_AGREES.search(text or "")) and not _AGAINST.search(text or "")
