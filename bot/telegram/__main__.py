"""`python -m bot.telegram`: only the Telegram front end, for deployments where Rasa runs elsewhere
(docker-compose.yml). Needs TELEGRAM_BOT_TOKEN, and RASA_URL (default http://127.0.0.1:5005)."""
import logging
import os

from bot.rasa_client import RasaClient
from bot.telegram.app import run_polling


def main() -> None:
    token = os.environ.get("TELEGRAM_BOT_TOKEN")
    if not token:
        raise SystemExit("Set TELEGRAM_BOT_TOKEN (from Telegram's @BotFather).")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_polling(token, RasaClient())


if __name__ == "__main__":
    main()
