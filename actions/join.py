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

from bot.domain import invite_codes, join_attempts
from bot.domain.dates import time_in_words
from bot.domain.preparation import QUESTIONS_BY_SLOT
from bot.store import repository
from bot.store.db import unit_of_work
from bot.domain.clock import utcnow
from bot.store.models import Participant


class ActionJoinMeeting(Action):
    def name(self) -> str:
        return "action_join_meeting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        code = (next(tracker.get_latest_entity_values("invite_code"), None)
                or invite_codes.find_code(tracker.latest_message.get("text") or "") or "")
        metadata = tracker.latest_message.get("metadata") or {}
        telegram_user_id = metadata.get("telegram_user_id")
        now = utcnow()
        with unit_of_work() as session:
            start = join_attempts.window_start(now)
            if not join_attempts.may_try_code(repository.failed_joins_since(session, tracker.sender_id, start), now):
                dispatcher.utter_message(response="utter_invite_code_too_many_tries")
                return [SlotSet("joined", False)]
            before = repository.participant_for_conversation(session, tracker.sender_id)
            result = repository.join_meeting(
                session, tracker.sender_id, code, telegram_user_id if isinstance(telegram_user_id, int) else None
            )
            if result.participant is None:
                repository.record_failed_join(session, tracker.sender_id, now, forget_before=start)
                dispatcher.utter_message(response=f"utter_invite_code_{result.problem}")
                return [SlotSet("joined", False)]
            participant, meeting = result.participant, result.participant.meeting
            # A chat that was someone else's (a shared phone) starts from this person's own answers:
            # the last person's must never be read back, or saved again as this person's.
            answers = ([] if before is not None and before.id == participant.id
                       else _answers_of(participant))
            # The welcome itself is a response (utter_welcome), worded for the role set here.
            return answers + [
                SlotSet("joined", True),
                SlotSet("role", participant.role),
                SlotSet("participant_name", participant.display_name),
                SlotSet("meeting_title", meeting.title),
                SlotSet("meeting_when", meeting_when(meeting.scheduled_at)),
                SlotSet("coordinator_name", meeting.coordinator_name),
            ]


def _answers_of(participant: Participant) -> list[dict]:
    """Every question's slot set to what this participant has saved (None where nothing is)."""
    saved = {p.key: p.value for p in participant.preferences}
    return ([SlotSet(slot, saved.get(slot)) for slot in QUESTIONS_BY_SLOT]
            + [SlotSet("clarify", None), SlotSet("purpose_attempts", None), SlotSet("requested_slot", None)])


def meeting_when(scheduled_at: datetime | None) -> str:
    if scheduled_at is None:
        return "a date you can help choose"
    return time_in_words(scheduled_at)
