"""Which sentence of a longer message is the question that needs answering.

People put a question after a sentence of context ("My granddaughter says I shouldn't put family
business on the phone. Who reads all this?") or before one ("Is this meeting the court? I am afraid
they take my children"). Read as a whole, the context outweighs the question and the wrong answer
comes back. So each asking sentence is also read on its own (bot.rasa_components.question_focus),
and one that is clearly a question of ours answers for the message. A question about what one of
the glossary's words means is that, whatever else it was read as.

Pure: no Rasa, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.glossary import Glossary
from bot.domain.preparation import ASKS_FOR_A_CHOICE, QUESTION_WORDS, asks_what_we_mean
from bot.domain.text import sentences

# Intents that are questions we answer. A sentence read as one of these, surely enough, is the point.
ASKING = frozenset({"faq", "privacy", "ask_meaning", "ask_who_attends"})
# What the whole message says that must stand whatever else it asks: harm told, a complaint kept for
# the coordinator, a request to delete, an invite code.
WHOLE_STANDS = frozenset({"disclose_harm", "complain_about_professional", "forget", "join_meeting"})
SURE = 0.6  # a sentence's reading counts from this confidence
DISCLOSURE = "disclose_harm"
NOT_UNDERSTOOD = "nlu_fallback"  # Rasa's own: our fallback action answers "what do you mean?"
DISCLOSURE_HEARD = 0.3  # the whole message may tell of harm from here: it is read as a whole
SURE_ANSWER = 0.8  # an answer about the meeting this sure stands against the glossary's meaning

def asking_sentences(text: str) -> list[str]:
    """The sentences that ask something, when the message has more than one sentence. Asking for a
    choice is answering ("I work all week. Can we do Saturday?"): that is for the whole message."""
    parts = sentences(text)
    if len(parts) < 2:
        return []
    return [s for s in parts if (s.endswith("?") or _first_word(s) in QUESTION_WORDS)
            and not ASKS_FOR_A_CHOICE.match(s.lower())]


def _first_word(sentence: str) -> str:
    words = re.findall(r"[a-z']+", sentence.lower())
    return words[0] if words else ""


@dataclass(frozen=True)
class Reading:
    intent: str
    confidence: float


def focus(whole: list[Reading], sentences: list[Reading]) -> int | None:
    """The index of the asking sentence that answers for the message, or None to keep the whole.

    `whole` is the whole message's ranking, best first. The surest sentence read as one of our
    questions wins, unless the whole message may tell of harm or makes a complaint: those are about
    the statements, and must not be lost (nor hidden from the safeguarding check, which reads the
    ranking after this).
    """
    readings = [r for r in whole if r.intent != NOT_UNDERSTOOD]
    if (readings and readings[0].intent in WHOLE_STANDS) or any(
            r.intent == DISCLOSURE and r.confidence >= DISCLOSURE_HEARD for r in readings):
        return None
    asking = [(s.confidence, i) for i, s in enumerate(sentences) if s.intent in ASKING and s.confidence >= SURE]
    if not asking:
        return None
    return max(asking)[1]


def asks_what_a_word_means(intent: str, text: str, glossary: Glossary, answer_confidence: float = 0.0) -> bool:
    """"what's pre-proceedings when it's at home": the meaning of a word in our glossary, whatever
    the classifier made of it (it read that as a question about the meeting's stages), unless it is a
    question about the meeting whose answer is sure ("what is private family time?"), or a request to
    see one's own summary ("what's my summary?": "summary" is in the glossary too)."""
    if intent in WHOLE_STANDS | {"ask_meaning", "show_summary"} or (intent == "faq" and answer_confidence >= SURE_ANSWER):
        return False
    return glossary.asked_about(text) is not None


def asks_what_we_meant(intent: str, text: str) -> bool:
    """"wdym who can see it": about our own last question, so not a question about the meeting (the
    classifier read that one as asking about recording). Our fallback says the open question plainly."""
    return intent not in WHOLE_STANDS and asks_what_we_mean(text)
