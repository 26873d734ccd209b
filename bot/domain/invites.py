"""The invite list of one meeting: everyone suggested, merged where the same person was named twice,
and the private requests not to invite someone, each with who asked.

Names match whatever their case or spacing ("sue", " Sue ", "SUE"). Requests not to invite are
private: they are kept apart from the list and shown only to an audience allowed to see them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.domain.preparation import NOT_INVITE, PROFESSIONAL_NOT_WANTED, TRUSTED_PROFESSIONAL
from bot.domain.records import Person
from bot.domain.visibility import COORDINATOR, PRIVATE, label, visible_to

TRUSTED_WORDS = "trusted professional"  # how the page describes a professional someone trusts
# Answers that name someone not wanted at the meeting (private questions of the conversation).
NOT_WANTED_KEYS = {NOT_INVITE.slot: "rather not invite", PROFESSIONAL_NOT_WANTED.slot: "rather a professional didn't come"}


@dataclass(frozen=True)
class Suggestion:
    by: str
    relationship: str


@dataclass(frozen=True)
class MergedInvitee:
    name: str
    suggestions: tuple[Suggestion, ...]
    anonymous: bool
    in_a_private_request: bool  # someone also asked, privately, that this person not come

    @property
    def suggested_by(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.by for s in self.suggestions))

    @property
    def relationships(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.relationship for s in self.suggestions if s.relationship))


@dataclass(frozen=True)
class PrivateRequest:
    asked_by: str
    about: str  # the person's own words
    kind: str  # what the request is, in words
    visibility: str
    when: datetime | None

    @property
    def label(self) -> str:
        return label(self.visibility)


def name_key(name: str) -> str:
    """The same person whatever the case or spacing."""
    return " ".join(name.casefold().split())


def private_requests(people: tuple[Person, ...], audience: str) -> tuple[PrivateRequest, ...]:
    requests = []
    for person in people:
        for said in person.said:
            if said.key in NOT_WANTED_KEYS and said.has_content and visible_to(audience, said.visibility):
                requests.append(PrivateRequest(person.name, said.value, NOT_WANTED_KEYS[said.key],
                                               said.visibility, said.when))
        in_words = [_words(said.value) for said in person.said if said.key == NOT_INVITE.slot]
        for suggested in person.suggested:
            # Named in a not-invite answer already listed above ("i don't want Denise there, she's their gran")
            if not suggested.wanted and visible_to(audience, PRIVATE) and not _named_in(name_key(suggested.name),
                                                                                          in_words):
                requests.append(PrivateRequest(person.name, suggested.name, NOT_WANTED_KEYS[NOT_INVITE.slot],
                                               PRIVATE, suggested.when))
    return tuple(requests)


def merge_invitees(people: tuple[Person, ...], audience: str) -> tuple[MergedInvitee, ...]:
    """Everyone suggested, in the order first named; a trusted professional counts as a suggestion."""
    merged: dict[str, dict] = {}
    for person in people:
        for name, relationship, anonymous in _suggestions_of(person, audience):
            entry = merged.setdefault(name_key(name), {"name": " ".join(name.split()), "suggestions": [],
                                                       "anonymous": False})
            suggestion = Suggestion(person.name, relationship)
            if suggestion not in entry["suggestions"]:
                entry["suggestions"].append(suggestion)
            entry["anonymous"] = entry["anonymous"] or anonymous
    requested = [_words(r.about) for r in private_requests(people, audience)]
    return tuple(
        MergedInvitee(entry["name"], tuple(entry["suggestions"]), entry["anonymous"],
                      _named_in(key, requested))
        for key, entry in merged.items()
    )


def _suggestions_of(person: Person, audience: str) -> list[tuple[str, str, bool]]:
    # Suggested people are stored for the coordinator (as in the export).
    found = [(s.name, s.relationship, s.anonymous) for s in person.suggested
             if s.wanted and visible_to(audience, COORDINATOR)]
    trusted = person.answer(TRUSTED_PROFESSIONAL.slot)
    if trusted and trusted.has_content and visible_to(audience, trusted.visibility):
        found.append((_trusted_name(trusted.value), TRUSTED_WORDS, False))
    return found


_TITLED = re.compile(r"\b(mr|mrs|ms|miss|dr)\.?\s+([a-z][a-z'-]+)", re.I)


def _trusted_name(words: str) -> str:
    """ "jade's old nursery teacher mrs okafor she was brilliant" is listed as Mrs Okafor (their words
    stay in their summary); without a title, their words as they are."""
    found = _TITLED.search(words)
    return f"{found.group(1).capitalize()} {found.group(2).capitalize()}" if found else words


def _named_in(key: str, requests: list[list[str]]) -> bool:
    name = set(_words(key))
    return bool(name) and any(name <= set(words) for words in requests)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())
