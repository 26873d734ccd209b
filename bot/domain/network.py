"""Reading "Sue, my sister" or "my neighbour Pat" into a first name and a relationship."""
from __future__ import annotations

import re
from dataclasses import dataclass

RELATIONSHIPS = {
    "mum", "mom", "mother", "dad", "father", "nan", "nana", "nanna", "gran", "granny", "grandma",
    "grandmother", "grandad", "granddad", "grandpa", "grandfather", "sister", "brother", "aunt", "auntie",
    "aunty", "uncle", "cousin", "niece", "nephew", "partner", "husband", "wife", "boyfriend", "girlfriend",
    "friend", "neighbour", "neighbor", "godmother", "godfather", "stepmum", "stepdad", "daughter", "son",
    "pastor", "vicar", "imam", "priest", "rabbi", "childminder", "teacher", "coach", "mentor", "ex", "mate",
    "fella", "fiance", "fiancé", "fiancee", "fiancée", "hubby", "missus", "bf", "gf", "bestie", "carer",
    "stepbrother", "stepsister", "grandson", "granddaughter", "godson", "goddaughter", "sister-in-law",
    "brother-in-law", "mother-in-law", "father-in-law", "daughter-in-law", "son-in-law",
}
# Words that are never a name even when they come first.
NOT_NAMES = RELATIONSHIPS | {
    "my", "our", "the", "and", "his", "her", "their", "a", "an", "from", "at", "of", "is", "she", "he",
    "would", "like", "to", "invite", "please", "also", "maybe", "probably", "who", "lives", "next", "door",
    "best", "old", "anonymous", "anon", "in", "law", "church", "mosque", "temple", "group", "i", "want",
    "yes", "yeah", "yep", "no", "nope", "nah", "ok", "okay", "too", "as", "well", "if", "can", "could", "come",
    "coming", "mr", "mrs", "ms", "miss", "dr", "reverend", "rev", "revd", "x", "xx", "love", "thanks", "thank", "you", "please",
    # text-speak said around a name: "nan obvs", "my aunt deffo"
    "obvs", "obviously", "deffo", "defo", "def", "definitely", "tbh", "lol", "pls", "plz", "innit", "ofc", "course",
    "prob", "probs", "sure", "really", "just", "only", "for", "sure", "then", "that", "it", "be", "there",
    "dont", "don't", "not", "want", "wont", "won't", "step", "tho", "though", "him", "me", "us", "we", "them",
    "they", "anywhere", "near",
    # said before a relationship: "my big cousin", "my little brother"
    "big", "little", "older", "younger", "eldest", "oldest", "youngest", "baby", "half", "other", "fave", "favourite",
}


# Everyday words that, typed alone in lower case, are not someone's name ("looks right", "only close").
EVERYDAY_WORDS = {
    "send", "sent", "keep", "look", "looks", "looking", "right", "close", "good", "great", "fine", "sounds",
    "im", "dont", "not", "none", "nothing", "thing", "things", "shouting", "worried", "happy", "same", "more",
    "less", "some", "any", "all", "family", "school", "council", "office", "home", "house", "work", "it", "this",
    "that", "them", "they", "what", "why", "how", "when", "where", "hi", "hello", "hey", "bye", "idk", "dunno",
    "maybe", "perhaps", "sorry", "wait", "hang", "on", "stop", "help", "skip", "later", "now", "again", "back",
    "done", "ready", "sure", "true", "false", "weekends", "weekend", "mornings", "evenings", "people", "person",
    "someone", "somebody", "everyone", "anyone", "nobody", "other", "others", "else", "lot", "lots", "loads",
}
# Words that say "no one (else)" or close a list: a reply made only of these names nobody.
NOBODY_WORDS = {
    "no", "nope", "nah", "none", "nobody", "noone", "one", "else", "that", "thats", "that's", "it", "all",
    "everyone", "everybody", "actually", "for", "now", "i", "think", "just", "them", "those", "these", "are", "only",
    "not", "really", "anyone", "any", "more", "is", "was", "ok", "okay", "thanks", "thank", "you", "ta",
    "cheers", "fine", "done", "finished", "the", "lot", "enough", "can't", "cant", "think", "of", "right",
    "so", "well", "um", "erm", "hmm", "yeah", "yes", "sorry", "at", "moment", "far", "there", "we", "go",
    "4", "people", "person", "tbh", "honestly", "ngl", "lol",  # "thats all 4 people tbh"
}
CLOSING_WORDS = {"no", "nope", "nah", "none", "nobody", "noone", "everyone", "everybody", "all", "done", "enough", "it"}
TITLES = {"mr", "mrs", "ms", "miss", "dr", "reverend", "rev", "revd"}  # "Reverend Clarke" is not "Reverend"
# Words that join two people in one reply: "my mum and dad", "Sue & Dave".
_JOINED = re.compile(r"\s+(?:and|&|plus|n)\s+|\s*\+\s*", re.IGNORECASE)
YES_START = re.compile(r"^\s*(?:yes|yeah|yep|yh|ya|yea|sure|oh|and|also|too)\b[\s,.!]*", re.IGNORECASE)


def means_nobody(text: str) -> bool:
    """ "no", "that's all", "nobody else", "actually that's everyone": not a name."""
    words = [w.lower() for w in WORD.findall(text)]
    return bool(words) and all(w in NOBODY_WORDS for w in words) and any(w in CLOSING_WORDS for w in words)


def parse_people(text: str) -> list[Person]:
    """Everyone named in a reply: "my mum and dad", "yes, and my cousin Ray", "Sue, my sister"."""
    if means_nobody(text):
        return []
    rest = text
    while YES_START.match(rest) and YES_START.sub("", rest, count=1) != rest:
        rest = YES_START.sub("", rest, count=1)
    people = [parse_person(part) for part in _JOINED.split(rest) if part.strip()]
    named = [p for p in people if p is not None]
    return list({p.name.casefold(): p for p in named}.values())


# Letters of any script (Zoë, Siobhán, محمد), then letters, apostrophes or hyphens.
WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")
MAX_NAME_LENGTH = 60  # the longest real names fit; a pasted paragraph is not a name


@dataclass(frozen=True)
class Person:
    name: str
    relationship: str
    anonymous: bool


def _whose_relative(words: list[str], i: int) -> bool:
    """Whether words[i] says whose relative the next word is: "jaydens dad craig", "Callum's father",
    "graces mum", "the kids nan"."""
    after = words[i + 1].lower() if i + 1 < len(words) else ""
    if after not in RELATIONSHIPS or words[i].lower() in NOT_NAMES:
        return False
    return bool(re.search(r"['’]s$", words[i])) or words[i].lower().endswith("s")


# Whose relative, said as a word of the family: "the kids nan" is the children's nan
FAMILY_OWNERS = {"kids": "The children's", "childrens": "The children's", "children's": "The children's",
                 "mums": "Mum's", "mum's": "Mum's", "dads": "Dad's", "dad's": "Dad's"}


def _owned(owner: str, relationship: str) -> str:
    """ "Graces mum", "The children's nan": someone named only by whose relative they are, as typed."""
    return f"{FAMILY_OWNERS.get(owner.lower(), owner.capitalize())} {relationship}"


def parse_person(text: str) -> Person | None:
    """The first name and relationship in a short answer; None when no name can be found."""
    if means_nobody(text):
        return None
    words = WORD.findall(text)
    relationship = next((w.lower() for w in words if w.lower() in RELATIONSHIPS), "")
    owners = {i for i in range(len(words)) if _whose_relative(words, i)}
    names = [w for i, w in enumerate(words) if w.lower() not in NOT_NAMES and i not in owners]
    # Prefer a capitalised word; people typing on phones often write names in lower case, but a
    # sentence with no relationship and no capital is not a name ("yeah send them", "no shouting please").
    capitalised = [w for i, w in enumerate(words) if w[0].isupper() and w.lower() not in NOT_NAMES and i not in owners
                   and (i or w.lower() not in EVERYDAY_WORDS)]  # a phone capitalises the first word
    if not relationship and not capitalised and (len(words) > 2 or any(w.lower() in EVERYDAY_WORDS for w in names)):
        return None
    if relationship and not any(w[0].isupper() for w in names):
        # A name typed in lower case is one said with the relationship, not in a sentence after it:
        # "my dads girlfriend. she always starts stuff" names nobody ("Always" is no name)
        said_with = next(s for s in re.split(r"[.!?;]+", text) if relationship in (w.lower() for w in WORD.findall(s)))
        names = [w for w in names if w in WORD.findall(said_with)]
    name = next((w for w in names if w[0].isupper()), names[0] if names else "")
    title = next((words[i - 1] for i, w in enumerate(words) if w == name and i and words[i - 1].lower() in TITLES), "")
    if not name and relationship:
        owner = next((words[i] for i in sorted(owners) if words[i + 1].lower() == relationship), None)
        if owner:  # "graces mum"
            return Person(name=_owned(owner, relationship)[:MAX_NAME_LENGTH], relationship=relationship,
                          anonymous="anon" in text.lower())
        name = relationship.capitalize()  # "my nan" is enough to go on
    if not name:
        return None
    name = (f"{title.capitalize()} {name.capitalize()}" if title else name.capitalize())[:MAX_NAME_LENGTH]
    return Person(name=name, relationship=relationship, anonymous="anon" in text.lower())
