"""Finding the participant behind a conversation, shared by every action."""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from bot.store import repository
from bot.store.models import Participant


def current_participant(session: Session, tracker: Tracker) -> Participant | None:
    return repository.participant_for_conversation(session, tracker.sender_id)


def ask_for_invite_code(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(response="utter_need_invite_code")
