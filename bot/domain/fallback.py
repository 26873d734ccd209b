"""What to offer when the assistant is not sure what a message means.

Rasa's two-stage fallback, in our own words: the first time, "did you mean...?" with the two or three
likeliest meanings as buttons (Rasa 3.6's own step offers one intent with yes/no); if the next message
is not understood either, say plainly what the assistant can do. Pure logic: the action feeds it
Rasa's intent and answer rankings.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

# Meanings worth offering as a button, with the words on it and what pressing it sends. A button sends
# a question in words (read like anything typed, on every channel) or an intent ("/help").
INTENT_CHOICES = {
    "ask_who_attends": ("Who will be there?", "/ask_who_attends"),
    "privacy": ("Who sees what I say?", "/privacy"),
    "help": ("What can you do?", "/help"),
    "show_summary": ("See my answers", "/show_summary"),
    "change_answer": ("Change an answer", "/change_answer"),
}
# One plain question per answer the assistant knows. Each is also a training example of its answer
# (tests/unit/test_fallback.py checks), so pressing it always gets that answer.
FAQ_QUESTIONS = {
    "faq/purpose": "What is the meeting for?",
    "faq/stages": "What happens at the meeting?",
    "faq/already_decided": "Is it already decided?",
    "faq/family_time": "What is private family time?",
    "faq/breaks": "Can I take a break?",
    "faq/bring_someone": "Can I bring someone?",
    "faq/listened_to": "Will they listen to me?",
    "faq/reports": "When do I get the reports?",
    "faq/told_what": "What will I be told about the worries?",
    "faq/advocate_request": "Can I have an advocate?",
    "faq/legal_advice": "Where can I get advice?",
    "faq/other_format": "Can I have it in my language?",
    "faq/refuse_professional": "Can I say no to a professional coming?",
    "faq/separate_meetings": "Can we have separate meetings?",
    "faq/no_plan": "What if we can't agree a plan?",
    "faq/anonymous": "Can people come without giving their name?",
    "faq/duration": "How long is the meeting?",
    "faq/attend_or_not": "Do I have to go?",
    "faq/child_attends": "Does my child come?",
    "faq/plan_copy": "Do we get a copy of the plan?",
    "faq/nervous": "I'm nervous about the meeting",
    "faq/live_with": "Who will I live with?",
    "faq/are_you_a_person": "Am I talking to a real person?",
    "faq/food": "Will there be food?",
    "faq/venue": "Where will the meeting be?",
    "faq/court": "Is this to do with court?",
    "faq/cost_travel": "Does it cost anything to get there?",
    "faq/recording": "Can I record the meeting?",
    "faq/late": "What if I'm late?",
    "faq/baby": "Can I bring my baby?",
    "faq/pets": "Can I bring my dog?",
    "faq/smoking": "Can I go out for a smoke?",
    "faq/religion": "Can I pray during the meeting?",
    "faq/children_taken": "Will my children be taken away?",
    "faq/access": "Can they help if I have a disability?",
    "faq/skip_questions": "Do I have to answer every question?",
}
CARRY_ON = ("Carry on with the questions", "/continue_preparation")
MAX_CHOICES = 3
MIN_CONFIDENCE = 0.08  # below this a meaning is a guess, not worth a button


@dataclass(frozen=True)
class Choice:
    title: str
    payload: str


def likely_meanings(intent_ranking: Iterable[Mapping], faq_ranking: Iterable[Mapping] = ()) -> list[Choice]:
    """Up to three meanings to offer, likeliest first. A question about the meeting is offered as
    its two likeliest answers rather than as "a question"."""
    faqs = [r for r in faq_ranking if r.get("intent_response_key") in FAQ_QUESTIONS]
    choices: list[Choice] = []
    for ranked in intent_ranking:
        name, confidence = ranked.get("name"), float(ranked.get("confidence") or 0)
        if confidence < MIN_CONFIDENCE:
            continue
        if name == "faq":
            choices += [Choice(FAQ_QUESTIONS[f["intent_response_key"]], FAQ_QUESTIONS[f["intent_response_key"]])
                        for f in faqs[:2]]
        elif name in INTENT_CHOICES:
            choices.append(Choice(*INTENT_CHOICES[name]))
    unique = list(dict.fromkeys(choices))
    return unique[:MAX_CHOICES]


def fallback_buttons(meanings: list[Choice], in_questions: bool) -> list[Choice]:
    """The meanings, then a way back to the questions for someone who has joined."""
    return meanings + ([Choice(*CARRY_ON)] if in_questions else [])


# A question the intent classifier filed elsewhere ("wat if im late, i finish at 5" read as an answer)
# still gets its answer when the answer selector alone is this sure of it, and clearly ahead.
SURE_ANSWER, CLEAR_LEAD = 0.5, 0.3


# "who's paying for my petrol, it's 40 miles" may read as off topic, but not surely, and as a question
# about the meeting too: then a sure answer is given. "whats the weather like" is surely off topic.
OFF_TOPIC_SURE, FAQ_CHANCE = 0.8, 0.2


def answer_for_off_topic(intent_ranking: Iterable[Mapping], faq_ranking: Iterable[Mapping]) -> str | None:
    """The answer to a message the model read as off topic, when it may be about the meeting after all."""
    chances = {r.get("name"): float(r.get("confidence") or 0) for r in intent_ranking}
    if chances.get("out_of_scope", 0.0) >= OFF_TOPIC_SURE or chances.get("faq", 0.0) < FAQ_CHANCE:
        return None
    return sure_answer(faq_ranking)


def answer_beside(intent_ranking: Iterable[Mapping], faq_ranking: Iterable[Mapping]) -> str | None:
    """The answer to a question asked beside an answer ("nope nothing yet. is this going to court?"),
    when the intent classifier heard a question about the meeting in the message too. The answer
    selector ranks answers for every message, so without that "dunno what they do really. maybe" (not
    sure, to "would you like an advocate?") got "the meeting is not a done deal"."""
    chances = {r.get("name"): float(r.get("confidence") or 0) for r in intent_ranking}
    return sure_answer(faq_ranking) if chances.get("faq", 0.0) >= FAQ_CHANCE else None


def sure_answer(faq_ranking: Iterable[Mapping]) -> str | None:
    """The answer (e.g. "faq/late") the selector is sure of, or None."""
    ranked = [(float(r.get("confidence") or 0), r.get("intent_response_key")) for r in faq_ranking]
    ranked.sort(reverse=True)
    if not ranked or ranked[0][1] not in FAQ_QUESTIONS:
        return None
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    return ranked[0][1] if ranked[0][0] >= SURE_ANSWER and ranked[0][0] - runner_up >= CLEAR_LEAD else None
