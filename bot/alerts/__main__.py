"""`python -m bot.alerts`: the safeguarding alerts worker (see bot/alerts/settings.py for its settings)."""
import asyncio
import logging

from bot.alerts.settings import from_environment
from bot.alerts.worker import run_forever


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(run_forever(from_environment()))


if __name__ == "__main__":
    main()
