"""What every action may need of the person behind a conversation."""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.use_cases.chat import linked_chat


def roster(tracker: Tracker) -> list[tuple[str, str]]:
    """The (name, role) of each professional expected at this person's meeting ([] before joining)."""
    chat = linked_chat(tracker.sender_id)
    return [] if chat is None else list(chat.meeting.professionals)


def ask_for_invite_code(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(response="utter_need_invite_code")
