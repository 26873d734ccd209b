"""Only our front ends can speak to Rasa: the real Rasa server answers a message only when it is
signed with the channel's secret, fresh, and not seen before; Rasa's open REST channel is gone.
`meeting-prep say` sends one message through the same channel for tests and operators."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import httpx
import pytest

from bot.chat.rasa_client import WEBHOOK_PATH, channel_secret_file, signed_message
from bot.store import signing
from bot.store.db import PROJECT_ROOT
from tests_support import new_participant

pytestmark = pytest.mark.stack


def join(code: str) -> str:
    return f'/join_meeting{{"invite_code":"{code}"}}'


def post(stack, body: bytes, headers: dict) -> httpx.Response:
    return httpx.post(f"http://127.0.0.1:{stack.ports.rasa}{WEBHOOK_PATH}", content=body, headers=headers, timeout=60)


def test_a_signed_message_is_answered_and_the_same_request_sent_again_is_refused(stack):
    code, _ = new_participant()
    secret = signing.read_secret(channel_secret_file())
    body, headers = signed_message(secret, f"signed-{code}", join(code))
    first = post(stack, body, headers)
    assert first.status_code == 200 and "who makes the plan" in json.dumps(first.json()).lower()
    assert post(stack, body, headers).status_code == 401  # a replay, e.g. from a captured request
    for _ in range(2):  # the same words again at once (a button pressed twice) are new requests
        assert post(stack, *signed_message(secret, f"signed-{code}", "/deny")).status_code == 200


@pytest.mark.parametrize("forge", ["unsigned", "wrong secret", "changed body", "an hour old"])
def test_a_message_not_signed_by_the_front_end_is_refused_and_nothing_happens(stack, forge):
    code, participant_id = new_participant()
    secret = b"f" * 64 if forge == "wrong secret" else signing.read_secret(channel_secret_file())
    body, headers = signed_message(secret, f"forged-{code}", join(code))
    if forge == "unsigned":
        headers = {"Content-Type": "application/json"}
    elif forge == "changed body":
        body = body.replace(b"forged-", b"other-")
    elif forge == "an hour old":
        timestamp = str(int(time.time()) - 3600)
        nonce = headers[signing.NONCE_HEADER]
        headers = {**headers, signing.TIMESTAMP_HEADER: timestamp,
                   signing.SIGNATURE_HEADER: signing.signature(secret, timestamp, nonce, body)}
    reply = post(stack, body, headers)
    assert reply.status_code == 401
    assert "plan" not in reply.text


def test_rasas_open_rest_channel_is_off(stack):
    reply = httpx.post(f"http://127.0.0.1:{stack.ports.rasa}/webhooks/rest/webhook",
                       json={"sender": "anyone", "message": "/show_summary"}, timeout=30)
    assert reply.status_code == 404


def test_meeting_prep_say_sends_one_signed_message_and_prints_the_replies_as_json(stack):
    code, _ = new_participant()
    run = subprocess.run([sys.executable, "-m", "bot.cli", "say", "--sender", f"say-{code}",
                          "--rasa-url", f"http://127.0.0.1:{stack.ports.rasa}", join(code)],
                         cwd=PROJECT_ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    replies = json.loads(run.stdout)
    assert any("who makes the plan" in reply["text"].lower() for reply in replies)
    assert any(button["payload"] for reply in replies for button in reply["buttons"])
    log = (stack.log_dir / "say.log").read_text()
    assert "sent one message" in log and code not in log
