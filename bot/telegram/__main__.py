"""`python -m bot.telegram`: only the Telegram front end, for deployments where Rasa runs elsewhere
(docker-compose.yml, several front ends behind a load balancer in webhook mode). Needs
TELEGRAM_BOT_TOKEN, and RASA_URL (default http://127.0.0.1:5005); TELEGRAM_API_URL points it at a
local Bot API server instead of Telegram's (https://api.telegram.org/bot)."""
import logging
import os

from bot.chat.rasa_client import RasaClient
from bot.telegram.app import run_polling


def main() -> None:
    token = os.environ.get("TELEGRAM_BOT_TOKEN")
    if not token:
        raise SystemExit("Set TELEGRAM_BOT_TOKEN (from Telegram's @BotFather).")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_polling(token, RasaClient(), base_url=os.environ.get("TELEGRAM_API_URL") or None)


if __name__ == "__main__":
    main()
