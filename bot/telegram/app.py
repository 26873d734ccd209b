"""Telegram front end: relays private chats to Rasa and shows Rasa's replies with buttons.

A family member opens the deep link t.me/<bot>?start=<invite code>; the bot sends Rasa
`/join_meeting{"invite_code": ...}` and from then on passes every typed message to Rasa as
its own random sender id (relay.sender_of: never the Telegram user id, which relatives may know). Rasa's replies come back as plain-text messages (never HTML or
Markdown, so nothing in an answer is interpreted), and Rasa's buttons as inline keyboards whose
callback data is a short key stored in the database, never the payload itself.

What the bot does with everything else:
- /help is passed to Rasa; /privacy and /forget say they are coming; other commands are declined.
- Typed text never reaches Rasa as an intent: leading "/" are removed (bot.telegram.relay).
- Stickers, photos, voice notes and other non-text messages get a polite "please type" reply.
- Edited messages are not read: the person is asked to send the change as a new message.
- Group and channel chats get one note that the bot only talks in private; nothing is relayed.
- When Rasa is down or too slow the message is kept (bot.chat.pending) and the person told kindly; a
  repeating job delivers kept messages, in order, once Rasa is back, and sends the replies.
- Updates from different people are handled at the same time, each person's one at a time and in
  order; an update Telegram delivers twice is handled once.
- More than 20 messages a minute from one person (MESSAGES_PER_MINUTE): the first one over gets a
  note to slow down and is not passed on, nor are the rest that minute.
- Sending is paced by PTB's AIORateLimiter, which waits out Telegram's flood control (429); network
  errors while sending are tried again with backoff.

Nothing a person writes, and no name, is ever logged: the error handler logs exception types only.

Run it with `run_polling(token, rasa)`, or `await run_telegram(token, rasa)` inside a running event
loop; set TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET
(and optionally TELEGRAM_WEBHOOK_PORT, default 8443) to receive updates by webhook instead.
"""
from __future__ import annotations

import asyncio
import logging
import os
import time
from urllib.parse import urlparse
from weakref import WeakValueDictionary

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationHandlerStop,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.chat import pending
from bot.domain.flow_control import RateLimiter, RecentlySeen, Verdict
from bot.chat.rasa_client import RasaClient
from bot.chat.replies import Reply
from bot.telegram import relay
from bot.telegram.reminders import schedule_reminders
from bot.use_cases import alert_links, front_end

logger = logging.getLogger(__name__)

CALLBACK_PREFIX = "b:"
MAX_CALLBACK_DATA_BYTES = 64
ON_SCREEN = "buttons_on_screen"  # chat_data key: the buttons of the last replies sent
LONG_TITLE = 20  # longer button titles get a row each, shorter ones go two to a row
DEFAULT_WEBHOOK_PORT = 8443
SENDER_PREFIX = "tg-"  # Rasa's sender ids of Telegram chats: "tg-" and random characters (relay.sender_of)
RETRY_PENDING_EVERY = float(os.environ.get("PENDING_RETRY_SECONDS", 5))  # seconds
MESSAGES_PER_MINUTE = int(os.environ.get("MESSAGES_PER_MINUTE", 20))
SEND_ATTEMPTS = 4  # a reply is tried this many times on network errors, waiting 1, 2, 4 seconds between
MAX_CONCURRENT_UPDATES = 256
DUPLICATES_GROUP, RATE_LIMIT_GROUP = -20, -10  # handler groups before the default one (0)
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CHANNEL_POST, Update.CALLBACK_QUERY]

PRIVATE = filters.ChatType.PRIVATE
NOT_PRIVATE = filters.ChatType.GROUPS | filters.ChatType.CHANNEL
NEW_MESSAGE = filters.UpdateType.MESSAGE
NON_TEXT = (
    filters.ATTACHMENT
    | filters.Sticker.ALL
    | filters.PHOTO
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.ANIMATION
    | filters.Document.ALL
    | filters.LOCATION
    | filters.VENUE
    | filters.CONTACT
    | filters.POLL
    | filters.Dice.ALL
)


# ---------------------------------------------------------------- talking to Rasa and the person


def _rasa(context: ContextTypes.DEFAULT_TYPE) -> RasaClient:
    return context.application.bot_data["rasa"]


def _metadata(update: Update) -> dict:
    return {
        "channel": "telegram",
        "chat_type": update.effective_chat.type,
        "telegram_user_id": update.effective_user.id,
    }


def _keyboard(reply: Reply, keys: dict[str, str]) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    buttons = []
    for button in reply.buttons:
        callback_data = CALLBACK_PREFIX + keys[button.payload]
        assert len(callback_data.encode()) <= MAX_CALLBACK_DATA_BYTES, "callback_data over 64 bytes"
        buttons.append(InlineKeyboardButton(button.title.strip() or "…", callback_data=callback_data))
    per_row = 1 if any(len(b.title) > LONG_TITLE for b in reply.buttons) else 2
    return InlineKeyboardMarkup([buttons[i : i + per_row] for i in range(0, len(buttons), per_row)])


async def send_replies(chat_id: int, replies: list[Reply], context: ContextTypes.DEFAULT_TYPE) -> None:
    """One message per reply, as plain text (no parse_mode: nothing in it is read as HTML or
    Markdown), with its buttons as an inline keyboard."""
    payloads = [button.payload for reply in replies for button in reply.buttons]
    keys = await asyncio.to_thread(front_end.remember_buttons, payloads) if payloads else {}
    # The buttons now on screen, so that typing one's words presses it (text_message)
    context.application.chat_data[chat_id][ON_SCREEN] = [button for reply in replies for button in reply.buttons]
    for reply in replies:
        *before, last = relay.split_message(reply.text) or [reply.text]
        for part in before:
            await _send_with_retries(context, chat_id, part, None)
        await _send_with_retries(context, chat_id, last, _keyboard(reply, keys))  # buttons go with the end


async def _send_with_retries(context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str, markup) -> None:
    """Network errors and time-outs are tried again with backoff (flood control is waited out by
    the rate limiter); Telegram refusing the message (BadRequest) is not."""
    backoff = context.application.bot_data.get("send_backoff", 1.0)
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            await context.bot.send_message(chat_id=chat_id, text=text, reply_markup=markup)
            return
        except NetworkError as error:  # TimedOut is a NetworkError too
            if isinstance(error, BadRequest) or attempt == SEND_ATTEMPTS:
                raise
            logger.warning("Sending a reply failed (%s); trying again", type(error).__name__)
            await asyncio.sleep(backoff * 2 ** (attempt - 1))


async def relay_to_rasa(update: Update, context: ContextTypes.DEFAULT_TYPE, message: str) -> None:
    """Send one message to Rasa as this person and show what Rasa answers (behind any kept ones)."""
    sender_id = await relay.sender_of(update.effective_user.id)
    async with pending.conversation(sender_id):
        replies = await relay.ask_rasa(_rasa(context), sender_id, message, _metadata(update))
        await send_replies(update.effective_chat.id, replies, context)


async def deliver_pending_messages(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The repeating job: send kept messages to Rasa, longest waiting first, and show the replies.
    Stops at the first conversation Rasa still cannot take (it is down: try again next time)."""
    for sender_id in await asyncio.to_thread(pending.senders_waiting, SENDER_PREFIX):
        chat_id = await asyncio.to_thread(front_end.telegram_chat_of, sender_id)
        if chat_id is None:
            continue
        async with pending.conversation(sender_id):
            outcome = await relay.retry_pending(_rasa(context), sender_id)
            await send_replies(chat_id, outcome.replies, context)
        if outcome.waiting:
            return


async def follow_route(update: Update, context: ContextTypes.DEFAULT_TYPE, route: relay.Route) -> None:
    if route.to_rasa is not None:
        await relay_to_rasa(update, context, route.to_rasa)
    elif route.reply:
        await context.bot.send_message(chat_id=update.effective_chat.id, text=route.reply)


# ---------------------------------------------------------------- handlers


async def drop_duplicates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """First of all: an update already handled (Telegram delivered it twice) goes no further."""
    if not context.application.bot_data["seen"].first_time(update.update_id):
        logger.info("Duplicate update ignored")
        raise ApplicationHandlerStop


async def limit_rate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Then: a person over the message limit is told once to slow down; nothing more is passed on."""
    if update.effective_user is None:
        return
    verdict = context.application.bot_data["limiter"].check(update.effective_user.id, time.monotonic())
    if verdict is Verdict.ALLOW:
        return
    logger.info("Message over the rate limit not passed on")
    if update.callback_query:
        await update.callback_query.answer(relay.SLOW_DOWN_NOTE if verdict is Verdict.SLOW_DOWN else None)
    if verdict is Verdict.SLOW_DOWN and update.effective_chat and update.effective_chat.type == "private":
        await context.bot.send_message(chat_id=update.effective_chat.id, text=relay.SLOW_DOWN_REPLY)
    raise ApplicationHandlerStop


class OneAtATimePerChat(BaseUpdateProcessor):
    """Different people's updates are handled at the same time, so a slow reply to one holds up no
    one else; one chat's updates are handled one at a time, in the order they came."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: WeakValueDictionary[int, asyncio.Lock] = WeakValueDictionary()

    async def do_process_update(self, update: object, coroutine) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.get(chat.id)
        if lock is None:
            lock = self._locks[chat.id] = asyncio.Lock()
        async with lock:
            await coroutine

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start <invite code>, usually from the deep link: join the meeting the code belongs to. A
    coordinator's one-time alerts link (from the web page) links their chat for safeguarding alerts."""
    argument = " ".join(context.args or [])
    if alert_links.is_link_code(argument):
        await follow_route(update, context, relay.link_alerts(argument, update.effective_chat.id))
        return
    await follow_route(update, context, relay.route_command("start", argument))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: Rasa explains what it can do."""
    await follow_route(update, context, relay.route_command("help"))


async def data_rights_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/privacy explains what is kept; /forget deletes it after asking (both answered by Rasa)."""
    command = update.effective_message.text.split()[0].lstrip("/").split("@")[0]
    await follow_route(update, context, relay.route_command(command))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other command: never passed on, since Rasa would read it as an intent."""
    await follow_route(update, context, relay.Route(reply=relay.UNKNOWN_COMMAND_REPLY))


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Typed text: cleaned (no leading "/", at most 4000 characters) and passed to Rasa; the words of
    a button on screen ("Carry on with the questions") press it."""
    cleaned = relay.clean_text(update.effective_message.text)
    if cleaned is None:
        await follow_route(update, context, relay.Route(reply=relay.EMPTY_TEXT_REPLY))
        return
    pressed = relay.typed_button(cleaned, context.application.chat_data[update.effective_chat.id].get(ON_SCREEN, []))
    await relay_to_rasa(update, context, pressed.payload if pressed else cleaned)


async def non_text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A young person's photo, drawing, voice note or video is kept for the meeting; else ask for text."""
    kind, file_id = _media(update.effective_message)
    if kind and front_end.keep_contribution(await relay.sender_of(update.effective_user.id), kind, file_id):
        await follow_route(update, context, relay.Route(reply=relay.CONTRIBUTION_KEPT_REPLY))
    else:
        await follow_route(update, context, relay.Route(reply=relay.NON_TEXT_REPLY))


def _media(message: Message) -> tuple[str | None, str | None]:
    """What kind of view was sent, and Telegram's id for the file (the file stays on Telegram)."""
    if message.photo:
        return "photo", message.photo[-1].file_id
    for kind in ("voice", "video", "video_note", "document", "audio"):
        attachment = getattr(message, kind)
        if attachment is not None:
            return kind, attachment.file_id
    return None, None


async def edited_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edit of an earlier message: not read; ask for the change as a new message."""
    await follow_route(update, context, relay.Route(reply=relay.EDITED_REPLY))


async def not_private(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Groups and channels: explain that the bot only talks in private; relay nothing."""
    await follow_route(update, context, relay.Route(reply=relay.GROUP_REPLY))


def _pressed_title(message: Message, callback_data: str) -> str | None:
    markup = message.reply_markup
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == callback_data:
                return button.text
    return None


async def button_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button: mark it chosen in the message (removing the keyboard), then send its payload."""
    query = update.callback_query
    key = query.data[len(CALLBACK_PREFIX) :]
    payload = await asyncio.to_thread(front_end.pressed_button, key) if key else None
    if payload is None:
        await old_button(update, context)
        return
    await query.answer()
    message = query.message
    if isinstance(message, Message):
        title = _pressed_title(message, query.data)
        try:
            if message.text and title:
                await query.edit_message_text(f"{message.text}\n\n✓ {title}", reply_markup=None)
            else:
                await query.edit_message_reply_markup(reply_markup=None)
        except TelegramError as error:  # e.g. the message is too old to edit; the answer still counts
            logger.info("Could not mark the pressed button: %s", type(error).__name__)
    await relay_to_rasa(update, context, payload)


async def old_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button whose key is unknown (very old, or from another bot version)."""
    await update.callback_query.answer(relay.OLD_BUTTON_NOTE)
    await follow_route(update, context, relay.Route(reply=relay.OLD_BUTTON_REPLY))


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception type only (never text, names or ids), and tell the person if we can."""
    logger.error("Error while handling an update: %s", type(context.error).__name__)
    if isinstance(update, Update) and update.effective_chat and update.effective_chat.type == "private":
        try:
            await context.bot.send_message(chat_id=update.effective_chat.id, text=relay.ERROR_REPLY)
        except Exception as error:  # noqa: BLE001 - nothing more we can do; never raise from here
            logger.error("Could not tell the person about the error: %s", type(error).__name__)


# ---------------------------------------------------------------- wiring


async def _set_commands(application: Application) -> None:
    try:
        await application.bot.set_my_commands([BotCommand("help", "What I can help with")])
    except TelegramError as error:
        logger.warning("Could not set the command menu: %s", type(error).__name__)


async def _close_rasa(application: Application) -> None:
    await application.bot_data["rasa"].close()


def _quiet_library_logs() -> None:
    """httpx logs request URLs (which hold the bot token) at INFO; PTB logs message bodies at DEBUG."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    telegram_logger = logging.getLogger("telegram")
    if telegram_logger.level < logging.INFO:  # also when unset, so a DEBUG root logger is not enough
        telegram_logger.setLevel(logging.INFO)


def build_application(
    token: str, rasa: RasaClient, base_url: str | None = None, *, retry_pending_every: float = RETRY_PENDING_EVERY,
    messages_per_minute: int = MESSAGES_PER_MINUTE, send_backoff: float = 1.0,
) -> Application:
    """The Telegram application with every handler and the job delivering kept messages;
    `base_url` points it at another Bot API server."""
    _quiet_library_logs()
    builder = (Application.builder().token(token).post_init(_set_commands).post_shutdown(_close_rasa)
               .rate_limiter(AIORateLimiter(max_retries=3)).concurrent_updates(OneAtATimePerChat()))
    if base_url:
        builder = builder.base_url(base_url).base_file_url(base_url)
    application = builder.build()
    application.bot_data.update(rasa=rasa, seen=RecentlySeen(), send_backoff=send_backoff,
                                limiter=RateLimiter(limit=messages_per_minute, window=60.0))
    application.job_queue.run_repeating(deliver_pending_messages, interval=retry_pending_every,
                                        first=retry_pending_every, name="deliver-pending-messages")

    # Handler groups run in order and each runs its first matching handler: these two come first.
    application.add_handler(TypeHandler(Update, drop_duplicates), group=DUPLICATES_GROUP)
    application.add_handler(TypeHandler(Update, limit_rate), group=RATE_LIMIT_GROUP)
    # The first matching handler wins, so the order matters.
    application.add_handler(MessageHandler(NOT_PRIVATE & (NEW_MESSAGE | filters.UpdateType.CHANNEL_POST), not_private))
    application.add_handler(MessageHandler(PRIVATE & filters.UpdateType.EDITED_MESSAGE, edited_message))
    application.add_handler(CommandHandler("start", start, filters=PRIVATE & NEW_MESSAGE))
    application.add_handler(CommandHandler("help", help_command, filters=PRIVATE & NEW_MESSAGE))
    application.add_handler(CommandHandler(["privacy", "forget"], data_rights_command, filters=PRIVATE & NEW_MESSAGE))
    application.add_handler(MessageHandler(PRIVATE & NEW_MESSAGE & filters.COMMAND, unknown_command))
    application.add_handler(MessageHandler(PRIVATE & NEW_MESSAGE & filters.TEXT, text_message))
    application.add_handler(MessageHandler(PRIVATE & NEW_MESSAGE & NON_TEXT, non_text_message))
    application.add_handler(CallbackQueryHandler(button_pressed, pattern=f"^{CALLBACK_PREFIX}"))
    application.add_handler(CallbackQueryHandler(old_button))
    application.add_error_handler(error_handler)
    return application


def _webhook_settings() -> dict | None:
    """Webhook arguments from the environment, or None to use long polling."""
    webhook_url = os.environ.get("TELEGRAM_WEBHOOK_URL")
    if not webhook_url:
        return None
    secret = os.environ.get("TELEGRAM_WEBHOOK_SECRET")
    if not secret:
        raise SystemExit("TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_WEBHOOK_URL is set.")
    # Needs python-telegram-bot[webhooks] (tornado); a reverse proxy forwards HTTPS to this port.
    return {
        # 0.0.0.0 behind a load balancer on another machine; loopback when a proxy on this one forwards to it
        "listen": os.environ.get("TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1"),
        "port": int(os.environ.get("TELEGRAM_WEBHOOK_PORT", DEFAULT_WEBHOOK_PORT)),
        "url_path": urlparse(webhook_url).path.lstrip("/"),
        "webhook_url": webhook_url,
        "secret_token": secret,
        "allowed_updates": ALLOWED_UPDATES,
    }


def run_polling(token: str, rasa: RasaClient, base_url: str | None = None) -> None:
    """Run the bot in its own event loop until Ctrl-C: long polling, or a webhook when
    TELEGRAM_WEBHOOK_URL is set. Closes `rasa` at the end."""
    webhook = _webhook_settings()
    application = build_application(token, rasa, base_url)
    schedule_reminders(application)
    if webhook:
        application.run_webhook(**webhook)
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)


async def run_telegram(token: str, rasa: RasaClient, base_url: str | None = None) -> None:
    """The same, inside an already running event loop, until cancelled. The caller closes `rasa`."""
    webhook = _webhook_settings()
    application = build_application(token, rasa, base_url)
    schedule_reminders(application)
    async with application:  # initialize() ... shutdown()
        await _set_commands(application)
        await application.start()
        try:
            if webhook:
                await application.updater.start_webhook(**webhook)
            else:
                await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
            await asyncio.Event().wait()  # until cancelled (Ctrl-C in asyncio.run)
        finally:
            if application.updater.running:
                await application.updater.stop()
            await application.stop()
