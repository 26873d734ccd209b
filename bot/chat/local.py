"""Chat with the assistant in a terminal, exactly as Telegram would show it (used without a bot token).

Each reply is printed as its text, then its buttons as numbered choices:

    Are you coming to the meeting?
      1) Yes
      2) No

Type a number to press a button (its payload goes to Rasa and "✓ Yes" is shown, as Telegram marks
the message), type anything else to answer in your own words, `/start CODE` to join a meeting as
the Telegram deep link does, and `/quit` or Ctrl-D to leave. Commands and typed text are translated
by the same functions as in Telegram (bot.telegram.relay).
"""
from __future__ import annotations

import asyncio
import threading
from typing import Callable

from bot.chat.rasa_client import RasaClient
from bot.chat.replies import Button, Reply
from bot.telegram import relay

QUIT_COMMANDS = {"quit", "exit"}
WELCOME = "Local chat: this is what the assistant would say on Telegram. Type /quit or press Ctrl-D to leave."
PROMPT = "> "


async def _read_line(input_fn: Callable[[str], str], prompt: str) -> str:
    """input() in a daemon thread, so the event loop runs meanwhile and Ctrl-C never waits on it.

    (asyncio.to_thread would leave the executor waiting for a pending input() at exit.)
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def settle(setter, value) -> None:
        if not future.done():
            setter(value)

    def read() -> None:
        try:
            line = input_fn(prompt)
        except BaseException as error:  # noqa: BLE001 - EOFError/KeyboardInterrupt go to the caller
            loop.call_soon_threadsafe(settle, future.set_exception, error)
        else:
            loop.call_soon_threadsafe(settle, future.set_result, line)

    threading.Thread(target=read, name="local-chat-input", daemon=True).start()
    return await future


def show_replies(replies: list[Reply], print_fn: Callable[..., None]) -> list[Button]:
    """Print replies as Telegram shows them; returns the buttons, numbered from 1 in order."""
    buttons: list[Button] = []
    for reply in replies:
        print_fn(reply.text)
        for button in reply.buttons:
            buttons.append(button)
            print_fn(f"  {len(buttons)}) {button.title}")
    return buttons


async def run_local_chat(
    rasa: RasaClient,
    sender_id: str,
    input_fn: Callable[[str], str] = input,
    print_fn: Callable[..., None] = print,
) -> None:
    """Chat with Rasa as `sender_id` until /quit or end of input."""
    metadata = {"channel": "local"}
    buttons: list[Button] = []
    print_fn(WELCOME)
    while True:
        try:
            line = await _read_line(input_fn, PROMPT)
        except (EOFError, KeyboardInterrupt):
            print_fn()
            return
        text = line.strip()
        parsed = relay.parse_command(text)
        if parsed is not None and parsed[0] in QUIT_COMMANDS:
            return
        pressed = (buttons[int(text) - 1] if text.isdigit() and 1 <= int(text) <= len(buttons)
                   else relay.typed_button(text, buttons))
        if pressed is not None:
            print_fn(f"✓ {pressed.title}")
            route = relay.Route(to_rasa=pressed.payload)
        else:
            route = relay.route_text(line)
        if route.to_rasa is not None:
            replies = await relay.ask_rasa(rasa, sender_id, route.to_rasa, metadata)
            buttons = show_replies(replies, print_fn)
        elif route.reply:
            print_fn(route.reply)
