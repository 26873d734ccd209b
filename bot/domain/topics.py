"""Which part of their answers someone means, in their own words: "the bit about where", "can i change
the times", "the people from work". Used where a part is chosen to change, so nobody has to type a
section's title exactly.

Pure logic. Each part is named by the words of its own questions; a message naming two parts means
the one it names more often, or first.
"""
from __future__ import annotations

import re

from bot.domain.text import visible_text

_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
TOPIC_WORDS: dict[str, re.Pattern[str]] = {
    topic: re.compile(rf"\b(?:{words})\b") for topic, words in {
        "purpose": r"purpose|what (?:the meeting|it) is for|what its for|who makes the plan|makes the plan",
        "reports": r"reports?|advocate|easy read|papers?|paperwork|format|written|in my language",
        "attendees": r"professionals?|people from work|social worker|teachers?|health visitor|who will be there|"
                     r"whos coming|who is coming|who comes|whos there|who is there",
        "venue": r"where|venue|place|location|room|building|centre|center|library|church|mosque|council|"
                 r"wheelchair|ramp|access|travel|bus fare|lift there|getting there|get there",
        "timing": rf"when|times?|days?|dates?|{_DAY}|mornings?|afternoons?|evenings?|weekends?|weekdays?|"
                  r"how long|childcare|food|allerg\w*|halal|diet|interpreter|translator",
        "invite": r"invit\w*|who to ask|people i (?:want|named|said|asked)|family and friends|names?|trusted|"
                  r"who i want|add(?:ing)? (?:someone|people|somebody)|take (?:someone|somebody) off",
        "help": r"help i (?:can|could) (?:give|offer|do)|offer\w*",
        "agenda": r"talk about|agenda|topics?|ground rules?|rules|private (?:info|information)|who hears",
        "plan": r"(?:the |my |our )?plan (?:ideas?|bit)|ideas? for the plan|writ\w* (?:it|the plan) down|family time",
        "safety": r"safe|safety|not getting on|worried about (?:anyone|someone|safety)",
        "privacy": r"privacy|who sees|who can see|who reads",
        "taking_part": r"take part|taking part|join in|how i take part|drawing|voice note|send my views",
        "views": r"going well|worries|worried|hopes?|what i think|my views|what would be different",
    }.items()
}


def topic_named(text: str, topics: tuple[str, ...]) -> str | None:
    """The part of `topics` the words name, or None when they name none of them."""
    words = re.sub(r"[^a-z ]+", "", visible_text(text or "").lower().replace("-", " "))
    words = " ".join(words.split())
    best: tuple[int, int, str] | None = None
    for topic in topics:
        found = list(TOPIC_WORDS[topic].finditer(words)) if topic in TOPIC_WORDS else []
        if found:
            rank = (-len(found), found[0].start(), topic)
            best = rank if best is None or rank < best else best
    return None if best is None else best[2]
