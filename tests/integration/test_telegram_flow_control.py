"""Telegram under pressure: duplicate updates, flood control, network errors, people sending too
fast, a slow reply to one person, and webhook requests without the secret. The real Telegram app
against the fake Bot API and fake Rasa."""
import asyncio
import json
import socket

import httpx
import pytest

from bot.chat.rasa_client import RasaClient
from bot.telegram import relay
from bot.telegram.app import build_application
from fakes.fake_bot_api import user
from running_bot import running_bot, sender_of_user

SAM, JO = user(1001, "Sam"), user(1002, "Jo")
QUIET = 0.3  # seconds to wait when checking that something did NOT happen


def texts(api, chat_id: int) -> list[str]:
    return [message["text"] for message in api.sent_messages(chat_id)]


@pytest.fixture
async def bot(database, api, fake_rasa):
    async with running_bot(api, fake_rasa.url) as app:
        yield app


async def test_an_update_delivered_twice_is_handled_once(bot, api, fake_rasa):
    api.send_text_twice(SAM, "hello")
    api.send_text(SAM, "after")

    await api.wait_for("sendMessage", count=2)
    await asyncio.sleep(QUIET)
    assert fake_rasa.messages() == ["hello", "after"]
    assert texts(api, 1001) == ["You said: hello", "You said: after"]


async def test_flood_control_is_waited_out_and_the_reply_still_arrives_once(bot, api, fake_rasa):
    api.flood_next("sendMessage", retry_after=1)

    api.send_text(SAM, "hello")

    await api.wait_for("sendMessage", count=2, timeout=6)
    await asyncio.sleep(QUIET)
    assert texts(api, 1001) == ["You said: hello"]
    assert len(api.calls_to("sendMessage")) == 2  # refused with 429, then sent after the wait


async def test_a_network_error_while_replying_is_tried_again(bot, api, fake_rasa):
    api.drop_next("sendMessage")

    api.send_text(SAM, "hello")

    await api.wait_for("sendMessage", count=2)
    await asyncio.sleep(QUIET)
    assert texts(api, 1001) == ["You said: hello"]
    assert fake_rasa.messages() == ["hello"]  # Rasa is not asked twice


async def test_a_person_over_the_message_limit_is_told_once_to_slow_down_and_the_rest_are_not_passed_on(
        database, api, fake_rasa):
    async with running_bot(api, fake_rasa.url, messages_per_minute=3):
        for number in range(1, 7):
            api.send_text(SAM, f"message {number}")
        api.send_text(JO, "hello from Jo")

        await api.wait_for("sendMessage", count=5)
        await asyncio.sleep(QUIET)
    sams = [body["message"] for body in fake_rasa.received if body["sender"] == sender_of_user(1001)]
    assert sams == ["message 1", "message 2", "message 3"]
    assert texts(api, 1001) == ["You said: message 1", "You said: message 2", "You said: message 3",
                                relay.SLOW_DOWN_REPLY]
    assert texts(api, 1002) == ["You said: hello from Jo"]  # someone else is not slowed down


async def test_a_button_press_over_the_limit_is_answered_with_a_short_note(database, api, fake_rasa):
    fake_rasa.reply_to("ready", {"text": "Coming?", "buttons": [{"title": "Yes", "payload": "/affirm"}]})
    async with running_bot(api, fake_rasa.url, messages_per_minute=1):
        api.send_text(SAM, "ready")
        await api.wait_for("sendMessage")
        [question] = api.sent_messages(1001)

        api.press_button(SAM, question, question["reply_markup"]["inline_keyboard"][0][0]["callback_data"])

        [answered] = await api.wait_for("answerCallbackQuery")
        await api.wait_for("sendMessage", count=2)
    assert answered["text"] == relay.SLOW_DOWN_NOTE
    assert fake_rasa.messages() == ["ready"]


async def test_a_slow_reply_to_one_person_holds_up_no_one_else_and_each_persons_order_is_kept(bot, api, fake_rasa):
    fake_rasa.answer_slowly("Sam's first", 2.0)

    api.send_text(SAM, "Sam's first")
    api.send_text(SAM, "Sam's second")
    api.send_text(JO, "Jo's only")

    [first] = await api.wait_for("sendMessage", timeout=1.8)
    assert first["text"] == "You said: Jo's only"  # while Sam's first is still being answered
    await api.wait_for("sendMessage", count=3, timeout=5)
    assert texts(api, 1001) == ["You said: Sam's first", "You said: Sam's second"]
    sams = [body["message"] for body in fake_rasa.received if body["sender"] == sender_of_user(1001)]
    assert sams == ["Sam's first", "Sam's second"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_webhook_requests_without_the_right_secret_token_are_rejected(database, api, fake_rasa):
    rasa = RasaClient(fake_rasa.url)
    app = build_application(api.token, rasa, base_url=api.base_url)
    port = free_port()
    update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": api.private_chat(SAM), "from": SAM,
                                          "text": "hello by webhook"}}
    async with app:
        await app.start()
        await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="telegram",
                                        webhook_url="https://bot.example.org/telegram", secret_token="s3cret-token")
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                missing = await client.post("/telegram", content=json.dumps(update),
                                            headers={"Content-Type": "application/json"})
                wrong = await client.post("/telegram", content=json.dumps(update), headers={
                    "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "s3cret-tokeN"})
                await asyncio.sleep(QUIET)
                assert (missing.status_code, wrong.status_code) == (403, 403)
                assert fake_rasa.received == []

                right = await client.post("/telegram", content=json.dumps(update), headers={
                    "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "s3cret-token"})
                assert right.status_code == 200
                await api.wait_for("sendMessage")
            assert fake_rasa.messages() == ["hello by webhook"]
            [set_webhook] = api.calls_to("setWebhook")
            assert set_webhook["secret_token"] == "s3cret-token"
        finally:
            await app.updater.stop()
            await app.stop()
    await rasa.close()
