"""Joining a meeting with the invite code from the coordinator's link (/start <code>).

A chat that has tried too many codes that did not work is told to wait (bot/domain/join_attempts.py);
its code is then not even looked at, so guessing gains nothing. The failures are kept in the
database, so the limit holds across action servers and restarts.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.domain import invite_codes
from bot.domain.clock import utcnow
from bot.domain.dates import time_in_words
from bot.domain.preparation import QUESTIONS_BY_SLOT
from bot.domain.records import Person
from bot.use_cases.chat import join_meeting


class ActionJoinMeeting(Action):
    def name(self) -> str:
        return "action_join_meeting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        code = (next(tracker.get_latest_entity_values("invite_code"), None)
                or invite_codes.find_code(tracker.latest_message.get("text") or "") or "")
        metadata = tracker.latest_message.get("metadata") or {}
        telegram_user_id = metadata.get("telegram_user_id")
        joined = join_meeting(tracker.sender_id, code,
                              telegram_user_id if isinstance(telegram_user_id, int) else None, utcnow())
        if joined.chat is None:
            dispatcher.utter_message(response=f"utter_invite_code_{joined.problem}")
            return [SlotSet("joined", False)]
        person, meeting = joined.chat.person, joined.chat.meeting
        # A chat that was someone else's (a shared phone) starts from this person's own answers:
        # the last person's must never be read back, or saved again as this person's.
        answers = [] if joined.same_person else _answers_of(person)
        # The welcome itself is a response (utter_welcome), worded for the role set here.
        return answers + [
            SlotSet("joined", True),
            SlotSet("role", person.role),
            SlotSet("participant_name", person.name),
            SlotSet("meeting_title", meeting.title),
            SlotSet("meeting_when", meeting_when(meeting.scheduled_at)),
            SlotSet("coordinator_name", meeting.coordinator_name),
        ]


def _answers_of(person: Person) -> list[dict]:
    """Every question's slot set to what this participant has saved (None where nothing is)."""
    saved = {s.key: s.value for s in person.said}  # oldest first: the newest of a key wins
    return ([SlotSet(slot, saved.get(slot)) for slot in QUESTIONS_BY_SLOT]
            + [SlotSet("clarify", None), SlotSet("purpose_attempts", None), SlotSet("requested_slot", None)])


def meeting_when(scheduled_at: datetime | None) -> str:
    if scheduled_at is None:
        return "a date you can help choose"
    return time_in_words(scheduled_at)
