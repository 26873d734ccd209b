"""What happened in the conversation just now, read from the tracker's events (Rasa's own record)."""
from __future__ import annotations

from collections.abc import Iterator

from rasa_sdk import Tracker


def said_since_last_message(tracker: Tracker, response: str) -> bool:
    """Whether the assistant has already said `response` in reply to the latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == response:
            return True
    return False


def ran_since_last_message(tracker: Tracker, action: str) -> bool:
    """Whether `action` has already run in reply to the latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == action:
            return True
    return False


def said_last_before_this_message(tracker: Tracker, response: str) -> bool:
    """Whether the assistant's last words before the latest message were `response`."""
    events = list(tracker.events)
    latest = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=None)
    for event in reversed(events[:latest] if latest is not None else []):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return (event.get("metadata") or {}).get("utter_action") == response
    return False


def ran_within_messages(tracker: Tracker, action: str, messages: int) -> bool:
    """Whether `action` ran in reply to one of the last `messages` messages before the latest."""
    return any(e.get("event") == "action" and e.get("name") == action
               for e in _replies_within(tracker, messages, the_latest=False))


def said_within_messages(tracker: Tracker, response: str, messages: int) -> bool:
    """Whether the assistant said `response` in reply to the latest message or the `messages` before it."""
    return any(e.get("event") == "bot" and (e.get("metadata") or {}).get("utter_action") == response
               for e in _replies_within(tracker, messages, the_latest=True))


def _replies_within(tracker: Tracker, messages: int, the_latest: bool) -> Iterator[dict]:
    """The events in reply to the `messages` messages before the latest, and to the latest if asked."""
    seen = 0  # events after the latest message answer it (seen 0), those before it the one before, ...
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen += 1
            if seen > messages:
                return
        elif seen >= (0 if the_latest else 1):
            yield event


def message_before(tracker: Tracker) -> str:
    """The text of the person's message before the latest one ("" if none)."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    return (users[-2].get("text") or "") if len(users) > 1 else ""
