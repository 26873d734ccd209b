"""What the assistant says, in a form every front end can show.

Rasa's REST channel answers with a list of dicts ({"text": ..., "buttons": [{"title", "payload"}]}).
The Telegram front end and the local terminal chat both show exactly these replies, so they share
this one conversion.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: list[Button] = field(default_factory=list)
    # Rasa's "custom" message: an instruction for the front end (e.g. forget this conversation).
    custom: dict | None = None


def replies_from_rasa(messages: list[dict]) -> list[Reply]:
    """Turn Rasa REST messages into replies; buttons without text attach to the previous text."""
    replies: list[Reply] = []
    for message in messages:
        buttons = [
            Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
            for b in message.get("buttons") or []
            if b.get("payload")
        ]
        text = (message.get("text") or "").strip()
        if isinstance(message.get("custom"), dict):
            replies.append(Reply("", custom=message["custom"]))
        elif not text and buttons and replies:
            last = replies.pop()
            replies.append(Reply(last.text, last.buttons + buttons))
        elif text:
            replies.append(Reply(text, buttons))
    return replies


def as_bubbles(replies: list[Reply]) -> list[Reply]:
    """The replies of one turn as few chat bubbles: consecutive texts become one message with blank
    lines between, carrying the buttons under it. A phone then shows one or two bubbles a turn rather
    than a wall of them, and Telegram, which asks bots for about one message a second per chat, gets
    fewer sends. Only a second set of buttons starts a new bubble (one keyboard per message); an
    instruction for the front end (`custom`) stays on its own."""
    bubbles: list[Reply] = []
    for reply in replies:
        last = bubbles[-1] if bubbles else None
        if last is None or last.custom or reply.custom or (last.buttons and reply.buttons):
            bubbles.append(reply)
        else:
            bubbles[-1] = Reply(f"{last.text}\n\n{reply.text}", last.buttons + reply.buttons)
    return bubbles
