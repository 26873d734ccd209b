"""Simulated people: one conversation (SCRIPT), held through bare Rasa REST or through the fake Telegram.

Each person joins with their own invite code, answers with buttons and typed text and asks two
questions mid-way; they wait for the reply to each message and answer at once. A message without a
reply within TURN_TIMEOUT counts as lost and that person stops. Every message is a Turn: when it was
sent, its latency (None while unanswered) and, on the full stack, where the time went.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from bench.fakeapi import BenchBotApi
from bot.chat.rasa_client import signed_message
from bot.telegram.relay import RASA_DOWN_REPLY

# (what the person does, words expected in the answer). "press:" taps the button whose title starts so.
SCRIPT = [
    ("join", "who makes the plan"),
    ("press:The family", "going well"),
    ("the kids are happier at school", "different"),
    ("less shouting at home", "reports"),
    ("yes I got them on monday", "make sense"),
    ("press:Some of it", "advocate"),
    ("whats a section 20?", "section 20"),
    ("press:Yes", "how would you like"),
    ("press:English", "jo patel"),
    ("can my nan come?", "nan"),
    ("press:They are all fine", "where"),
    ("the community centre near my mum's", "not want it"),
]
TURN_TIMEOUT = 60.0  # seconds without a reply before a message counts as lost and its user stops


@dataclass
class Turn:
    step: int
    sent_at: float
    latency: float | None = None  # None: no reply (lost)
    on_script: bool = False
    error_reply: bool = False
    bot_messages: int = 0  # messages the assistant sent back
    fetch_wait: float | None = None  # full stack only: until getUpdates handed it to the bot
    queue_wait: float | None = None  # ... then until PTB started handling it
    handling: float | None = None  # ... then until PTB finished handling it


def _choose(action: str, buttons: list[tuple[str, object]]) -> tuple[object | None, bool]:
    """The button to press for "press:Title" among (title, button) pairs; falls back to the first."""
    title = action.removeprefix("press:").lower()
    for shown, button in buttons:
        if shown.lower().startswith(title):
            return button, True
    return (buttons[0][1], False) if buttons else (None, False)


async def bare_user(turns: list[Turn], client: httpx.AsyncClient, url: str, secret: bytes, sender: str,
                    code: str) -> None:
    """Straight to Rasa's signed channel, signing each request as the front ends do."""
    buttons: list[tuple[str, object]] = []
    for step, (action, expected) in enumerate(SCRIPT):
        on_script = True
        if action == "join":
            message = f'/join_meeting{{"invite_code":"{code}"}}'
        elif action.startswith("press:"):
            button, on_script = _choose(action, buttons)
            message = button["payload"] if button else action.removeprefix("press:")
        else:
            message = action
        turn = Turn(step, time.monotonic())
        turns.append(turn)
        try:
            body, headers = signed_message(secret, sender, message, {"channel": "bench"})
            response = await client.post(url, content=body, headers=headers, timeout=TURN_TIMEOUT)
            response.raise_for_status()
            replies = response.json()
        except (httpx.HTTPError, ValueError):
            return
        if not replies:
            continue
        turn.latency = time.monotonic() - turn.sent_at
        turn.bot_messages = len(replies)
        text = " ".join(reply.get("text") or "" for reply in replies).lower()
        turn.on_script = on_script and expected in text
        buttons = [(b["title"], b) for reply in replies for b in reply.get("buttons") or []]


class BotMarks:
    """Reads the bot process's "start/done <update id> <time>" lines and wakes the waiting users."""

    def __init__(self) -> None:
        self.started: dict[int, float] = {}
        self._done: dict[int, asyncio.Future] = {}

    def future(self, update_id: int) -> asyncio.Future:
        return self._done.setdefault(update_id, asyncio.get_running_loop().create_future())

    async def read(self, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            parts = line.decode().split()
            if len(parts) == 3 and parts[0] in ("start", "done"):
                update_id, when = int(parts[1]), float(parts[2])
                if parts[0] == "start":
                    self.started[update_id] = when
                elif not (future := self.future(update_id)).done():
                    future.set_result(when)


async def full_user(turns: list[Turn], api: BenchBotApi, marks: BotMarks, user_id: int, code: str) -> None:
    person = {"id": user_id, "is_bot": False, "first_name": "Sam"}
    keyboard_message: dict | None = None
    for step, (action, expected) in enumerate(SCRIPT):
        on_script = True
        before = api.sent_count(user_id)
        buttons = [(b["text"], b) for row in (keyboard_message or {}).get("reply_markup", {}).get("inline_keyboard", [])
                   for b in row] if keyboard_message else []
        turn = Turn(step, time.monotonic())
        turns.append(turn)
        if action == "join":
            update = api.send_text(person, f"/start {code}")
        elif action.startswith("press:"):
            button, on_script = _choose(action, buttons)
            update = (api.press_button(person, keyboard_message, button["callback_data"]) if button
                      else api.send_text(person, action.removeprefix("press:")))
        else:
            update = api.send_text(person, action)
        update_id = update["update_id"]
        try:
            done = await asyncio.wait_for(marks.future(update_id), TURN_TIMEOUT)
        except asyncio.TimeoutError:
            return
        replies = api.sent_since(user_id, before)
        delivered, started = api.delivered.get(update_id), marks.started.get(update_id)
        if delivered and started:
            turn.fetch_wait, turn.queue_wait, turn.handling = (
                delivered - turn.sent_at, started - delivered, done - started)
        if not replies:
            continue
        turn.latency = replies[-1][0] - turn.sent_at
        turn.bot_messages = len(replies)
        texts = [message["text"] for _, message in replies]
        turn.error_reply = RASA_DOWN_REPLY in texts
        turn.on_script = on_script and expected in " ".join(texts).lower()
        with_keyboard = [message for _, message in replies if message.get("reply_markup")]
        keyboard_message = with_keyboard[-1] if with_keyboard else None
