"""The preparation questions, in order, and how an answer to each is read and kept.

Pure logic: no Rasa, no database. The wording people see lives in domain.yml (utter_ask_<slot>),
so it can be edited without touching code; this module decides what is asked, when, and what a
reply means.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from bot.domain.text import visible_text

YES, NO, NOT_SURE, SKIPPED = "yes", "no", "not_sure", "skipped"
ANSWER_WORDS = {YES: "Yes", NO: "No", NOT_SURE: "Not sure", SKIPPED: "Skipped"}
# What is saved for the understanding check, rather than the button pressed.
UNDERSTOOD, NEEDS_MORE_EXPLANATION = "understood", "needs_more_explanation"
CHECK_WORDS = {UNDERSTOOD: "Knows what the meeting is for", NEEDS_MORE_EXPLANATION: "Would like it explained again"}

# Intents that mean "this is not an answer": the form steps aside, answers, then asks again.
NOT_AN_ANSWER = frozenset(
    {"help", "change_answer", "show_summary", "greet", "goodbye", "thanks", "join_meeting", "continue_preparation",
     "disclose_harm", "privacy", "forget"}
)
# Intents of questions. Short answers ("my ex", "pizza") can look like them to the model, so a
# message counts as a question only if it is also worded like one.
QUESTION_INTENTS = frozenset({"ask_meaning", "faq", "ask_who_attends", "out_of_scope", "nlu_fallback"})
QUESTION_WORDS = frozenset({
    "what", "whats", "what's", "wat", "wot", "why", "how", "when", "where", "who", "whos", "who's", "which",
    "can", "could", "will", "would", "do", "does", "did", "is", "are", "am", "should", "shall", "may",
    "explain", "tell", "define", "meaning",
})
INTENT_ANSWERS = {"affirm": YES, "deny": NO, "not_sure": NOT_SURE, "skip": SKIPPED}
MAX_ANSWER_LENGTH = 1000

Answers = Mapping[str, str | None]


@dataclass(frozen=True)
class Question:
    slot: str
    topic: str
    choices: dict[str, str] = field(default_factory=dict)  # stored code -> words shown to people
    private: bool = False  # shown to the coordinator only, never to other family members
    yes_no: bool = False
    asked_if: Callable[[Answers], bool] = lambda answers: True
    shares: str | None = None  # a young person's choice of who may see their answer to this slot


def _said_yes(slot: str) -> Callable[[Answers], bool]:
    return lambda answers: answers.get(slot) == YES


QUESTIONS: tuple[Question, ...] = (
    Question("purpose_check", "purpose", {"family": "Our family and the people who care about us",
                                          "social_worker": "The social worker"}),
    Question("has_reports", "reports", yes_no=True),
    Question("reports_understood", "reports", {"partly": "Some of it"}, yes_no=True, asked_if=_said_yes("has_reports")),
    Question("wants_advocate", "reports", yes_no=True),
    Question("info_format", "reports", {"fine": "English, as it is, is fine", "other_language": "Another language",
                                        "easy_read": "Easy read", "audio": "Spoken, not written"}),
    Question("professional_concern", "attendees", {"fine": "They are all fine", "someone": "I'd rather someone didn't come"}),
    Question("professional_not_wanted", "attendees", private=True,
             asked_if=lambda answers: answers.get("professional_concern") == "someone"),
    Question("venue_choice", "venue", {"community_centre": "Community centre", "family_centre": "Family centre",
                                       "library": "Library", "place_of_worship": "Place of worship",
                                       "neutral": "Somewhere neutral", "home": "Our home"}),
    Question("venue_avoid", "venue", {"none": "Nowhere in particular", "school": "Not the children's school",
                                      "council": "Not the council offices"}),
    Question("venue_safe", "venue", yes_no=True),
    Question("access_needs", "venue", {"none": "No, nothing"}),
    Question("travel_help", "venue", yes_no=True),
    Question("good_times", "timing", {"weekday_daytime": "Weekdays, in the day", "weekday_evening": "Weekday evenings",
                                      "weekend": "Weekends", "after_school": "After school", "any": "Any time"}),
    Question("bad_times", "timing", {"none": "None, I'm flexible"}),
    Question("stay_length", "timing", {"up_to_2h": "Up to 2 hours", "half_day": "Half a day", "all_day": "All day"}),
    Question("childcare", "timing", yes_no=True),
    Question("food_needs", "timing", {"none": "No, nothing special"}),
    Question("interpreter", "timing", {"none": "No, English is fine"}),
    Question("invite_person", "invite", {"none": "No one for now"}),
    Question("invite_more", "invite", {YES: "Add someone else", NO: "That's everyone"}, yes_no=True,
             asked_if=lambda answers: answers.get("invite_person") not in (None, "none", SKIPPED)),
    Question("trusted_professional", "invite", {"none": "No one in particular"}),
    Question("not_invite", "invite", {"none": "No"}, private=True),
    Question("send_invites", "invite", yes_no=True),
    Question("agenda_items", "agenda"),
    Question("info_sharing", "agenda", {"everyone": "Everyone at the meeting", "close_family": "Only close family",
                                        "talk_first": "I'd like to talk to the coordinator first"}),
    Question("ground_rules", "agenda", {"one_at_a_time": "One person talks at a time", "no_shouting": "No shouting",
                                        "breaks": "Breaks when we need them"}),
    Question("safety_worry", "safety", yes_no=True),
    Question("split_meeting", "safety", yes_no=True, asked_if=_said_yes("safety_worry")),
)


# Who may see an answer: a young person chooses, for each of their own answers.
SHARE_CHOICES = {"coordinator": "Only the coordinator", "family": "My family too"}


def _share(slot: str, topic: str) -> Question:
    answered = lambda answers: answers.get(slot) not in (None, SKIPPED, NOT_SURE, "none")  # noqa: E731
    return Question(f"share_{slot}", topic, SHARE_CHOICES, asked_if=answered, shares=slot)


_by_slot = {question.slot: question for question in QUESTIONS}
# Young people (10-17) get their own path: privacy first, how they want to take part, their
# views ("three houses": going well, worries, hopes), and a sharing choice for each view.
YOUNG_PERSON_QUESTIONS: tuple[Question, ...] = (
    Question("yp_privacy_ok", "privacy", {"ok": "OK, got it"}),
    _by_slot["purpose_check"],
    Question("taking_part", "taking_part", {"all": "Come to all of it", "part": "Come to part of it",
                                            "advocate": "Someone speaks for me", "send_views": "Send my views",
                                            "not_taking_part": "Not take part"}),
    _share("taking_part", "taking_part"),
    Question("send_views_how", "taking_part", {"message": "A written message", "drawing": "A drawing or photo",
                                               "voice": "A voice note or video"},
             asked_if=lambda answers: answers.get("taking_part") in ("send_views", "not_taking_part", "advocate")),
    _by_slot["wants_advocate"],
    Question("going_well", "views", {"nothing": "Nothing right now"}),
    _share("going_well", "views"),
    Question("worries", "views", {"nothing": "Nothing right now"}),
    _share("worries", "views"),
    Question("hopes", "views", {"nothing": "Not sure yet"}),
    _share("hopes", "views"),
    _by_slot["invite_person"],
    _by_slot["invite_more"],
    _by_slot["not_invite"],
    _by_slot["venue_avoid"],
    _by_slot["good_times"],
)
QUESTIONS_BY_SLOT = {question.slot: question for question in QUESTIONS + YOUNG_PERSON_QUESTIONS}
TOPIC_TITLES = {
    "purpose": "What the meeting is for", "reports": "Reports, advice and help", "attendees": "Who will be there",
    "venue": "Where it happens", "timing": "When, and what would help", "invite": "Who to invite",
    "agenda": "What to talk about", "safety": "Feeling safe", "privacy": "Who sees what you say",
    "taking_part": "How you take part", "views": "What you think",
}


def questions_for(role: str | None) -> tuple[Question, ...]:
    return YOUNG_PERSON_QUESTIONS if role == "young_person" else QUESTIONS


def topics_for(role: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(question.topic for question in questions_for(role)))


def questions_to_ask(answers: Answers, role: str | None = None) -> list[str]:
    """Slots still to ask, in order, skipping follow-ups that do not apply."""
    return [q.slot for q in questions_for(role) if answers.get(q.slot) is None and q.asked_if(answers)]


def slots_of_topic(topic: str, role: str | None = None) -> list[str]:
    return [q.slot for q in questions_for(role) if q.topic == topic]


@dataclass(frozen=True)
class Answer:
    value: str  # a choice code, yes/no/not_sure/skipped, or the person's own words


def read_answer(slot: str, intent: str | None, choice: str | None, text: str) -> Answer | None:
    """What a message means as an answer to `slot`, or None when it is not an answer (a question)."""
    question = QUESTIONS_BY_SLOT[slot]
    if choice and (choice in question.choices or choice in ANSWER_WORDS):
        return Answer(choice)
    if intent in NOT_AN_ANSWER or (intent in QUESTION_INTENTS and looks_like_question(text)):
        return None
    cleaned = " ".join(visible_text(text or "").split())[:MAX_ANSWER_LENGTH].strip()
    if intent in ("not_sure", "skip") or (question.yes_no and intent in INTENT_ANSWERS):
        return Answer(INTENT_ANSWERS[intent])
    if not cleaned or cleaned.startswith("/"):
        return None
    if question.yes_no:
        return Answer(_yes_or_no(cleaned) or cleaned)
    # "no" to "anything else we should know?" is an answer too; keep a bare yes/no as such.
    return Answer(_matching_choice(question, cleaned) or _bare_yes_or_no(cleaned) or cleaned)


YES_WORDS = {"yes", "yeah", "yep", "yup", "ya", "yh", "yea", "sure", "ok", "okay", "definitely", "please", "y"}
NO_WORDS = {"no", "nope", "nah", "never", "n", "none"}


def _yes_or_no(text: str) -> str | None:
    """The first word of a typed reply to a yes/no question: "yes I got them last week" is yes."""
    words = _words(text)
    if words.startswith(("not sure", "dunno", "don't know", "dont know")):
        return NOT_SURE
    if words.startswith("not yet"):
        return NO
    first = words.split(" ")[0]
    return YES if first in YES_WORDS else NO if first in NO_WORDS else None


def _bare_yes_or_no(text: str) -> str | None:
    words = _words(text)
    return YES if words in YES_WORDS else NO if words in NO_WORDS else None


def looks_like_question(text: str) -> bool:
    words = _words(text).split(" ")
    return "?" in text or words[0] in QUESTION_WORDS or "mean" in words or "means" in words


def _matching_choice(question: Question, text: str) -> str | None:
    """A typed answer that is just a choice's words ("library", "weekends") counts as that choice."""
    wanted = _words(text)
    for code, label in question.choices.items():
        if wanted and (wanted == _words(label) or wanted == _words(code.replace("_", " "))):
            return code
    return None


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def describe(slot: str, value: str) -> str:
    """An answer in words for the summary."""
    question = QUESTIONS_BY_SLOT[slot]
    return question.choices.get(value) or ANSWER_WORDS.get(value) or CHECK_WORDS.get(value) or value


def purpose_understood(value: str) -> bool:
    return value == "family"
