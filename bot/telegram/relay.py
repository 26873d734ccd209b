"""What a person's input becomes before it reaches Rasa, in one place for every front end.

The Telegram bot (bot/telegram/app.py) and the local terminal chat (bot/chat/local.py) both use
these functions, so a command or a typed answer is treated the same way in both.

Rasa reads a message that starts with "/" as an intent (for example `/join_meeting{...}`), so only
this module builds such messages. Anything a person types is cleaned so it can never start with "/":
invisible characters (bot.domain.text) go first, so none can hide a "/" behind it.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass


from bot.chat import pending
from bot.chat.rasa_client import RasaClient, RasaRefused
from bot.chat.replies import Button, Reply
from bot.domain.text import visible_text
from bot.domain.topics import topic_named
from bot.store.db import database_url
from bot.use_cases import alert_links, front_end

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 4000
MAX_CODE_LENGTH = 32

NO_CODE_REPLY = (
    "Hello! To get ready for your family meeting I need the link or the code from your coordinator. "
    "Please tap the link they sent you, or type /start followed by the code.\n\n"
    "You can still ask me questions about family meetings at any time."
)
UNKNOWN_COMMAND_REPLY = "I don't know that command. You can type your question in your own words."
EMPTY_TEXT_REPLY = "I didn't catch anything there. Please type your answer or your question."
NON_TEXT_REPLY = (
    "Thanks! I can only read typed messages for now. Please type your answer, or tap one of the buttons."
)
EDITED_REPLY = (
    "I can't read changes to messages you've already sent. "
    "Please send the changed answer as a new message, or say \"change my answer\"."
)
GROUP_REPLY = (
    "I only talk in private chats, so what you tell me stays private. Please message me directly."
)
CONTRIBUTION_KEPT_REPLY = (
    "Thank you! I've kept that for the meeting. Only the coordinator will see it, unless you tell them "
    "the professionals or your family can see it too. You can send more whenever you like."
)
OLD_BUTTON_REPLY = "Sorry, that button no longer works. Please type your answer or say 'carry on'."
OLD_BUTTON_NOTE = "That button no longer works."
RASA_DOWN_REPLY = (
    "Sorry, I'm having trouble right now. Your answers so far are saved, and I've kept your message: "
    "I'll reply as soon as I can."
)
ERROR_REPLY = (
    "Sorry, something went wrong on my side. Your answers so far are saved. "
    "Please send that again in a minute."
)
STILL_WAITING_REPLY = "I've kept that too. I'll reply to your messages, in order, as soon as I can."
SLOW_DOWN_REPLY = (
    "You're sending messages very quickly, so I haven't read the last one. "
    "Please wait a minute, then send it again. There's no rush: your answers so far are saved."
)
SLOW_DOWN_NOTE = "Please wait a minute, then try again."
RASA_REFUSED_REPLY = "Sorry, something went wrong with that message. Could you say it another way?"

MAX_MESSAGE_LENGTH = 4096  # Telegram refuses longer messages
# A Telegram-style command: "/" then a command word, optionally "@botname", then anything.
_COMMAND = re.compile(r"^/([A-Za-z0-9_]+)(?:@[A-Za-z0-9_]+)?(.*)$", re.DOTALL)
_NOT_CODE = re.compile(r"[^A-Za-z0-9]")


@dataclass(frozen=True)
class Route:
    """Where one input goes: `to_rasa` is sent to Rasa; otherwise `reply` is said directly."""

    to_rasa: str | None = None
    reply: str | None = None


def clean_code(raw: str | None) -> str:
    """Keep only ASCII letters and digits, uppercased, at most 32 characters."""
    return _NOT_CODE.sub("", raw or "").upper()[:MAX_CODE_LENGTH]


def check_in_message(kind: str) -> str:
    """The Rasa message that starts a check-in after the meeting (bot.domain.reminders.CHECK_INS)."""
    return "/check_in" + json.dumps({"check_in": kind}, separators=(",", ":"))


def join_message(code: str | None) -> str | None:
    """The Rasa message for joining with an invite code, or None when there is no usable code."""
    cleaned = clean_code(code)
    if not cleaned:
        return None
    return "/join_meeting" + json.dumps({"invite_code": cleaned}, separators=(",", ":"))


def clean_text(text: str | None) -> str | None:
    """Typed text made safe for Rasa: no invisible characters, no leading "/", at most 4000
    characters; None if nothing is left."""
    cleaned = visible_text(text or "").strip()
    while cleaned.startswith("/"):
        cleaned = cleaned.lstrip("/").lstrip()
    cleaned = cleaned[:MAX_TEXT_LENGTH].strip()
    return cleaned or None


def split_message(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """A reply cut into messages Telegram accepts: at line breaks where possible, else at spaces,
    else anywhere. A long summary of long answers would otherwise not be sent at all."""
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip("\n ")
    return [part for part in parts + [text] if part]


def parse_command(text: str) -> tuple[str, str] | None:
    """("start", "ABC123") for "/start ABC123"; None when the text is not a command."""
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    return match.group(1).lower(), match.group(2).strip()


def route_command(command: str, argument: str = "") -> Route:
    """What a command (without its "/") does."""
    command = command.lower()
    if command == "start":
        message = join_message(argument)
        return Route(to_rasa=message) if message else Route(reply=NO_CODE_REPLY)
    if command == "help":
        return Route(to_rasa="/help")
    if command in ("privacy", "forget"):
        return Route(to_rasa=f"/{command}")
    return Route(reply=UNKNOWN_COMMAND_REPLY)


ALERTS_LINKED_REPLY = (
    "Done, {name}. Safeguarding alerts for your meetings will come to this chat as well as by email. "
    "They never hold what anyone wrote: open the link in the alert to read it on the web page. "
    "To stop them, use 'Your alerts' on the web page."
)
ALERTS_LINK_OLD_REPLY = (
    "That link has already been used or is more than 15 minutes old. Make a new one on the web page, "
    "under 'Your alerts'."
)


def link_alerts(code: str, chat_id: int) -> Route:
    """A coordinator's one-time link from the web page: their alerts come to this chat from now on."""
    name = alert_links.link_chat(code, chat_id)
    return Route(reply=ALERTS_LINKED_REPLY.format(name=name) if name else ALERTS_LINK_OLD_REPLY)


def route_text(text: str | None) -> Route:
    """What typed text does: a command when it looks like one, else cleaned text for Rasa."""
    parsed = parse_command(visible_text(text or ""))
    if parsed is not None:
        return route_command(*parsed)
    cleaned = clean_text(text)
    return Route(to_rasa=cleaned) if cleaned else Route(reply=EMPTY_TEXT_REPLY)


# Said after a button's words without changing what it means: "yes send it please", "carry on thanks"
_POLITE = {"please", "pls", "plz", "thanks", "thank", "you", "ta", "then", "x", "ok", "okay"}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", visible_text(text).lower().replace("'", "").replace("\u2019", ""))


_CHANGE_PART = re.compile(r'/change_answer\{"topic":"(\w+)"\}$')  # the buttons of action_change_answer


def typed_button(text: str, buttons: list[Button]) -> Button | None:
    """The button on screen whose words were typed ("When, and what would help", "yes send it pls"):
    typing a button's label is pressing it. None when the text says anything more, except where the
    buttons are the parts of the answers to change: "the bit about where" chooses "Where it happens"."""
    typed = _words(text)
    for button in buttons:
        title = _words(button.title)
        if title and typed[:len(title)] == title and set(typed[len(title):]) <= _POLITE:
            return button
    parts = {found.group(1): b for b in buttons if (found := _CHANGE_PART.match(b.payload))}
    if parts and len(parts) == len(buttons):
        return parts.get(topic_named(text, tuple(parts)))
    return None


# (database, Telegram user id) -> sender id: never changes once made, so it is looked up once.
_senders: dict[tuple[str, int], str] = {}


async def sender_of(telegram_user_id: int) -> str:
    """The random Rasa sender id of this Telegram user's chat (front_end.sender_of)."""
    key = (database_url(), telegram_user_id)
    if key not in _senders:
        _senders[key] = await asyncio.to_thread(front_end.sender_of, telegram_user_id)
    return _senders[key]




async def ask_rasa(rasa: RasaClient, sender_id: str, message: str, metadata: dict) -> list[Reply]:
    """Rasa's replies. When Rasa cannot be reached the message is kept and sent when it is back
    (bot.chat.pending), and the person is told kindly. Hold `pending.conversation(sender_id)` around it."""
    try:
        outcome = await pending.send(rasa, sender_id, message, metadata)
    except RasaRefused as error:
        logger.warning("Rasa refused a message: %s", error)
        return [Reply(RASA_REFUSED_REPLY)]
    return outcome.replies + waiting_note(outcome)


async def retry_pending(rasa: RasaClient, sender_id: str) -> pending.Outcome:
    """Send a conversation's kept messages again, oldest first (hold `pending.conversation`)."""
    return await pending.deliver_pending(rasa, sender_id)


def waiting_note(outcome: pending.Outcome) -> list[Reply]:
    """What to tell the person while messages of theirs wait for Rasa."""
    if outcome.waiting == 0:
        return []
    return [Reply(RASA_DOWN_REPLY if outcome.waiting == 1 else STILL_WAITING_REPLY)]
