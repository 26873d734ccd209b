"""Questions people ask at any point: what a word means, who will be there, and what we can't answer."""
from __future__ import annotations

import os
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.participants import roster
from actions.preparation_form import ValidatePreparationForm
from actions.recent import ran_since_last_message, ran_within_messages, said_within_messages
from actions.safeguarding import just_asked_if_safe
from actions.summary import confirm_summary
from bot.domain import fallback
from bot.domain.glossary import Term, load_glossary
from bot.domain import people
from bot.domain.people import explain_role
from bot.domain.preparation import (AGAIN, COMPLAINT_ANSWERS, MAX_ANSWER_LENGTH, QUESTIONS_BY_SLOT, YP_PRIVACY_OK,
                                     answered_just_before, asks_what_we_mean, looks_like_question)
from bot.domain.retention import keep_days
from bot.domain.safeguarding import asks_for_secrecy
from bot.domain.summary import agrees
from bot.domain.text import visible_text
from bot.domain.volunteered import told_beside_a_question, told_in_passing
from bot.use_cases.chat import add_to_answer, leave_question


def _note_for_coordinator(tracker: Tracker, question: str) -> bool:
    """Keep a question for the coordinator; False when the chat is not linked to a meeting yet."""
    return leave_question(tracker.sender_id, question)


class ActionExplainTerm(Action):
    def name(self) -> str:
        return "action_explain_term"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        message = tracker.latest_message.get("text") or ""
        glossary = load_glossary()
        term = glossary.lookup(message)
        if term is not None:
            dispatcher.utter_message(text=term.explained)
            return []
        asked = glossary.unknown_term(message)
        if asked is None:  # no word to name: the whole message is kept, never quoted back as "the word"
            saved = _note_for_coordinator(tracker, message.strip()[:MAX_ANSWER_LENGTH])
            dispatcher.utter_message(response="utter_question_saved" if saved else "utter_term_unknown_unnamed")
            return []
        saved = _note_for_coordinator(tracker, f"What does '{asked}' mean?")
        dispatcher.utter_message(response="utter_term_unknown_saved" if saved else "utter_term_unknown", term=asked)
        return []


class ActionExplainPrivacy(Action):
    """Who sees what: after someone told the assistant about harm, the honest answer about that first
    ("will my mum find out?" cannot be promised away); otherwise what is kept and who reads it."""

    def name(self) -> str:
        return "action_explain_privacy"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        asked = tracker.get_slot("requested_slot") if tracker.active_loop_name else None
        if just_asked_if_safe(tracker) and asks_for_secrecy(tracker.latest_message.get("text") or ""):
            return [FollowupAction("action_safeguarding_response")]  # "pls dont tell my mum" to "are you safe?"
        if tracker.get_slot("disclosed"):
            dispatcher.utter_message(response="utter_privacy_after_disclosure")
        elif asked and _answered_privately_just_before(asked, tracker):
            dispatcher.utter_message(response="utter_privacy_that_answer")  # "will my dad find out i said that"
        else:  # how long answers are kept is the deployment's (RETENTION_DAYS), so it is read, not written in
            dispatcher.utter_message(response="utter_privacy", keep_days=keep_days(os.environ))
        # The question about who sees what, asked again, is then only "Is that OK?"
        return [SlotSet("clarify", AGAIN)] if asked == YP_PRIVACY_OK.slot else []


def _answered_privately_just_before(asked: str, tracker: Tracker) -> bool:
    answers = {slot: tracker.get_slot(slot) for slot in QUESTIONS_BY_SLOT}
    before = answered_just_before(asked, answers, tracker.get_slot("role"))
    return before is not None and QUESTIONS_BY_SLOT[before].private


# "whats mr evans got to do with it?", "who's jo patel", "why is the teacher coming": who someone is
ASKS_ABOUT_SOMEONE = re.compile(r"^\W*(?:who|whos|who's|what|whats|what's|wat|wot|why|how come)\b", re.I)


def about_someone_listed(text: str, tracker: Tracker) -> str | None:
    """Who someone on the meeting's list is and why they come, when a question asks about them."""
    someone = people.named_in(text, roster(tracker)) if ASKS_ABOUT_SOMEONE.match(text) else None
    return who_is(someone, tracker) if someone else None


def who_is(someone: tuple[str, str], tracker: Tracker) -> str:
    name, role = someone
    return f"{name}. {explain_role(role, tracker.get_slot('role') == 'young_person')}"


class ActionAnswerQuestion(Action):
    """A question about the meeting. One about someone on this meeting's list gets who they are and
    why they come (the answer selector knows no names, and gave "whats mr evans got to do with it?"
    the meeting's purpose); any other gets the answer selector's answer, as Rasa's utter_faq would."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        message = tracker.latest_message
        about = about_someone_listed(message.get("text") or "", tracker)
        chosen = _faq_selection(message).get("response") or {}
        if about:
            dispatcher.utter_message(text=about)
        elif chosen.get("intent_response_key"):
            dispatcher.utter_message(response=f"utter_{chosen['intent_response_key']}")
        else:
            dispatcher.utter_message(response="utter_default")
        text = message.get("text") or ""
        # "is there food at the meeting? i cant do tuesdays btw": answered, and the Tuesdays kept (seen walking)
        told = told_beside_a_question(text) if tracker.get_slot("joined") and not text.startswith("/") else {}
        return await _keep_what_was_told(told, dispatcher, tracker, domain) if told else []


class ActionWhoAttends(Action):
    def name(self) -> str:
        return "action_who_attends"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lines = [f"• {who_is(someone, tracker)}" for someone in roster(tracker)]
        if lines:
            dispatcher.utter_message(response="utter_roster_intro")
            dispatcher.utter_message(text="\n".join(lines))
        else:
            dispatcher.utter_message(response="utter_roster_unknown")
        dispatcher.utter_message(response="utter_roster_rights")
        return []


class ActionAskProfessionalConcern(Action):
    """Asks about the professionals after showing who they are: the roster comes from the meeting."""

    def name(self) -> str:
        return "action_ask_professional_concern"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        # Not again when "who is Mr Evans?" just showed it, nor when the question is asked again ("hmm").
        if not said_within_messages(tracker, "utter_roster_intro", 1):
            await ActionWhoAttends().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_ask_professional_concern")
        return []


def _asks_who_finds_out(message: dict[str, Any], text: str) -> bool:
    """A question whose likeliest two meanings include who sees what (privacy)."""
    guesses = [i.get("name") for i in message.get("intent_ranking") or [] if i.get("name") != "nlu_fallback"][:2]
    return "privacy" in guesses and looks_like_question(text)


def after_disclosure_reply(tracker: Tracker, message: dict[str, Any], text: str) -> str:
    """What to say to a short message just after someone told the assistant of harm: the honest answer to
    "will my mum find out?" or "pls dont tell him"; otherwise a calm reply, shorter when it was just said."""
    if asks_for_secrecy(text) or _asks_who_finds_out(message, text):
        return "utter_privacy_after_disclosure"
    return "utter_after_disclosure_again" if said_within_messages(tracker, "utter_after_disclosure", 1) \
        else "utter_after_disclosure"


class ActionAfterDisclosure(Action):
    """A short message just after a disclosure ("ok", "thanks", "pls dont tell him"): one calm reply."""

    def name(self) -> str:
        return "action_after_disclosure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        message = tracker.latest_message or {}
        dispatcher.utter_message(response=after_disclosure_reply(tracker, message, message.get("text") or ""))
        return []


class ActionAnswerUnknown(Action):
    """The assistant did not understand (NLU unsure, or no next step fits): say so once, honestly.

    A question whose answer the answer selector is sure of gets that answer, whatever the intent.

    Our two-stage fallback (bot/domain/fallback.py): first "did you mean...?" with the likeliest
    meanings as buttons; if the next message is not understood either, what the assistant can do.
    A question is kept for the coordinator. In the questions, the open question is asked again.
    Always followed by listening, so one message never gets more than one such reply.
    """

    def name(self) -> str:
        return "action_answer_unknown"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        message = tracker.latest_message
        text = (message.get("text") or "").strip()
        faq_ranking = _faq_ranking(message)
        meanings = [] if _fell_back_just_before(tracker) else fallback.likely_meanings(
            message.get("intent_ranking") or [], faq_ranking)
        open_question = tracker.get_slot("requested_slot") if tracker.active_loop_name else None
        yes_or_no = open_question in QUESTIONS_BY_SLOT and QUESTIONS_BY_SLOT[open_question].yes_no
        if (open_question and not text.startswith("/") and not ran_since_last_message(tracker, tracker.active_loop_name)
                and (told_in_passing(text) or (yes_or_no and not looks_like_question(text)))):
            # "n my gran 2": the questions keep it. Words that ask nothing while asked yes or no ("wud be
            # better if his mum wasnt there lol") get the form's "is that a yes or a no?", and are kept as a note.
            return [FollowupAction(tracker.active_loop_name)]
        if (not open_question and said_within_messages(tracker, "utter_ask_confirm_summary", 3) and agrees(text)
                and not ran_within_messages(tracker, "action_change_answer", 3)):  # "ok" while changing is no yes
            confirm_summary(dispatcher, tracker)  # "is all right. please send it", after a question in between
            return [FollowupAction("action_listen")]
        told = told_in_passing(text) if tracker.get_slot("joined") and not open_question and not text.startswith("/") else {}
        kept = await _keep_what_was_told(told, dispatcher, tracker, domain) if told else []
        if dispatcher.messages:  # "and i dont want my uncle at the meeting", when no question is open (after a disclosure)
            return [*kept, FollowupAction("action_listen")]
        # Nothing new was kept ("Paul is the vicar, not my son": Paul is on the list already): never answer
        # nothing, which reads as an action that failed, and the message would be sent again and again.
        if asks_for_secrecy(text) and just_asked_if_safe(tracker):
            return [FollowupAction("action_safeguarding_response")]  # "pls dont tell my mum" to "are you safe?"
        if asks_for_secrecy(text) and not ran_within_messages(tracker, "action_safeguarding_response", AFTER_DISCLOSURE):
            return [FollowupAction("action_explain_privacy")]  # who sees what: the honest answer, not "saved it"
        if not open_question and ran_within_messages(tracker, "action_safeguarding_response", AFTER_DISCLOSURE):
            # Just after someone told us of harm, "did you mean...?" buttons would be the wrong answer. "will
            # my mum find out", the question most asked then, gets its honest answer even when it was only
            # a close guess.
            dispatcher.utter_message(response=after_disclosure_reply(tracker, message, text))
            return [FollowupAction("action_listen")]
        joined = bool(tracker.get_slot("joined"))
        buttons = [{"title": c.title, "payload": c.payload}
                   for c in fallback.fallback_buttons(meanings, in_questions=joined and not open_question)]
        if open_question and asks_what_we_mean(text):
            # "wdym": not a question for the coordinator. Some questions have their own plainer words.
            question = QUESTIONS_BY_SLOT.get(open_question)
            dispatcher.utter_message(response=question.plainly if question else "utter_say_it_plainly")
            dispatcher.utter_message(response=f"utter_ask_{open_question}")
            return [ActiveLoop(tracker.active_loop_name), FollowupAction("action_listen")]
        asks = looks_like_question(text) and not text.startswith("/")
        term = load_glossary().asked_about(text) if asks else None
        someone = people.named_in(text, roster(tracker)) if asks and not term else None
        answer = fallback.sure_answer(faq_ranking) if asks else None
        if term:
            dispatcher.utter_message(text=term.explained)  # "I am not understand what is FGC"
        elif someone:
            dispatcher.utter_message(text=who_is(someone, tracker))  # "who is Jo Patel?"
        elif answer:
            dispatcher.utter_message(response=f"utter_{answer}")
        elif asks and _note_for_coordinator(tracker, text[:500]):
            dispatcher.utter_message(response="utter_question_saved", buttons=buttons)
        elif meanings:
            dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_default", buttons=buttons)
        if open_question:
            dispatcher.utter_message(response=f"utter_ask_{open_question}")
            # The form may have just turned this message down; Rasa then stops returning to it by itself
            # ("rejected"), and every later answer would fall back. Starting it afresh takes answers again.
            return [ActiveLoop(tracker.active_loop_name), FollowupAction("action_listen")]
        return [FollowupAction("action_listen")]


async def _keep_what_was_told(told: dict[str, str], dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict[str, Any]) -> list:
    """Saved, and said back, by the form's own validation, as an answer given before its question is."""
    form, events = ValidatePreparationForm(), []
    for slot, value in told.items():
        kept = await getattr(form, f"validate_{slot}")(value, dispatcher, tracker, domain)
        events += [SlotSet(name, kept_value) for name, kept_value in kept.items()]
    return events


class ActionAnswerOffTopic(Action):
    """Something off topic: say what the assistant is for. But a message only perhaps off topic, that
    is also perhaps a question about the meeting with a sure answer, gets that answer ("who pays my petrol")."""

    def name(self) -> str:
        return "action_answer_off_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        message = tracker.latest_message
        faq_ranking = _faq_ranking(message)
        answer = fallback.answer_for_off_topic(message.get("intent_ranking") or [], faq_ranking)
        dispatcher.utter_message(response=f"utter_{answer}" if answer else "utter_out_of_scope")
        return []


def _faq_selection(message: dict[str, Any]) -> dict[str, Any]:
    """What the answer selector made of a message: its answer ("response") and "ranking"."""
    return (message.get("response_selector") or {}).get("faq") or {}


def _faq_ranking(message: dict[str, Any]) -> list[dict]:
    """The answer selector's ranking of answers to questions about the meeting."""
    return _faq_selection(message).get("ranking") or []


AFTER_DISCLOSURE = 3  # messages after the safe reply in which anything not understood gets the calm reply


def _fell_back_just_before(tracker: Tracker) -> bool:
    """Whether the assistant's last answer, before this message, was also "I didn't understand"."""
    user_messages_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            user_messages_seen += 1
        elif user_messages_seen == 1 and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name") == "action_answer_unknown"
    return False


class ActionNoteConcern(Action):
    """A complaint about how a professional treats someone: not a disclosure, but the coordinator
    should know. Kept beside the answers about who comes, in the person's words."""

    def name(self) -> str:
        return "action_note_concern"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        text = visible_text(tracker.latest_message.get("text") or "").strip()[:MAX_ANSWER_LENGTH]
        if text:
            add_to_answer(tracker.sender_id, "attendees", "concern_about_professional", text)
        if tracker.active_loop_name and tracker.get_slot("requested_slot") in COMPLAINT_ANSWERS:
            return []  # it answers the question asked ("what would you like to talk about?"), which thanks them
        # Said again a message or two later, it is added to the note: the same long reply twice reads as a machine
        again = ran_within_messages(tracker, "action_note_concern", 3)
        dispatcher.utter_message(response="utter_concern_noted_again" if again else "utter_concern_noted")
        return []
