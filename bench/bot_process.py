"""The bot process of the full-stack benchmark: the real PTB Application, polling a fake Bot API.

    .venv/bin/python -m bench.bot_process --base-url URL --token TOKEN --rasa-url URL

Runs `bot.telegram.app.run_telegram` itself (long polling, everything as built) until SIGTERM; the
bench knows it is up when it first calls getUpdates. To time each update without touching the product, Application.process_update
is wrapped in this process only: it prints "start <update id> <monotonic>" when PTB begins an update
and "done <update id> <monotonic>" when every handler group has finished with it (so every reply has
been sent), whatever the handlers did. CLOCK_MONOTONIC is system-wide on Linux, so the bench
compares these times with its own.

`--updates sequential` is an experiment, not the product: it makes PTB handle one update at a time
(its default, `concurrent_updates(False)`), to compare with the update processor the product uses.
"""
from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import time

from telegram.ext import Application, ApplicationBuilder

from bot.chat.rasa_client import RasaClient
from bot.telegram.app import run_telegram


def _mark(event: str, update: object) -> None:
    update_id = getattr(update, "update_id", None)
    if update_id is not None:
        sys.stdout.write(f"{event} {update_id} {time.monotonic():.6f}\n")
        sys.stdout.flush()


def _time_updates() -> None:
    original = Application.process_update

    async def process_update(self, update: object) -> None:
        _mark("start", update)
        try:
            await original(self, update)
        finally:
            _mark("done", update)
    Application.process_update = process_update


def _sequential_updates() -> None:
    """Experiment only: every ApplicationBuilder built here handles updates one at a time."""
    original = ApplicationBuilder.build

    def build(self):
        return original(self.concurrent_updates(False))
    ApplicationBuilder.build = build


async def serve(args: argparse.Namespace) -> None:
    _time_updates()
    if args.updates == "sequential":
        _sequential_updates()
    rasa = RasaClient(args.rasa_url)
    bot = asyncio.create_task(run_telegram(args.token, rasa, base_url=args.base_url))
    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(stop_signal, bot.cancel)
    try:
        await bot
    except asyncio.CancelledError:
        pass
    finally:
        await rasa.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--rasa-url", required=True)
    parser.add_argument("--updates", choices=["as-built", "sequential"], default="as-built")
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
