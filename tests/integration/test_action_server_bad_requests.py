"""The real action server (`python -m rasa_sdk --actions actions`, as bot.cli.supervisor starts it) given
requests that are not action calls: each gets an error status, and it keeps serving.

The server runs once for this module on a free loopback port, with its own SQLite database.
"""
from __future__ import annotations

import itertools
import socket

import httpx
import pytest

from bot.cli.supervisor import ACTION_REQUEST_MAX_SIZE, Ports, Services, action_token
from bot.store.migrate import migrate

SECRET = "my nan's address is 12 Elm Road"  # stands for anything a person wrote
_senders = itertools.count(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("actions")
    patch = pytest.MonkeyPatch()
    patch.setenv("MEETING_PREP_DATA", str(data))
    patch.setenv("DATABASE_URL", f"sqlite:///{data / 'meeting-prep.db'}")
    patch.delenv("SANIC_REQUEST_MAX_SIZE", raising=False)
    migrate()
    services = Services(Ports(actions=free_port()))
    services.start_one("actions")
    try:
        services.wait_until_ready(timeout=60)
        with httpx.Client(base_url=f"http://127.0.0.1:{services.ports.actions}", timeout=30,
                          params={"token": action_token()}) as client:  # as Rasa sends it
            yield client, services
    finally:
        services.stop()
        patch.undo()


@pytest.fixture
def server(action_server):
    """The client; after each test, the server must still answer a real action call."""
    client, services = action_server
    yield client
    assert services.processes["actions"].poll() is None, "the action server stopped"
    tracker = {"sender_id": f"tg-{next(_senders)}", "latest_message": {"entities": []}}
    reply = client.post("/webhook", json=join_call(tracker))
    assert reply.status_code == 200 and reply.json()["responses"][0]["response"] == "utter_invite_code_unknown"


def join_call(tracker: object) -> dict:
    return {"next_action": "action_join_meeting", "tracker": tracker, "domain": {}, "version": "3.6.21"}


@pytest.mark.parametrize("body", [b"not json{", b"{\"next_action\": ", b"\xff\xfe\x00", b""])
def test_a_body_that_is_not_json_is_answered_400(server, body):
    reply = server.post("/webhook", content=body, headers={"Content-Type": "application/json"})
    assert reply.status_code == 400
    assert reply.json()["error"] == "The body must be a JSON object."


@pytest.mark.parametrize("call, problem", [
    ([1, 2], "JSON object"),
    ("a string", "JSON object"),
    ({"tracker": {"sender_id": "tg-1"}}, "next_action"),
    ({"next_action": "action_join_meeting"}, "sender_id"),
    (join_call({}), "sender_id"),
    (join_call({"sender_id": 42}), "sender_id"),
    (join_call({"sender_id": "tg-1", "latest_message": "hello"}), "latest_message"),
    (join_call({"sender_id": "tg-1", "events": {"not": "a list"}}), "events"),
    (join_call({"sender_id": "tg-1", "slots": []}), "slots"),
])
def test_a_tracker_missing_parts_or_with_parts_of_the_wrong_type_is_answered_400(server, call, problem):
    reply = server.post("/webhook", json=call)
    assert reply.status_code == 400
    assert problem in reply.json()["error"]


def test_a_5_mb_body_is_answered_413_without_being_read(server):
    assert ACTION_REQUEST_MAX_SIZE < 5_000_000
    reply = server.post("/webhook", content=b'{"a": "' + b"x" * 5_000_000 + b'"}',
                        headers={"Content-Type": "application/json"})
    assert reply.status_code == 413


def test_a_5_mb_body_sent_in_chunks_is_answered_413(server):
    def chunks():
        for _ in range(50):
            yield b"x" * 100_000
    reply = server.post("/webhook", content=chunks(), headers={"Content-Type": "application/json"})
    assert reply.status_code == 413


def test_an_unknown_action_is_answered_404(server):
    reply = server.post("/webhook", json={**join_call({"sender_id": "tg-1"}), "next_action": "action_nope"})
    assert reply.status_code == 404


def test_an_action_that_fails_is_answered_500_without_echoing_the_conversation(server, action_server):
    """rasa-sdk's own handler sends the whole request back, and Rasa logs that reply."""
    tracker = {"sender_id": "tg-1", "latest_message": {"text": SECRET, "entities": "not a list"},
               "events": [{"event": "user", "text": SECRET}]}
    reply = server.post("/webhook", json=join_call(tracker))
    assert reply.status_code == 500
    assert SECRET not in reply.text and "Elm" not in reply.text
    log = (action_server[1].log_dir / "actions.log").read_text()
    assert "An action failed with AttributeError" in log
    assert "Elm" not in log


def test_a_broken_compressed_body_is_answered_500(server):
    reply = server.post("/webhook", content=b"not deflate", headers={"Content-Encoding": "deflate"})
    assert reply.status_code == 500


@pytest.mark.parametrize("params", [{}, {"token": ""}, {"token": "guessed"}],
                         ids=["no token", "empty token", "wrong token"])
def test_an_action_call_not_from_rasa_is_refused_before_any_action_runs(server, params):
    """A forged tracker would let anyone act as any participant: read their summary, change answers."""
    call = join_call({"sender_id": "tg-1", "latest_message": {"entities": []}})
    with httpx.Client(base_url=str(server.base_url), timeout=30) as stranger:
        reply = stranger.post("/webhook", json=call, params=params)
        listing = stranger.get("/actions", params=params)
    assert reply.status_code == 401 and "responses" not in reply.json()
    assert listing.status_code == 401
    assert server.get("/health").status_code == 200
