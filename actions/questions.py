"""Questions people ask at any point: what a word means, who will be there, and what we can't answer."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.participants import current_participant
from bot.domain.glossary import load_glossary
from bot.domain.people import explain_role
from bot.domain.preparation import looks_like_question
from bot.store import repository
from bot.store.db import unit_of_work


def _note_for_coordinator(tracker: Tracker, question: str) -> bool:
    """Keep a question for the coordinator; False when the chat is not linked to a meeting yet."""
    with unit_of_work() as session:
        participant = current_participant(session, tracker)
        if participant is None:
            return False
        repository.save_open_question(session, participant, question)
        return True


class ActionExplainTerm(Action):
    def name(self) -> str:
        return "action_explain_term"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        message = tracker.latest_message.get("text") or ""
        glossary = load_glossary()
        term = glossary.lookup(message)
        if term is not None:
            dispatcher.utter_message(text=f"{term.term[0].upper()}{term.term[1:]}: {term.meaning}")
            return []
        asked = glossary.unknown_term(message) or message.strip()[:200]
        saved = _note_for_coordinator(tracker, f"What does '{asked}' mean?")
        dispatcher.utter_message(response="utter_term_unknown_saved" if saved else "utter_term_unknown", term=asked)
        return []


class ActionWhoAttends(Action):
    def name(self) -> str:
        return "action_who_attends"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        with unit_of_work(read_only=True) as session:
            participant = current_participant(session, tracker)
            roster = [] if participant is None else participant.meeting.professionals
            lines = [f"• {p.name}. {explain_role(p.role)}" for p in roster]
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
        await ActionWhoAttends().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_ask_professional_concern")
        return []


class ActionAnswerUnknown(Action):
    """The assistant did not understand: say so honestly and keep the question for the coordinator."""

    def name(self) -> str:
        return "action_answer_unknown"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        message = (tracker.latest_message.get("text") or "").strip()
        if looks_like_question(message) and _note_for_coordinator(tracker, message[:500]):
            dispatcher.utter_message(response="utter_question_saved")
        else:
            dispatcher.utter_message(response="utter_default")
        return []
