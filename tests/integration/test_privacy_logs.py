"""No message text and no name in the logs, at any level: every log record is captured (caplog at
DEBUG on the root logger, and a handler on every logger that does not pass records up) while a
conversation is relayed through the real Telegram app (with Rasa going down and coming back, a
flood, a failed reply) and the actions run as the action server runs them, a disclosure included."""
import asyncio
import logging

import pytest
import yaml
from rasa_sdk.executor import ActionExecutor

from bot.store import repository
from bot.store.db import PROJECT_ROOT, unit_of_work
from fakes.fake_bot_api import user
from running_bot import running_bot

# Words that must never be logged: names, answers, and what was disclosed.
SECRETS = ["Zebediah", "Fairweather", "Philomena", "Tumbleweed", "Horatio", "stepdad", "bruises", "Quillfeather"]
PERSON = user(7_123_456_789, "Zebediah")
SENDER = f"tg-{PERSON['id']}"
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())


class Everything(logging.Handler):
    """Keeps every record, formatted with its arguments and any traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def every_log_record(caplog):
    caplog.set_level(logging.DEBUG)
    handler = Everything()
    loggers = [logging.getLogger()] + [logger for logger in logging.root.manager.loggerDict.values()
                                       if isinstance(logger, logging.Logger) and not logger.propagate]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: caplog.text + "\n".join(handler.lines)
    for logger in loggers:
        logger.removeHandler(handler)


def action_call(action: str, text: str, intent: str, slots: dict | None = None, entities: dict | None = None) -> dict:
    """What Rasa POSTs to the action server to run `action` after the person said `text`."""
    message = {"text": text, "intent": {"name": intent, "confidence": 0.95}, "metadata": {},
               "entities": [{"entity": name, "value": value} for name, value in (entities or {}).items()]}
    return {"next_action": action, "sender_id": SENDER, "domain": DOMAIN, "version": "3.6.21",
            "tracker": {"sender_id": SENDER, "slots": slots or {}, "latest_message": message,
                        "events": [{"event": "user", **message}], "paused": False, "followup_action": None,
                        "active_loop": {"name": "preparation_form"} if slots else {},
                        "latest_action_name": "action_listen"}}


async def test_a_relayed_conversation_and_a_disclosure_log_no_text_and_no_names(database, api, fake_rasa,
                                                                                 every_log_record):
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Fairweather family", "Quillfeather")
        code = repository.add_participant(session, meeting, "Zebediah Fairweather", "parent").invite_code
    fake_rasa.reply_to("Philomena my sister", {"text": "Thanks Zebediah, I've added Philomena."})

    async with running_bot(api, fake_rasa.url, messages_per_minute=6):
        api.send_text(PERSON, f"/start {code}")
        api.send_text(PERSON, "Philomena my sister")
        await api.wait_for("sendMessage", count=2)
        fake_rasa.go_down()
        api.send_text(PERSON, "Tumbleweed Lane library please")
        await api.wait_for("sendMessage", count=3)
        fake_rasa.come_back()
        await api.wait_for("sendMessage", count=4)
        api.fail_next("sendMessage", "Bad Request: chat Zebediah not found")
        api.send_text(PERSON, "my stepdad Horatio leaves bruises")
        await api.wait_for("sendMessage", count=6)
        for _ in range(4):
            api.send_text(PERSON, "Zebediah Zebediah")
        await api.wait_for("sendMessage", count=8)
        await asyncio.sleep(0.2)

    executor = ActionExecutor()
    executor.register_package("actions")
    joined = await executor.run(action_call("action_join_meeting", f'/join_meeting{{"invite_code":"{code}"}}',
                                            "join_meeting", entities={"invite_code": code}))
    assert {"event": "slot", "name": "joined", "value": True} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in joined["events"]]
    invited = await executor.run(action_call("validate_preparation_form", "Philomena my sister", "inform",
                                             {"requested_slot": "invite_person"}))
    assert invited["responses"][0]["name"] == "Philomena"
    await executor.run(action_call("validate_preparation_form", "Tumbleweed Lane library", "inform",
                                   {"requested_slot": "agenda_items"}))
    await executor.run(action_call("action_safeguarding_response", "my stepdad Horatio leaves bruises",
                                   "disclose_harm"))
    await executor.run(action_call("action_answer_unknown", "can Horatio come to Tumbleweed Lane?", "nlu_fallback"))
    await executor.run(action_call("action_forget", "/affirm", "affirm"))

    logged = every_log_record()
    assert "safeguarding flag" in logged  # the records were captured...
    assert "Rasa unavailable" in logged and "BadRequest" in logged
    assert [secret for secret in SECRETS if secret.lower() in logged.lower()] == []  # ...and hold nothing personal
    assert str(PERSON["id"]) not in logged and api.token not in logged
