"""The safe reply to a disclosure of harm or risk, and the urgent flag for the coordinator.

Stops the preparation questions, answers calmly with who to call, says plainly who will be told,
and records a flag with the minimum data: which chat, which meeting, what kind, when. Never asks
for details, and the flag never holds the message. The one exception is an answer to a check-in
after the meeting ("is anyone not doing their part?" "my brother said he'd stop drinking and he
hasn't"): it is kept as that answer, for the coordinator only, as any check-in answer is.
"""
from __future__ import annotations

import logging
import os
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.recent import said_last_before_this_message
from bot.domain import preparation
from bot.domain.helplines import helpline_for
from bot.domain.preparation import GOING_WELL, HOPES, QUESTIONS_BY_SLOT, Question
from bot.domain.safeguarding import LIKELIHOOD_KEY, asks_for_secrecy, detect, has_risk_words, needs_full_reply
from bot.domain.text import visible_text
from bot.domain.clock import utcnow
from bot.domain.visibility import PRIVATE
from bot.use_cases.chat import raise_flag, save_answer

logger = logging.getLogger(__name__)


class ActionSafeguardingResponse(Action):
    def name(self) -> str:
        return "action_safeguarding_response"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        text = tracker.latest_message.get("text") or ""
        found = detect(text)
        # "Yes, I'm not safe" pressed after a gentle check, or a plea to keep it secret typed instead
        confirmed = text.startswith("/") or (just_asked_if_safe(tracker) and asks_for_secrecy(text))
        # Only the disclosure model saw harm, and not surely, or a pattern it all but rules out: ask
        # gently; a human still checks.
        sure = confirmed or needs_full_reply(text, disclosure_likelihood(tracker.latest_message))
        category = (found.category if found else "confirmed_by_person" if confirmed
                    else "unspecified" if sure else "possible_concern")
        if not sure:
            # Only asked: the questions stay where they were, and take answers again (the form may
            # have turned this message down), so an ordinary reply carries on with them. A message
            # that names one of the open question's choices ("its us the family that makes the plan")
            # is taken as the answer; with no word of harm in it, nobody is asked "is someone hurting
            # you?" about it, and the flag still goes to a person to look at.
            asked = QUESTIONS_BY_SLOT.get(tracker.get_slot("requested_slot") or "") if tracker.active_loop_name else None
            role = tracker.get_slot("role")
            # whatever an adult says to "what is going well?" is its answer, read whole on the page;
            # "just get up n go out" to "how will you show you need a break?" names one of its buttons
            read_in_full = asked is not None and _read_in_full(asked, role)
            answers = asked is not None and (read_in_full or (
                preparation.names_a_choice(asked, text) if preparation.has_set_answers(asked) or asked.own_words
                else _practical(asked, role)))
            quietly = answers and not has_risk_words(text)
            if not (quietly and read_in_full):  # else the page shows it whole
                flag_and_reply(dispatcher, tracker, category, gently=True, quietly=quietly)
            if not tracker.active_loop_name:
                return [FollowupAction("action_listen")]
            return [ActiveLoop(tracker.active_loop_name),
                    FollowupAction(tracker.active_loop_name if answers else "action_listen")]
        asked = tracker.get_slot("requested_slot")
        if tracker.active_loop_name == "check_in_form" and asked in QUESTIONS_BY_SLOT:
            _keep_check_in_answer(tracker, asked, text)
            flag_and_reply(dispatcher, tracker, category, carry_on=False)  # "carry on" would start the preparation again
            return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet(asked, text), SlotSet("disclosed", True)]
        flag_and_reply(dispatcher, tracker, category)
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("disclosed", True)]


def _keep_check_in_answer(tracker: Tracker, slot: str, text: str) -> None:
    words = " ".join(visible_text(text).split())[:preparation.MAX_ANSWER_LENGTH]
    if words:
        save_answer(tracker.sender_id, QUESTIONS_BY_SLOT[slot].topic, slot, words, visibility=PRIVATE)


def _practical(question: Question, role: str | None) -> bool:
    """An adult's question about practicalities, answered in their own words ("kids can stay by me on
    weekend, friday to sunday" to "what could you help with?"), or about what is going well and what
    they hope for ("babys sleepin thru now"): any words answer it. Not a young person's, nor questions
    about worries and safety, where a gentle check is worth asking."""
    return role != "young_person" and (question.topic not in ("views", "safety", "agenda") or _read_in_full(question, role))


def _read_in_full(question: Question, role: str | None) -> bool:
    """An adult's answer about what is going well and what they hope for goes whole to the coordinator's
    page ("What is going well, and hopes"), where a person reads it: a guess by the classifier alone,
    with no word of harm in it, raises no alert on top ("kids sleepin in there own beds again" read as
    harm). A pattern, or the classifier sure with words of harm, still gives the full reply and a flag."""
    return role != "young_person" and question in (GOING_WELL, HOPES)


def disclosure_likelihood(message: dict[str, Any]) -> float:
    """The disclosure model's likelihood, which the safeguarding check puts on every parsed message. A
    message without one was not read by the model: nothing doubts a pattern's match."""
    return float(message.get(LIKELIHOOD_KEY, 1.0))


def out_of_hours() -> str:
    """The local children's services out-of-hours number, when the deployment set one (OUT_OF_HOURS_NUMBER);
    the deployment checks it, as ../shared/helplines.md was checked."""
    number = os.environ.get("OUT_OF_HOURS_NUMBER", "").strip()
    return f" Evenings and weekends, children's services can be reached on {number}." if number else ""


def flag_and_reply(dispatcher: CollectingDispatcher, tracker: Tracker, category: str, gently: bool = False,
                   carry_on: bool = True, quietly: bool = False) -> None:
    """Raise the coordinator's flag (one per chat until it is handled) and give the safe reply, or only the gentle
    check, or (`quietly`) nothing. `carry_on=False` leaves out "say 'carry on'", for when the question
    comes straight back."""
    try:
        raised = raise_flag(tracker.sender_id, category, utcnow())
        flag, chat = raised.flag, raised.chat
        who = chat.meeting.coordinator_name if chat else None
        young = chat is not None and chat.person.role == "young_person"
    except Exception as error:  # noqa: BLE001 - whatever failed, the person still gets the safety words
        logger.error("safeguarding flag (%s) could NOT be recorded: %s", category, type(error).__name__)
        if not quietly:
            dispatcher.utter_message(response="utter_safety_check" if gently else "utter_safeguarding_not_recorded",
                                     out_of_hours=out_of_hours())
        return
    logger.warning("safeguarding flag %s (%s) raised", flag.id, category)
    if quietly:
        return
    if gently:
        dispatcher.utter_message(response="utter_safety_check")
        return
    if young:
        dispatcher.utter_message(response="utter_safeguarding_young_person", who=who or "a safeguarding worker",
                                 out_of_hours=out_of_hours())
    else:
        dispatcher.utter_message(response="utter_safeguarding_adult", who=who or "children's services",
                                 out_of_hours=out_of_hours())
    helpline = helpline_for(category, young)
    if helpline:
        dispatcher.utter_message(response="utter_helpline", helpline=helpline)
    if chat is None:
        dispatcher.utter_message(response="utter_safeguarding_not_joined")
    if carry_on:
        dispatcher.utter_message(response="utter_safeguarding_carry_on")


def just_asked_if_safe(tracker: Tracker) -> bool:
    """Whether the assistant's last words before the latest message were the gentle safety check."""
    return said_last_before_this_message(tracker, "utter_safety_check")
