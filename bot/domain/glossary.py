"""Plain-English glossary of children's social care jargon.

Families getting ready for a family group conference meet a lot of jargon
("s20", "PLO", "SGO", "bottom line"). `Glossary.lookup` finds which term a
message asks about, even when it is misspelt or abbreviated, and
`Glossary.unknown_term` pulls out the asked-about phrase when the glossary has
no answer, so it can be passed to the coordinator.

Pure domain logic: the only I/O is reading `glossary.yml` next to this module.

Matching works in three steps:
1. normalise the message (case, punctuation, apostrophes, "s.20"/"sec 20"/
   "section twenty" -> "section 20");
2. exact match of word n-grams against every term and alias;
3. fuzzy match (difflib) of n-grams that contain a word we do not know, so
   misspellings match but ordinary sentences do not. The first letter and any
   section number must agree, each word must look like the word it replaces,
   and short abbreviations ("lac", "sgo") never match fuzzily.
The match covering the most of the message wins ("interim care order" beats
"care order"). A known term qualified by an unknown word ("what is a
blenkinsop assessment") is treated as a different, unknown term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import yaml

GLOSSARY_PATH = Path(__file__).with_name("glossary.yml")

# Aliases this short (letters only, e.g. "lac", "sgo") are too easy to hit by
# accident, so they only ever match exactly.
_EXACT_ONLY_MAX_CHARS = 4

# Minimum difflib ratio for a fuzzy match. Short words need a stricter bar:
# one wrong letter in a 5-letter word already drops the ratio to 0.8.
_FUZZY_THRESHOLD = 0.85
_FUZZY_THRESHOLD_SHORT = 0.9
_SHORT_ALIAS_CHARS = 6
# Each word of a fuzzy match must also look like the word it stands for, so
# a long shared tail ("... of the meeting") cannot carry an unrelated word.
_WORD_THRESHOLD = 0.65
_ABBREVIATION = re.compile(r"[A-Z0-9]{2,}")

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`\u00b4]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SECTION_GLUED = re.compile(r"^(?:s|sec|sect|section)(\d+)$")
_SECTION_WORDS = frozenset({"s", "sec", "sect", "section"})

_UNITS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve "
        "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    word: value * 10
    for value, word in enumerate(
        "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2
    )
}
_TENS["fourty"] = 40  # a very common spelling

# Small words that never start or end a misspelt term. Stops "the meeting"
# from fuzzily matching "split meeting".
_STOPWORDS = frozenset(
    """a an the is are was be been am im i me my mine you u your ur we our us
    they them their he she his her it its this that these those what whats wat
    wot does do did mean means meant of to and or in on at for with from by as
    if so no not yes ok okay can could would will should please pls plz about
    explain thing things stuff again just really very there here who why how
    when where which hi hey hello thanks thank whts wht wats wots""".split()
)

# Everyday words people type that are close to a glossary word but are not a
# misspelling of it. Words used in the glossary itself are known as well.
_COMMON_WORDS = frozenset(
    """adapt adapted advice afraid answer answers anxious ask asked asking aunt
    aunty auntie baby bad bring brother bye car cars cared cares careful caring
    change changed come coming concern concerns confident content contract
    contracts coordinates cry dad date day days dinner dont down drive early end
    food forget friday gran grandad grandma granny grandpa happen happening
    happens help hope house idea interesting know late leeds mate maybe meeting
    meetings minute monday morning mum mummy nan nanna nanny need nervous next
    night nothing partner people person point prefer question questions ready
    reply safe saturday scared school see sister sorry start sunday sure talk
    tea thursday time today tomorrow tuesday uncle understand upset want wear
    wednesday week well wife worried worry wrong""".split()
)


@dataclass(frozen=True)
class Term:
    """One glossary entry: the canonical term, its plain meaning, its aliases."""

    term: str
    meaning: str
    aliases: tuple[str, ...] = ()

    @property
    def explained(self) -> str:
        """ "Network: All the people around a child and family who can help." """
        return f"{self.term[0].upper()}{self.term[1:]}: {self.meaning}"


@dataclass(frozen=True)
class _Alias:
    text: str  # normalised
    term: Term
    abbreviations: frozenset[str] = frozenset()  # words that must match exactly

    @property
    def size(self) -> int:
        return self.text.count(" ") + 1

    @property
    def fuzzy(self) -> bool:
        return len(self.text.replace(" ", "")) > _EXACT_ONLY_MAX_CHARS

    @property
    def threshold(self) -> float:
        short = len(self.text.replace(" ", "")) <= _SHORT_ALIAS_CHARS
        return _FUZZY_THRESHOLD_SHORT if short else _FUZZY_THRESHOLD

    def aligns_with(self, gram: list[str]) -> bool:
        """Word by word, could `gram` be this alias with typos?"""
        words = self.text.split()
        if len(words) != len(gram):
            return True  # words split or joined: the whole-string ratio decides
        return all(
            said == wanted
            or (wanted not in self.abbreviations and _ratio(said, wanted) >= _WORD_THRESHOLD)
            for said, wanted in zip(gram, words)
        )


@dataclass(frozen=True)
class _Match:
    term: Term
    text: str  # the words of the message that matched
    words: int  # how many message words the match covers
    score: float  # 1.0 for exact matches
    start: int

    def rank(self) -> tuple[int, int, float, int]:
        # Longest match first (in words, then letters), then closest, then
        # earliest in the message.
        return (self.words, len(self.text), self.score, -self.start)


# --- Normalisation -----------------------------------------------------------


def normalise(text: str) -> str:
    """Lowercase, strip punctuation and spell sections as "section 20"."""
    return " ".join(_words(text))


def _words(text: str) -> list[str]:
    text = _APOSTROPHES.sub("", text.lower()).replace("&", " and ")
    words = _NON_WORD.sub(" ", text).split()
    return _expand_sections(_numbers_to_digits(words))


def _numbers_to_digits(words: list[str]) -> list[str]:
    """"twenty" -> "20", "forty seven" -> "47", so spoken sections match."""
    result: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in _TENS and 0 < _UNITS.get(following, 0) < 10:
            result.append(str(_TENS[word] + _UNITS[following]))
            i += 2
            continue
        value = _TENS.get(word, _UNITS.get(word))
        result.append(word if value is None else str(value))
        i += 1
    return result


def _expand_sections(words: list[str]) -> list[str]:
    """"s20", "sec 20", "s.20" (already "s 20") -> "section 20"."""
    result: list[str] = []
    for i, word in enumerate(words):
        glued = _SECTION_GLUED.match(word)
        following = words[i + 1] if i + 1 < len(words) else ""
        if glued:
            result += ["section", glued.group(1)]
        elif word in _SECTION_WORDS and following.isdigit():
            result.append("section")
        else:
            result.append(word)
    return result


def _abbreviations(name: str) -> frozenset[str]:
    """Words written in capitals in the YAML ("CP" in "CP plan")."""
    return frozenset(word.lower() for word in _ABBREVIATION.findall(name))


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _ngrams(words: list[str], max_size: int) -> Iterator[tuple[int, list[str]]]:
    for size in range(1, max_size + 1):
        for start in range(len(words) - size + 1):
            yield start, words[start : start + size]


# --- The glossary ------------------------------------------------------------


class Glossary:
    """A set of terms that can be looked up from a free-text message."""

    def __init__(self, terms: Iterable[Term]):
        self._terms = tuple(terms)
        self._exact: dict[str, Term] = {}
        self._aliases: list[_Alias] = []
        for term in self._terms:
            for name in (term.term, *term.aliases):
                self._add(_Alias(normalise(name), term, _abbreviations(name)))
        self._fuzzy_aliases = [alias for alias in self._aliases if alias.fuzzy]
        self._max_size = max((alias.size for alias in self._aliases), default=1)
        self._known_words = _COMMON_WORDS | _STOPWORDS | self._glossary_words()

    def _add(self, alias: _Alias) -> None:
        other = self._exact.get(alias.text)
        if other is not None and other != alias.term:
            raise ValueError(
                f"{alias.text!r} is used by {other.term!r} and {alias.term.term!r}"
            )
        self._exact[alias.text] = alias.term
        self._aliases.append(alias)

    def _glossary_words(self) -> set[str]:
        texts = [alias.text for alias in self._aliases]
        texts += [normalise(term.meaning) for term in self._terms]
        return {word for text in texts for word in text.split()}

    @property
    def terms(self) -> tuple[Term, ...]:
        return self._terms

    def __len__(self) -> int:
        return len(self._terms)

    def lookup(self, message: str) -> Term | None:
        """The glossary term a message asks about, or None.

        If a message names several terms, the one it asks about wins ("what is
        section 20? the social worker said it"), then the longest, then the
        earliest.
        """
        words = _words(message)
        matches = [*self._exact_matches(words), *self._fuzzy_matches(words)]
        if not matches:
            return None
        asked = f" {_asked_in_any_sentence(message) or ''} "
        best = max(matches, key=lambda match: (f" {match.text} " in asked, *match.rank()))
        if self._is_qualified_by_unknown_word(" ".join(words), best):
            return None
        return best.term

    def asked_about(self, message: str) -> Term | None:
        """The term a message asks the meaning of ("I am not understand what is FGC"), or None when
        it only names one in passing ("can my social worker come?")."""
        asked = _asked_in_any_sentence(message)
        term = self.lookup(asked) if asked else None
        return term if term is not None and self.lookup(message) == term else None

    def _is_qualified_by_unknown_word(self, text: str, match: _Match) -> bool:
        """"what is a blenkinsop assessment": a different term we don't know.

        Only words before the match count: words after it are usually filler.
        """
        asked = _asked_phrase(text)
        if not asked or f" {match.text} " not in f" {asked} ":
            return False
        before = f" {asked} ".split(f" {match.text} ")[0].split()
        return any(w not in self._known_words and not w.isdigit() for w in before)

    def unknown_term(self, message: str) -> str | None:
        """The phrase asked about in "what does X mean?" when X is not known.

        None when the message is not asking what something means, or when the
        glossary already has the answer.
        """
        if self.lookup(message) is not None:
            return None
        # "what mean half a day? like 4 hour?": the first question asked, not the whole message
        return next((phrase for part in message.split("?") if (phrase := _asked_phrase(normalise(part)))), None)

    def _exact_matches(self, words: list[str]) -> Iterator[_Match]:
        for start, gram in _ngrams(words, self._max_size):
            term = self._exact_term(gram)
            if term is not None:
                yield _Match(term, " ".join(gram), len(gram), 1.0, start)

    def _exact_term(self, gram: list[str]) -> Term | None:
        text = " ".join(gram)
        term = self._exact.get(text)
        # Cheap plural/possessive fallback: "sgos", "genograms".
        if term is None and len(gram[-1]) > 3 and text.endswith("s"):
            term = self._exact.get(text[:-1])
        return term

    def _fuzzy_matches(self, words: list[str]) -> Iterator[_Match]:
        # A misspelt alias may gain or lose a word ("safe guarding"), hence +1.
        for start, gram in _ngrams(words, self._max_size + 1):
            if not self._may_be_misspelt(gram):
                continue
            text = " ".join(gram)
            for alias in self._fuzzy_aliases:
                if not _comparable(text, len(gram), alias):
                    continue
                score = _similarity(text, alias.text, alias.threshold)
                if score >= alias.threshold and alias.aligns_with(gram):
                    yield _Match(alias.term, text, len(gram), score, start)

    def _may_be_misspelt(self, gram: list[str]) -> bool:
        """Only n-grams holding an unknown word, not framed by small words."""
        if gram[0] in _STOPWORDS or gram[-1] in _STOPWORDS:
            return False
        return any(word not in self._known_words for word in gram)


def _comparable(text: str, size: int, alias: _Alias) -> bool:
    # People rarely get the first letter wrong ("option" is not "adoption"),
    # and "section 21" is never "section 20".
    return (
        text[0] == alias.text[0]
        and abs(alias.size - size) <= 1
        and _digits(text) == _digits(alias.text)
    )


def _similarity(a: str, b: str, threshold: float) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # The quick upper bounds skip most pairs without the full comparison.
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    return matcher.ratio()


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


# --- "What does X mean?" -----------------------------------------------------

_ASKING = [
    re.compile(p)
    for p in (
        r"\bwhat (?:do |d )?(?:you|they|u) mean(?: by)? (?P<x>.+)",
        r"\bwhat (?:is|s) meant by (?P<x>.+)",
        r"\bwhat (?:does|do|did) (?P<x>.+?) (?:mean|means|stand for|stands for)\b",
        r"\b(?:meaning|definition) of (?P<x>.+)",
        r"\b(?:explain|define) (?P<x>.+)",
        r"\b(?:what|wat|wot|wht) (?:is|s|are|r) (?P<x>.+)",
        r"\b(?:whats|wats|wots|whts) (?P<x>.+)",
        r"\b(?:what|wat|wot) (?:mean|means|meaning) (?P<x>.+)",  # English as a second language: "what mean X"
    )
]

# Words around the phrase that are part of the question, not the phrase.
_LEADING_FILLER = frozenset(
    """a an the to me us what whats is are by word words term this that these
    those my our your their his her about please pls plz it""".split()
)
_TRAILING_FILLER = frozenset(
    """mean means meant is are thing things stuff please pls plz again exactly
    then actually for stand stands all about""".split()
)
# "what is happening", "what is the time": questions, but not about a word.
_NOT_A_TERM = frozenset(
    """happening happen happens going gonna wrong up next time date day name
    on there here your you it that this best point plan meeting""".split()
)
_MAX_PHRASE_WORDS = 4


def _asked_in_any_sentence(message: str) -> str | None:
    """The phrase asked about, sentence by sentence: a second sentence can make the whole too long."""
    for sentence in [message, *re.split(r"[?.!\n]+", message)]:
        phrase = _asked_phrase(normalise(sentence))
        if phrase:
            return phrase
    return None


# "what's pre-proceedings when it's at home?": an idiom that asks what something is.
_WHEN_AT_HOME = re.compile(r"\s*\bwhen (?:its|it is|theyre|they are|thats|that is) at home\b")


def _asked_phrase(text: str) -> str | None:
    text = _WHEN_AT_HOME.sub("", text)
    for pattern in _ASKING:
        found = pattern.search(text)
        phrase = _clean_phrase(found.group("x").split()) if found else None
        if phrase:
            return phrase
    return None


def _clean_phrase(words: list[str]) -> str | None:
    while words and words[0] in _LEADING_FILLER:
        words = words[1:]
    while words and words[-1] in _TRAILING_FILLER:
        words = words[:-1]
    if not words or len(words) > _MAX_PHRASE_WORDS:
        return None
    if words[0] in _NOT_A_TERM or words[0].isdigit():  # "what's 7 times 8"
        return None
    return " ".join(words)


# --- Loading -----------------------------------------------------------------


@lru_cache(maxsize=1)
def load_glossary() -> Glossary:
    """The glossary from glossary.yml next to this module (read once)."""
    return Glossary(_read_terms(GLOSSARY_PATH))


def _read_terms(path: Path) -> list[Term]:
    with path.open(encoding="utf-8") as handle:
        entries = yaml.safe_load(handle) or []
    return [
        Term(
            term=str(entry["term"]).strip(),
            meaning=" ".join(str(entry["meaning"]).split()),
            aliases=tuple(str(alias).strip() for alias in entry.get("aliases") or ()),
        )
        for entry in entries
    ]
