"""/forget: delete what a participant told the assistant, after they confirmed.

Safeguarding flags stay (they hold no message text) so the coordinator can still act. The
conversation itself lives in Rasa's tracker store; the action asks the front end to delete it
with a "custom" message, Rasa's standard way to pass an instruction to a channel.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, Restarted
from rasa_sdk.executor import CollectingDispatcher

from bot.use_cases.chat import forget_me

FORGET_CONVERSATION = {"forget_conversation": True}


class ActionForget(Action):
    def name(self) -> str:
        return "action_forget"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        flag_kept = forget_me(tracker.sender_id)
        dispatcher.utter_message(response="utter_forgotten")
        if flag_kept:
            dispatcher.utter_message(response="utter_forgotten_flag_kept")
        dispatcher.utter_message(json_message=FORGET_CONVERSATION)
        return [AllSlotsReset(), Restarted()]
