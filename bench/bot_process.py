"""The bot process of the full-stack benchmark: the real PTB Application, polling a fake Bot API.

    .venv/bin/python -m bench.bot_process --base-url URL --token TOKEN --rasa-url URL

Runs `bot.telegram.app.build_application` exactly as `run_telegram` does (long polling), plus two
observer handlers that change nothing: group -1 prints "start <update id> <monotonic>" when PTB
begins an update, group 1 prints "done <update id> <monotonic>" once every handler (and so every
reply) has finished. CLOCK_MONOTONIC is system-wide on Linux, so the bench compares these times
with its own. Stops on SIGTERM.

`--updates per-chat` is an experiment, not the product: it swaps PTB's sequential processing of
updates for a per-chat processor (parallel across chats, in order within a chat), to measure that
proposal with `python -m bench --bot-updates per-chat`.
"""
from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import time

from telegram import Update
from telegram.ext import ApplicationBuilder, BaseUpdateProcessor, TypeHandler

from bot.rasa_client import RasaClient
from bot.telegram.app import ALLOWED_UPDATES, build_application


def _mark(event: str):
    async def handler(update: object, _context) -> None:
        if isinstance(update, Update):
            sys.stdout.write(f"{event} {update.update_id} {time.monotonic():.6f}\n")
            sys.stdout.flush()
    return handler


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Updates of different chats in parallel, each chat's own updates strictly in order."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}

    async def do_process_update(self, update: object, coroutine) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        try:
            async with lock:
                await coroutine
        finally:
            if not lock.locked() and self._locks.get(chat.id) is lock:
                del self._locks[chat.id]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def _use_update_processor(processor: BaseUpdateProcessor) -> None:
    """Experiment only: make every ApplicationBuilder built here use `processor`."""
    original = ApplicationBuilder.build

    def build(self):
        return original(self.concurrent_updates(processor))
    ApplicationBuilder.build = build


async def serve(args: argparse.Namespace) -> None:
    if args.updates == "per-chat":
        _use_update_processor(PerChatUpdateProcessor(256))
    rasa = RasaClient(args.rasa_url)
    application = build_application(args.token, rasa, base_url=args.base_url)
    application.add_handler(TypeHandler(Update, _mark("start")), group=-1)
    application.add_handler(TypeHandler(Update, _mark("done")), group=1)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    async with application:  # as bot.telegram.app.run_telegram does
        await application.start()
        await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        print("ready", flush=True)
        await stop.wait()
        await application.updater.stop()
        await application.stop()
    # post_shutdown (bot.telegram.app._close_rasa) has closed the Rasa client.


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--rasa-url", required=True)
    parser.add_argument("--updates", choices=["as-built", "per-chat"], default="as-built")
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
