"""What happened in the conversation just now, read from the tracker's events (Rasa's own record)."""
from __future__ import annotations

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
    seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen += 1  # events before the latest message (seen 1) answered the one before it, and so on
            if seen > messages:
                return False
        elif seen >= 1 and event.get("event") == "action" and event.get("name") == action:
            return True
    return False


def said_within_messages(tracker: Tracker, response: str, messages: int) -> bool:
    """Whether the assistant said `response` in reply to the latest message or the `messages` before it."""
    seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen += 1
            if seen > messages:
                return False
        elif event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == response:
            return True
    return False
