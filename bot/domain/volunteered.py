"""Things people tell us before we ask: "I can't do Tuesdays, I've got dialysis" while we ask about the
venue. Timing, venue, access, food, interpreter, childcare and travel are recognised whenever they
come, from the words that belong to each topic, so they can be saved to their own question.

Pure logic. A message says at most a little about each topic, so each topic's words are kept short
and specific; a message about something else (a question, a disclosure) never reaches here.
"""
from __future__ import annotations

import re
from functools import lru_cache

from bot.domain.network import NOT_NAMES, RELATIONSHIPS, WORD
from bot.domain.preparation import (ACCESS_NEEDS, BAD_TIMES, CHILDCARE, FOOD_NEEDS, GOOD_TIMES, HELP_OFFERED, INTERPRETER,
                                    INVITE_PERSON, LANGUAGE, NOT_INVITE, QUESTIONS_BY_SLOT, SUPPORT_PERSON, TRAVEL_HELP,
                                    VENUE_AVOID, VENUE_CHOICE, YES, looks_like_question, read_answer, says_more)
from bot.domain.text import clauses as _clauses, sentences

_DAYS = (r"mon(day)?s?|tue(s|sday)?s?|wed(nesday)?s?|weds|thu(rs|rsday)?s?|fri(day)?s?|sat(urday)?s?|"
         r"sun(day)?s?|weekends?|weekdays?|mornings?|afternoons?|evenings?|nights?|after s(?:ch|k)ool|"
         r"half term|holidays?|[0-9]{1,2} ?(am|pm)|[0-9]{1,2}[:.][0-9]{2}|(in|during) the week")
DAYS = re.compile(rf"\b({_DAYS})\b", re.I)
SCHOOL_RUN = re.compile(r"\bschool runs?\b", re.I)
# Said of a day that works: "mondays are usually free"
FREE = re.compile(r"\b(?:free|suits? me|good for me|works for me|fine for me|ok for me|okay for me|available|best)\b", re.I)
# Days and times said as ones that do not work.
NOT_WORKING = re.compile(
    r"\b(can'?t|cannot|can not|cant|not|no|never|busy|work(ing)?|shifts?|dialysis|appointments?|hospital|"
    r"clinic|college|avoid|won'?t|wont|don'?t|dont|unable|except|bad|difficult|hard|impossible)\b", re.I)
ACCESS = re.compile(
    r"\b(wheel ?chairs?|ramps?|stairs|steps|step[- ]free|walking (stick|frame)|zimmer|mobility|crutches|"
    r"hearing aids?|deaf|hard of hearing|blind|partially sighted|disabled|disability|can'?t walk|"
    r"accessible|access|toilet nearby|disabled toilet|pram|buggy)\b", re.I)
FOOD = re.compile(
    r"\b(halal|kosher|vegan|vegetarian|veggie|allerg(y|ies|ic)|gluten|coeliac|celiac|nuts?|dairy|lactose|"
    r"diabetic|diabetes|fasting|ramadan|no pork|pork)\b", re.I)
CHILDCARE_WANTED = re.compile(
    r"\b(child ?care|babysit(ter|ting)?|child ?minder|creche|nursery|look after (the|my|our) (kids|baby|"
    r"little ones|children|youngest)|mind (the|my|our) (kids|baby|little ones|children))\b", re.I)
TRAVEL = re.compile(
    r"\b(no car|don'?t drive|dont drive|can'?t drive|need a lift|give me a lift|bus fare|train fare|"
    r"taxi|petrol|fuel|bus money|money for (the )?(bus|train|taxi|petrol)|two buses|2 buses|too far|very far|"
    r"can'?t get there|cant get there|hard to get there)\b", re.I)
# Offering help, as wider family and friends do: "i can have the little ones at mine", "I could do the
# school runs", "we can put her up for a bit". The children as object: "I can take the day off" offers nothing.
_CHILDREN = r"(?:them|him|her|the (?:kids|children|little ones|baby|boys|girls|twins)|(?-i:(?!Mon|Tue|Wed|Thu|Fri|Sat|Sun)[A-Z][a-z]+))"
OFFER = re.compile(
    r"\b(?:i|we)(?: can| could|'ll| will|'d| would| am happy to| don'?t mind| dont mind)(?: \w+)?? "
    rf"(?:have {_CHILDREN}|mind {_CHILDREN}|look after {_CHILDREN}|take {_CHILDREN}|pick {_CHILDREN} up|"
    rf"pick up {_CHILDREN}|collect {_CHILDREN}|drop {_CHILDREN} off|do (?:the |their )?school runs?|"
    r"do (?:the |their )?(?:school )?(?:pick ?ups?|drop ?offs?)|"
    r"give (?:\w+ ){1,2}a lift|(?:do|give|offer) (?:\w+ )?lifts|put (?:them|him|her|you|\w+) up|help (?:out|with)|"
    r"babysit|be there for)\b",
    re.I)
VENUE_CHOICES = (
    ("community_centre", re.compile(r"\bcommunity (centre|center|hall)\b", re.I)),
    ("family_centre", re.compile(r"\bfamily (centre|center|hub)\b", re.I)),
    ("library", re.compile(r"\blibrary\b", re.I)),
    # a place ("at our chapel", "the mosque"), not a faith ("we are chapel folk")
    ("place_of_worship", re.compile(r"\b(?:at|in|the|our|my|a|local)\s+(?:local\s+)?(church|mosque|temple|gurdwara|"
                                    r"synagogue|chapel)\b", re.I)),
    ("home", re.compile(r"\b(at|in) (our|my) (house|home|place|flat)\b|\bat home\b", re.I)),
)
GREETING = re.compile(r"\bgood (?:morning|afternoon|evening|night)\b", re.I)  # "Good afternoon. I am not very clever..." names no time
NOT_AT = re.compile(r"\b(not|never|don'?t want it|dont want it|anywhere but|except|apart from|rather not)\b[^.?!]{0,25}"
                    r"\b(at|in)?\s*(the )?(school|council|civic|social services|office)", re.I)
NEGATED = re.compile(r"\b(?:not|never|don'?t want it|dont want it|anywhere but|except|apart from|rather not)\s+"
                     r"(?:[\w']+\s+){0,3}$", re.I)  # just before a place, in its clause: "not at", "anywhere but the"
VENUE_AVOID_CHOICES = (("school", re.compile(r"school", re.I)),
                       ("council", re.compile(r"council|civic|office|social services", re.I)))


# Words that name a question's own subject: a reply with them answers that question too, even when it
# also answers the one asked ("Arabic to read. And an interpreter in the meeting please").
SUBJECT = {INTERPRETER.slot: re.compile(r"\b(?:interpreter|interpretor|translator|sign language|bsl)\b", re.I),
           CHILDCARE.slot: re.compile(r"\b(?:childcare|child care|babysitter|childminder|creche)\b", re.I),
           # "the family centre, but i cant do mondays or fridays cos of work"
           BAD_TIMES.slot: re.compile(r"\b(?:can'?t|cannot|can not) (?:do|make)\b.*\b(?:" + _DAYS + r"|mornings?|"
                                   r"afternoons?|evenings?|weekends?)\b", re.I)}


def names_its_subject(slot: str, text: str) -> bool:
    return slot in SUBJECT and bool(SUBJECT[slot].search(text or ""))


def _choice_named(slot: str, words: str) -> str | None:
    """The choice the words name, when they say no more than it ("Tuesday evenings" says more)."""
    answer = read_answer(slot, None, None, words)
    named = answer.value if answer and answer.value in QUESTIONS_BY_SLOT[slot].choices else None
    return named if named and not says_more(slot, named, words) else None


@lru_cache(maxsize=4)  # asked for each question of the form, about the same message
def _volunteered(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(_found(text).items())


def volunteered(text: str) -> dict[str, str]:
    """The questions a message answers by its own words, and the answer to keep for each."""
    return dict(_volunteered(text))


def _found(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    words = " ".join(text.split())
    offer = OFFER.search(words)  # "i can have the kids on Saturday" offers help; it is no meeting time
    timed = GREETING.sub("", words).strip(" ,.!")
    if DAYS.search(HABIT.sub("", timed)) and not offer:
        found.update(_times(timed))
    elif SCHOOL_RUN.search(words) and NOT_WORKING.search(words):
        found[BAD_TIMES.slot] = words  # "not during the school run" ("he does the school run for me" is no time)
    if ACCESS.search(words):
        found[ACCESS_NEEDS.slot] = words
    if FOOD.search(words):
        found[FOOD_NEEDS.slot] = words
    if LANGUAGE.search(words):
        found[INTERPRETER.slot] = words
    if SITS_WITH.search(words):
        found[SUPPORT_PERSON.slot] = words  # "kinda. i want my nan next to me", before "who would you like next to you?"
    if offer:
        found[HELP_OFFERED.slot] = words  # an offer, not a need: "i can mind the kids" is not childcare wanted
    else:
        if CHILDCARE_WANTED.search(words):
            found[CHILDCARE.slot] = YES
        if TRAVEL.search(words):
            found[TRAVEL_HELP.slot] = YES
    avoid = NOT_AT.search(words)
    if avoid:
        found[VENUE_AVOID.slot] = next((code for code, pattern in VENUE_AVOID_CHOICES if pattern.search(avoid.group(0))),
                                    words)  # a place NOT_AT knows but no choice names: kept in their words
    venue, at = next(((code, match) for code, pattern in VENUE_CHOICES if (match := pattern.search(words))), (None, None))
    if venue and NEGATED.search(words[:at.start()]):
        found.setdefault(VENUE_AVOID.slot, words)  # "Not at my home, please": a place to avoid, in their words
    elif venue:
        found[VENUE_CHOICE.slot] = venue  # "the library, not the school", "not the school, the library"
    return found


# Someone to sit with at the meeting (the young person's support_person)
SITS_WITH = re.compile(r"\b(?:next to me|sit with me|sits with me|sat with me|beside me|by my side|hold my hand)\b", re.I)


# A day that says what a place is, not when to meet: "the church hall, where I go on Sundays"
HABIT = re.compile(r"\b(?:where|which|that)\s+(?:i|we|he|she|they|the kids|my \w+)\s+(?:go|goes|went|attend\w*|pray\w*|"
                   r"meet|meets|worship\w*)\b[^.,;!?]*", re.I)
JOINER = re.compile(r"^(?:but|and|except|tho|though|although|also|plus)\b[ ,]*", re.I)


def _times(words: str) -> dict[str, str]:
    """Times that work and times that don't. Sentence by sentence when each names a time ("we can do
    in the weekend? in the week I am working"); otherwise the whole, as a "no" in one sentence may be
    about a time in the next ("i work shifts. mornings are out")."""
    parts = sentences(words)
    if len(parts) < 2 or not all(DAYS.search(s) for s in parts):
        parts = [words]
        first, _, rest = words.partition(",")
        if rest.strip() and _choice_named(GOOD_TIMES.slot, first) and not NOT_WORKING.search(first) and NOT_WORKING.search(rest):
            # "evenings after 6, i work days": a time that works and no more, then what does not ("Tuesday
            # mornings I have the chiropodist, and Fridays..." says more than a time; "Tuesday I can not,
            # ..." is one; a "no" first may be about every time after it: "not mondays, or tuesdays")
            parts = [first, rest.strip()]
        elif rest.strip() and NOT_WORKING.search(first) and FREE.search(rest) and DAYS.search(rest) and not NOT_WORKING.search(rest):
            parts = [first, rest.strip()]  # "i work shifts so it depends, mondays are usually free"
    parts = [JOINER.sub("", s) for s in parts]  # "weekdays. but not tuesdays" keeps "not tuesdays"
    bad = [s for s in parts if NOT_WORKING.search(s)]
    good = [s for s in parts if not NOT_WORKING.search(s)]
    times = {BAD_TIMES.slot: " ".join(bad)} if bad else {}
    if good:  # "after skool is best for me" is the choice After school, said in other words
        times[GOOD_TIMES.slot] = _choice_named(GOOD_TIMES.slot, " ".join(good)) or " ".join(good)
    return times


# "my sister Kayleigh should come", "I want my nan there": someone to invite, said in passing.
INVITE_CUE = re.compile(r"\b(come|coming|be there|invite|bring|there too|should be there|want\b.*\bthere|"
                        r"put (?:my|our|his|her|their) [\w' ]{1,25}\bdown|add|include)\b", re.I)  # "put my mate Lee down too"
# In a short reply, "too" adds someone: "n my gran 2", "and my cousin as well".
ADDING_CUE = re.compile(r"\b(too|2|as well|also)\b", re.I)
SHORT = 5
NEXT_DOOR = re.compile(r"\b(?:the )?(?!(?:live|lives|lived|living|moved|move|was|were|are|just|right|one|house|"
                       r"flat|them|him|her|the|and|lady|man|woman|bloke|fella|guy|couple|family)\b)([A-Za-z]{3,}) "
                       r"(?:from |who lives )?next door\b", re.I)
NOT_WANTED_CUE = re.compile(r"\b(don'?t want|dont want|do not want|not want|no way|rather not|no need|rather\b.{0,40}\b(?:didn'?t|did not|wasn'?t|weren'?t)|keep\b.*\baway|"
                            r"not invite|mustn'?t|must not|shouldn'?t|should not|not welcome|banned|"
                            r"(?:not|isn'?t|aren'?t|never) (?:coming|to come|be there|there)|"
                            r"(?:doesn'?t|does not|don'?t|do not) need to (?:come|be there|be invited)|"
                            r"(?:can'?t|cannot|can not) (?:be near|go near|come near)|"  # not "my mum cant come, she works"
                            r"not allowed|isn'?t allowed|aren'?t allowed|restraining order|non.?molestation)\b",
                            re.I)  # "he's not coming, end of"
# Cannot come, which is neither a wish to invite them nor one to keep them away: "my mum cant come, she works"
UNABLE_CUE = re.compile(r"\b(?:can'?t|cannot|can not|won'?t be able to|unable to|not able to) (?:come|make it|be there|attend)\b",
                        re.I)
NOT_A_NAME_AFTER = {  # words that follow "my sister" but are not her name
    "new", "old", "current", "latest", "last", "first", "second", "real", "own",  # "my ex's new bloke, Craig"
    "2", "also", "and", "as", "at", "because", "broke", "came", "can", "comes", "cos", "could", "cud", "def",
    "deffo", "definitely", "defo", "did", "does", "fell", "for", "from", "gets", "goes", "got", "had", "has", "he",
    "he's", "hes", "hurt", "if", "is", "likes", "lives", "loves", "might", "must", "needs", "said", "says", "she",
    "she's", "shes", "should", "shud", "that", "there", "they", "to", "too", "wants", "was", "went", "who", "will",
    "works", "would", "wud",
    # "the teacher doesnt need to be there": a verb or a "not", no name
    "doesnt", "doesn't", "dont", "don't", "isnt", "isn't", "wont", "won't", "cant", "can't", "shouldnt",
    "shouldn't", "wouldnt", "wouldn't", "aint", "ain't", "need", "never", "just", "really", "only", "always",
    "already", "knows", "thinks", "keeps", "tries", "makes",
}


@lru_cache(maxsize=4)
def volunteered_person(text: str) -> tuple[str, bool] | None:
    """(the words naming someone, whether they are wanted) when a message says in passing that someone
    should or should not come; None otherwise. Only a relationship word ("my sister", "their auntie")
    makes it a person: a capitalised word alone could be anything."""
    text = NEXT_DOOR.sub(r"my neighbour \1", text)  # "dean from next door" is a neighbour called Dean
    raw = WORD.findall(text)
    words = [re.sub(r"['’]s$", "", w) for w in raw]  # "my dad's coming"
    for i, word in enumerate(words):
        if word.lower() in RELATIONSHIPS:
            after = words[i + 1] if i + 1 < len(words) else ""
            if not (_whose(raw[i - 1] if i else "") or _may_be_a_name(after)):
                continue  # "the teacher can come" is someone already on the list, not a new person
            wanted = not NOT_WANTED_CUE.search(text)
            if wanted and UNABLE_CUE.search(text):
                return None
            adding = (len(words) <= SHORT and ADDING_CUE.search(text) and (not after or ADDING_CUE.fullmatch(after)
                                                                           or after.lower() not in NOT_A_NAME_AFTER)
                      ) or (bool({"and", "n", "an", "plus"} & {w.lower() for w in words[:2]}) and i <= 4)
            # "And the children's grandad, my Ted", "oh n dean from next door"
            if wanted and not (INVITE_CUE.search(text) or adding):
                return None
            name = after if _may_be_a_name(after) else _capitalised_name(words)
            return (f"{name.capitalize()}, {word}" if name else word), wanted
    return None


def told_in_passing(text: str) -> dict[str, str]:
    """Everything a message tells before it is asked, people to invite or not included."""
    told = volunteered(text)
    person = volunteered_person(text)
    if person is not None:
        told[INVITE_PERSON.slot if person[1] else NOT_INVITE.slot] = person[0]
    return told


def told_beside_a_question(text: str) -> dict[str, str]:
    """What the sentences of a message that ask nothing tell: "is there food at the meeting? i cant do
    tuesdays btw" is answered as a question, and the Tuesdays are kept."""
    telling = [sentence for sentence in sentences(text) if not looks_like_question(sentence)]
    return told_in_passing(" ".join(telling)) if telling else {}


def _may_be_a_name(word: str) -> bool:
    return len(word) > 2 and word.lower() not in NOT_A_NAME_AFTER and word.lower() not in NOT_NAMES


def _capitalised_name(words: list[str]) -> str:
    """ "I don't want Denise there, she's their gran": a capitalised word elsewhere, or ""."""
    return next((w for w in words[1:] if w[0].isupper() and w != "I" and _may_be_a_name(w)), "")


def _whose(word: str) -> bool:
    """ "my", "their", "the kids'", "Tom's": someone's relative, rather than "the teacher"."""
    return (word.lower() in {"my", "our", "their", "his", "her", "your", "me"} or bool(re.search(r"(['’]s|s['’])$", word))
            or (word.lower().endswith("s") and word.lower()[:-1] in RELATIONSHIPS))  # "my mums neighbour"


# Where one part of a message ends and the next, perhaps about another question, begins.


def answer_beside_told(slot: str, text: str) -> str | None:
    """The words left to answer `slot`'s question once the parts that tell another question of the same
    topic are set apart: "my sisters house on kings road would be best, not the school tho" to "where
    would you like it?" names a place to meet and one to avoid. None when nothing is left, or when a
    part tells another topic ("can't do Tuesdays. i've got dialysis" while asked where is about times)."""
    told = told_in_passing(text)
    topic = QUESTIONS_BY_SLOT[slot].topic
    if not told or slot in told or QUESTIONS_BY_SLOT[slot].tells_of & told.keys() or any(s not in QUESTIONS_BY_SLOT or QUESTIONS_BY_SLOT[s].topic != topic for s in told):
        return None
    parts = _clauses(text)
    # The answer first, the aside after it; what follows an aside is its reason ("anywhere except the
    # council offices, i've had enough of that place" names no place to meet)
    first_told = next((i for i, p in enumerate(parts) if told_in_passing(p)), len(parts))
    return ", ".join(parts[:first_told]) if 0 < first_told < len(parts) else None


def tells_only_other_questions(slot: str, text: str) -> bool:
    """Whether every part of a message answers other topics' questions, so it is no answer to `slot`'s
    own-words question: "weekdays after 3 when the kids are back. not mondays i work" while asked
    whether anyone needs help getting in is about times. "my mum uses a wheelchair and can't do
    mornings" tells of the wheelchair too."""
    if QUESTIONS_BY_SLOT[slot].open_to_anything:
        return False
    told = told_in_passing(text)
    topic = QUESTIONS_BY_SLOT[slot].topic
    if not told or slot in told or QUESTIONS_BY_SLOT[slot].tells_of & told.keys() or any(QUESTIONS_BY_SLOT.get(s) and QUESTIONS_BY_SLOT[s].topic == topic for s in told):
        return False
    parts = _clauses(text)
    return all(told_in_passing(p) for p in parts)
