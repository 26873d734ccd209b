"""A check-in after the meeting: is the plan working, and is anyone not doing their part?

The Telegram front end starts one when bot/domain/reminders.py says it is due, by sending
`/check_in{"check_in": <kind>}` for the person's conversation. The check-in form asks that kind's two
questions (bot.domain.preparation.CHECK_IN_QUESTIONS), read and saved exactly as the preparation
questions are, for the coordinator only; the meeting's page shows them under "After the meeting".
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.preparation_form import ValidatePreparationForm
from bot.domain.dates import day_in_words
from bot.domain.preparation import CHECK_IN_QUESTIONS
from bot.domain.reminders import BEFORE_REVIEW
from bot.use_cases.chat import linked_chat


class ActionStartCheckIn(Action):
    """Says why we are asking, and clears the answers of an earlier try at the same check-in."""

    def name(self) -> str:
        return "action_start_check_in"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        kind = tracker.get_slot("check_in")
        chat = linked_chat(tracker.sender_id)
        if chat is None or kind not in CHECK_IN_QUESTIONS:
            return [SlotSet("check_in", None)]  # left the meeting since, or not a check-in we know
        review = chat.meeting.review_on
        said = {"participant_name": chat.person.name, "coordinator_name": chat.meeting.coordinator_name,
                "review_date": day_in_words(review) if review else ""}
        if kind == BEFORE_REVIEW and review:
            dispatcher.utter_message(response="utter_before_review_opening", **said)
        else:
            dispatcher.utter_message(response="utter_check_in_opening", **said)
        return ([SlotSet(question.slot, None) for question in CHECK_IN_QUESTIONS[kind]]
                + [SlotSet("clarify", None), SlotSet("coordinator_name", said["coordinator_name"])])


class ValidateCheckInForm(ValidatePreparationForm):
    """The preparation form's reading and saving, for the check-in's two questions."""

    def name(self) -> str:
        return "validate_check_in_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        return self._slots_that_apply(CHECK_IN_QUESTIONS.get(tracker.get_slot("check_in"), ()), tracker)
