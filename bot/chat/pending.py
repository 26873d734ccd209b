"""Messages Rasa could not take yet: kept in the database, delivered in order once Rasa is back.

Every front end sends a person's messages through `send` (via bot.telegram.relay.ask_rasa). When
Rasa is unavailable (not running, restarting, or slower than the client's timeout) the message is
kept in `pending_messages`; while a conversation has kept messages, new ones queue behind them, so
Rasa always sees a conversation's messages in the order they were written. `deliver_pending` sends
the kept messages oldest first and stops at the first one Rasa still cannot take. The Telegram front
end calls it from a repeating job; the local chat through `send`, before its next message.

Hold `conversation(sender_id)` around sending and showing the replies, so a retry and a new message
from the same person never interleave.

Rasa answers nothing at all when it cannot run a custom action (the action server is down, or an
action failed): it logs the error and replies with an empty list. A message that gets no reply is
kept like one Rasa could not take, so the person is told and it is sent again; but only
`MAX_SILENT_REPLIES` times or for `GIVE_UP_AFTER`, so a message that always makes an action fail
cannot hold up the conversation for ever: then it is dropped and the person is asked to send it again
(`GAVE_UP_REPLY`).

Delivery is at least once: a message whose reply timed out may have reached Rasa all the same, and
is sent again. Nothing a person wrote is logged.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import AsyncIterator
from weakref import WeakValueDictionary

from bot.chat.rasa_client import RasaClient, RasaRefused, RasaUnavailable
from bot.chat.replies import Reply, as_bubbles
from bot.domain.clock import utcnow
from bot.use_cases import front_end

logger = logging.getLogger(__name__)

# At the Telegram bot's retry every 5 seconds, about 2.5 minutes for the action server to come back.
MAX_SILENT_REPLIES = 30
# The same 2.5 minutes where retries come only with the person's next message (the local chat): a
# message that always makes an action fail must not hold up thirty messages typed after it.
GIVE_UP_AFTER = timedelta(minutes=2, seconds=30)
GAVE_UP_REPLY = (
    "Sorry, I couldn't take one of your messages: something went wrong on my side. Your answers before it "
    "are saved. Please send it again."
)


class NoReply(RasaUnavailable):
    """Rasa took the message but answered nothing: it could not run an action."""


# One lock per conversation, gone when nobody holds or waits for it.
_locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()


@dataclass(frozen=True)
class Outcome:
    replies: list[Reply] = field(default_factory=list)  # Rasa's replies to what was delivered now, in order
    waiting: int = 0  # this conversation's messages still kept for later


@asynccontextmanager
async def conversation(sender_id: str) -> AsyncIterator[None]:
    lock = _locks.get(sender_id)
    if lock is None:
        lock = _locks[sender_id] = asyncio.Lock()
    async with lock:
        yield


async def send(rasa: RasaClient, sender_id: str, text: str, metadata: dict) -> Outcome:
    """Send one message, behind any kept ones; keep it when Rasa is unavailable.
    Raises RasaRefused when Rasa will not take this message (keeping it would not help)."""
    if await asyncio.to_thread(front_end.has_waiting_messages, sender_id):
        await asyncio.to_thread(front_end.keep_message, sender_id, text, metadata)
        return await deliver_pending(rasa, sender_id)
    try:
        return Outcome(await _send_one(rasa, sender_id, text, metadata))
    except RasaUnavailable as error:
        logger.warning("Rasa unavailable (%s); message kept to send later", error)
        await asyncio.to_thread(front_end.keep_message, sender_id, text, metadata, 1 if isinstance(error, NoReply) else 0)
        return Outcome(waiting=1)


async def deliver_pending(rasa: RasaClient, sender_id: str) -> Outcome:
    """Send a conversation's kept messages, oldest first, until Rasa cannot take one."""
    kept = await asyncio.to_thread(front_end.waiting_messages, sender_id)
    replies: list[Reply] = []
    for index, message in enumerate(kept):
        try:
            replies += await _send_one(rasa, sender_id, message.text, message.metadata)
        except NoReply:
            if message.silent_replies + 1 < MAX_SILENT_REPLIES and utcnow() - message.kept_at < GIVE_UP_AFTER:
                await asyncio.to_thread(front_end.count_silent_reply, message.id)
                return Outcome(replies, waiting=len(kept) - index)
            logger.warning("No reply to a kept message after %d tries; dropped, the person told", MAX_SILENT_REPLIES)
            replies.append(Reply(GAVE_UP_REPLY))
        except RasaUnavailable:
            return Outcome(replies, waiting=len(kept) - index)
        except RasaRefused as error:
            logger.warning("Rasa refused a kept message (%s); dropped", error)
        await asyncio.to_thread(front_end.drop_message, message.id)
    if kept:
        logger.info("Delivered %d kept message(s)", len(kept))
    return Outcome(replies)


def senders_waiting(prefix: str = "") -> list[str]:
    """Conversations with kept messages, longest waiting first."""
    return front_end.senders_waiting(prefix)


async def _send_one(rasa: RasaClient, sender_id: str, text: str, metadata: dict) -> list[Reply]:
    replies = await rasa.send(sender_id, text, metadata)
    if not replies:
        raise NoReply("no reply")
    # One or two bubbles per message answered (`as_bubbles`); answers to kept messages stay apart
    return as_bubbles([reply for reply in replies if reply.text])
