"""The summary at the end: read it back, change any answer, agree to pass it to the coordinator."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.participants import ask_for_invite_code
from bot.domain.clock import utcnow
from bot.domain.preparation import TOPIC_TITLES, slots_of_topic, topics_for
from bot.domain.summary import summary_text
from bot.domain.topics import topic_named
from bot.use_cases.chat import confirm_answers, my_summary


class ActionShowSummary(Action):
    def name(self) -> str:
        return "action_show_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lines = my_summary(tracker.sender_id)
        if lines is None:
            ask_for_invite_code(dispatcher)
            return []
        text = summary_text(lines)
        if not text:
            dispatcher.utter_message(response="utter_summary_empty")
            return []
        dispatcher.utter_message(response="utter_summary", summary=text)
        if not tracker.active_loop.get("name"):  # mid-way, the questions carry on instead
            dispatcher.utter_message(response="utter_ask_confirm_summary")
        return []


class ActionConfirmSummary(Action):
    def name(self) -> str:
        return "action_confirm_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        confirm_summary(dispatcher, tracker)
        return []


def confirm_summary(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The person agreed their answers: they go to the coordinator as confirmed."""
    if not confirm_answers(tracker.sender_id, utcnow()):
        ask_for_invite_code(dispatcher)
        return
    dispatcher.utter_message(response="utter_summary_confirmed")


class ActionChangeAnswer(Action):
    """Offers the topics; with a topic chosen, forgets those answers so the form asks them again."""

    def name(self) -> str:
        return "action_change_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        role = tracker.get_slot("role")
        topics = topics_for(role)
        text = tracker.latest_message.get("text") or ""
        # "can i change the times", "no, the bit about where is wrong": the part named in words
        pressed = next(tracker.get_latest_entity_values("topic"), None)  # a button's topic
        topic = pressed or (None if text.startswith("/") else topic_named(text, topics))
        if topic not in topics:
            dispatcher.utter_message(response="utter_ask_which_topic")
            dispatcher.utter_message(  # buttons on their own: front ends attach them to the text above
                buttons=[{"title": TOPIC_TITLES[t], "payload": f'/change_answer{{"topic":"{t}"}}'} for t in topics]
            )
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        dispatcher.utter_message(response="utter_changing_topic", topic=TOPIC_TITLES[topic].lower())
        # The form starts again from the first question left empty: the ones just forgotten.
        resets = [ActiveLoop(None), SlotSet("requested_slot", None)]
        resets += [SlotSet(slot, None) for slot in slots_of_topic(topic, role)]
        if topic == "purpose":
            resets.append(SlotSet("purpose_attempts", 0))
        if not pressed:
            # Named in words, not by a button: no rule with the topic follows, so the questions start here
            # (a walk found "OK, let's go over who to invite again." and then nothing)
            resets.append(FollowupAction("preparation_form"))
        return resets
