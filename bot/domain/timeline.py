"""Everything one person told the assistant, oldest first, in words, with who may see each part."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.summary import answer_label
from bot.domain.visibility import COORDINATOR, PRIVATE, label, visible_to
from bot.domain.records import Person


@dataclass(frozen=True)
class Entry:
    when: datetime | None
    what: str  # the question it answers, in words
    words: str
    visibility: str

    @property
    def label(self) -> str:
        return label(self.visibility)


def timeline(person: Person, audience: str = COORDINATOR) -> tuple[Entry, ...]:
    entries = [Entry(s.when, answer_label(s.key), s.words, s.visibility)
               for s in person.said]
    entries += [Entry(s.when, "Would like invited" if s.wanted else "Rather not invite",
                      ", ".join(filter(None, [s.name, s.relationship, "anonymous" if s.anonymous else ""])),
                      COORDINATOR if s.wanted else PRIVATE) for s in person.suggested]
    entries += [Entry(a.when, "Asked (for the coordinator to answer)", a.text, COORDINATOR) for a in person.asked]
    entries += [Entry(s.when, f"Sent a {s.kind}", s.text or f"A {s.kind} (see the chat)", s.visibility)
                for s in person.sent]
    visible = [e for e in entries if visible_to(audience, e.visibility)]
    return tuple(sorted(visible, key=lambda e: e.when or datetime.min))
