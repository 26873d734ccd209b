"""`python -m bot.web`: serve the coordinator page on 127.0.0.1:WEB_PORT (default 8000)."""
import uvicorn

from bot.web.app import create_app
from bot.web.config import web_port


def main() -> None:
    # No access log: addresses and paths of who looked at what stay out of logs (the audit log has it).
    # No websockets: the page needs none, and rasa-sdk pins a websockets too old for uvicorn's.
    uvicorn.run(create_app(), host="127.0.0.1", port=web_port(), log_level="warning", access_log=False,
                server_header=False, ws="none")


if __name__ == "__main__":
    main()
