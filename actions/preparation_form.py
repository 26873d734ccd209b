"""Reads and saves each answer of the preparation form (rasa-sdk FormValidationAction).

Every question slot gets the same `extract_<slot>` and `validate_<slot>` (made in a loop below):
extraction decides whether a message is an answer at all (a question is not: the form steps aside
so it can be answered), validation saves it for the right participant. The few questions that
need more (checking understanding, naming people to invite) have their own `validate_<slot>`.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.participants import current_participant
from bot.domain import preparation
from bot.domain.network import parse_person
from bot.domain.visibility import COORDINATOR, FAMILY
from bot.domain.preparation import NO, QUESTIONS_BY_SLOT, YES, questions_for
from bot.store import repository
from bot.store.db import unit_of_work

# A reply said after some answers, so the person knows what happens next.
FOLLOW_UPS = {
    ("has_reports", "no"): "utter_reports_missing",
    ("has_reports", "not_sure"): "utter_reports_missing",
    ("reports_understood", "no"): "utter_reports_explained",
    ("reports_understood", "partly"): "utter_reports_explained",
    ("wants_advocate", "yes"): "utter_advocate_noted",
    ("professional_not_wanted", None): "utter_professional_request_noted",
    ("venue_safe", "no"): "utter_venue_safety_noted",
    ("not_invite", None): "utter_kept_private",
    ("safety_worry", "yes"): "utter_safety_worry",
    ("split_meeting", "yes"): "utter_split_meeting_noted",
}
MAX_PURPOSE_ATTEMPTS = 2


class ValidatePreparationForm(FormValidationAction):
    def name(self) -> str:
        return "validate_preparation_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        with unit_of_work(read_only=True) as session:
            if current_participant(session, tracker) is None:
                return []  # not joined yet: the summary step asks for the invite code
        answers = {slot: tracker.get_slot(slot) for slot in QUESTIONS_BY_SLOT}
        return [q.slot for q in questions_for(tracker.get_slot("role")) if q.asked_if(answers)]

    def _extract_answer(self, slot: str, tracker: Tracker) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") != slot:
            return {}
        message = tracker.latest_message
        answer = preparation.read_answer(
            slot,
            intent=(message.get("intent") or {}).get("name"),
            choice=next(tracker.get_latest_entity_values("choice"), None),
            text=message.get("text") or "",
        )
        return {slot: answer.value} if answer else {}

    def _save(self, slot: str, value: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> None:
        question = QUESTIONS_BY_SLOT[slot]
        with unit_of_work() as session:
            participant = current_participant(session, tracker)
            if participant is None:
                return
            repository.save_preference(
                session, participant, question.topic, slot, value,
                visibility="private" if question.private else "coordinator",
            )
        follow_up = FOLLOW_UPS.get((slot, value))
        if follow_up is None and value not in ("none", preparation.SKIPPED, preparation.NOT_SURE, NO):
            follow_up = FOLLOW_UPS.get((slot, None))  # for any real answer typed in their own words
        if follow_up:
            dispatcher.utter_message(response=follow_up)

    def _validate_answer(self, slot: str, value: Any, dispatcher, tracker) -> dict[str, Any]:
        self._save(slot, str(value), tracker, dispatcher)
        shared_slot = QUESTIONS_BY_SLOT[slot].shares
        if shared_slot:
            with unit_of_work() as session:
                participant = current_participant(session, tracker)
                if participant is not None:
                    visibility = FAMILY if value == FAMILY else COORDINATOR  # anything unclear stays private
                    repository.set_visibility(session, participant, shared_slot, visibility)
            dispatcher.utter_message(response=f"utter_shared_with_{FAMILY if value == FAMILY else COORDINATOR}")
        return {slot: value}

    async def validate_purpose_check(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        attempts = int(tracker.get_slot("purpose_attempts") or 0) + 1
        understood = preparation.purpose_understood(value)
        if understood:
            dispatcher.utter_message(response="utter_purpose_right")
        elif attempts < MAX_PURPOSE_ATTEMPTS and value != preparation.SKIPPED:
            dispatcher.utter_message(response="utter_purpose_simpler")
            return {"purpose_check": None, "purpose_attempts": attempts}
        else:
            dispatcher.utter_message(response="utter_purpose_coordinator_will_explain")
        saved = preparation.UNDERSTOOD if understood else preparation.NEEDS_MORE_EXPLANATION
        self._save("purpose_check", saved, tracker, dispatcher)
        return {"purpose_check": value, "purpose_attempts": attempts}

    async def validate_invite_person(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        if value in ("none", preparation.SKIPPED, NO, preparation.NOT_SURE):
            self._save("invite_person", "none", tracker, dispatcher)
            return {"invite_person": "none"}
        person = parse_person(str(value))
        if person is None:
            dispatcher.utter_message(response="utter_invite_person_unclear")
            return {"invite_person": None}
        with unit_of_work() as session:
            participant = current_participant(session, tracker)
            if participant is not None:
                invitee = repository.add_invitee(session, participant, person.name, person.relationship)
                invitee.anonymous = invitee.anonymous or person.anonymous
        dispatcher.utter_message(response="utter_invite_person_added", name=person.name)
        return {"invite_person": person.name}

    async def validate_invite_more(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        if value == YES:
            return {"invite_person": None, "invite_more": None}  # ask for the next person
        return {"invite_more": NO}


def _add_generic_methods() -> None:
    """extract_<slot> for every question; validate_<slot> where no special one is written above."""
    for slot in QUESTIONS_BY_SLOT:

        async def extract(self, dispatcher, tracker, domain, _slot=slot):
            return self._extract_answer(_slot, tracker)

        async def validate(self, value, dispatcher, tracker, domain, _slot=slot):
            return self._validate_answer(_slot, value, dispatcher, tracker)

        setattr(ValidatePreparationForm, f"extract_{slot}", extract)
        if not hasattr(ValidatePreparationForm, f"validate_{slot}"):
            setattr(ValidatePreparationForm, f"validate_{slot}", validate)


_add_generic_methods()
