"""Walk the Telegram front end by hand, as a person would: the real python-telegram-bot application
against the tests' fake Bot API on 127.0.0.1, talking to the running Rasa (no token, no internet).

    make serve                                   # in one terminal: Rasa, actions, web, alerts
    .venv/bin/python tests/telegram_walk.py      # in another
    echo "/start <invite code>" > /tmp/tg_in     # then one message per write; "/press N" presses button N
    tail -f /tmp/tg_out.txt                      # what the bot sent, buttons numbered

TG_USER / TG_NAME choose the Telegram user, TG_WAIT the seconds to wait for replies (default 5).
Reminders and check-ins are scheduled as in `serve`: one that is due (a meeting made three weeks
ago starts its check-in) is sent within seconds, and shows up like any reply.
Not a test: pytest collects only test_*.py.
"""
import asyncio
import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
spec = importlib.util.spec_from_file_location("fake_bot_api", ROOT / "tests" / "fakes" / "fake_bot_api.py")
fake = importlib.util.module_from_spec(spec)
sys.modules["fake_bot_api"] = fake
spec.loader.exec_module(fake)

from bot.chat.rasa_client import RasaClient  # noqa: E402
from bot.telegram.app import build_application, ALLOWED_UPDATES  # noqa: E402
from bot.telegram.reminders import schedule_reminders  # noqa: E402

OUT = Path("/tmp/tg_out.txt")
IN = Path("/tmp/tg_in")
USER = fake.user(int(os.environ.get("TG_USER", "777001")), os.environ.get("TG_NAME", "Walker"))


def say(line: str) -> None:
    with OUT.open("a") as out:
        out.write(line + "\n")


async def main() -> None:
    api = fake.FakeBotApi().start()
    rasa = RasaClient(os.environ.get("RASA_URL", "http://127.0.0.1:5005"))
    app = build_application(api.token, rasa, base_url=api.base_url)
    schedule_reminders(app)
    seen = 0
    buttons: list[tuple[dict, str, str]] = []

    def show_new_messages() -> None:
        nonlocal seen, buttons
        sent = api.calls_to("sendMessage")
        new, seen = sent[seen:], len(sent)
        if new:
            buttons = []
        for call in new:
            say(call.get("text", ""))
            markup = call.get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                for b in row:
                    buttons.append(({"message_id": 1, "chat": {"id": USER["id"], "type": "private"},
                                     "date": 0, "text": call.get("text", "")},
                                    b.get("callback_data", ""), b.get("text", "")))
                    say(f"  ({len(buttons)}) {b.get('text')}")

    async def show_unprompted_messages() -> None:  # reminders and check-ins
        while True:
            await asyncio.sleep(2)
            show_new_messages()

    async with app:
        await app.start()
        await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES, poll_interval=0.1)
        say("== Telegram walk ready")
        asyncio.get_running_loop().create_task(show_unprompted_messages())
        if not IN.exists():
            os.mkfifo(IN)
        loop = asyncio.get_running_loop()
        while True:
            line = (await loop.run_in_executor(None, lambda: IN.open().read())).strip()
            for text in [t for t in line.splitlines() if t.strip()]:
                if text.startswith("/press "):
                    n = int(text.split()[1]) - 1
                    message, data, title = buttons[n]
                    say(f"[pressed] {title}")
                    api.press_button(USER, message, data)
                else:
                    say(f"> {text}")
                    api.send_text(USER, text)
                await asyncio.sleep(float(os.environ.get("TG_WAIT", "5")))
                show_new_messages()


asyncio.run(main())
