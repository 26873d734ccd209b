"""Finding the participant behind a conversation, shared by every action."""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from bot.store import repository
from bot.store.db import unit_of_work
from bot.store.models import Participant


def current_participant(session: Session, tracker: Tracker) -> Participant | None:
    return repository.participant_for_conversation(session, tracker.sender_id)


def roster(tracker: Tracker) -> list[tuple[str, str]]:
    """The (name, role) of each professional expected at this person's meeting ([] before joining)."""
    with unit_of_work(read_only=True) as session:
        participant = current_participant(session, tracker)
        return [] if participant is None else [(p.name, p.role) for p in participant.meeting.professionals]


def ask_for_invite_code(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(response="utter_need_invite_code")
