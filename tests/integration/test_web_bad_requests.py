"""The coordinator page given bodies too large and input it cannot read: a kind 413 or 400 page,
nothing changed, and the page keeps working."""
from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():  # Starlette 1.x suggests httpx2; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from bot.store.db import unit_of_work
from bot.store.models import Meeting
from bot.web.limits import MAX_BODY_BYTES
from test_web import amira, app, clock, create_meeting, token  # noqa: F401 (fixtures)

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def client(amira):  # noqa: F811
    """Amira, logged in; server errors come back as pages (as a browser would see them)."""
    client = TestClient(amira.app, raise_server_exceptions=False, cookies=amira.cookies, base_url="https://testserver")
    yield client
    assert client.get("/meetings").status_code == 200  # still serving, still logged in


def meetings_stored() -> int:
    with unit_of_work() as session:
        return session.query(Meeting).count()


def new_meeting_body(client, title: str) -> bytes:
    return f"csrf_token={token(client, '/meetings/new')}&title={title}&kind=family+group+conference".encode()


def test_a_form_declared_larger_than_the_limit_gets_the_413_page(client):
    body = new_meeting_body(client, "x" * (MAX_BODY_BYTES + 1))
    response = client.post("/meetings/new", content=body, headers=FORM)
    assert response.status_code == 413
    assert "Too large" in response.text and "too large to send" in response.text
    assert meetings_stored() == 0


async def test_a_large_form_sent_without_a_length_is_cut_off_with_the_413_page(app):  # noqa: F811
    """Straight through ASGI, as a server passes a chunked body on, piece by piece."""
    pieces_read, answer = 0, []

    async def receive():
        nonlocal pieces_read
        pieces_read += 1
        return {"type": "http.request", "body": b"x" * 10_000, "more_body": pieces_read < 5_000}  # 50 MB

    async def send(message):
        answer.append(message)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/login", "raw_path": b"/login", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/x-www-form-urlencoded"),
                         (b"transfer-encoding", b"chunked")],
             "client": ("127.0.0.1", 5000), "server": ("testserver", 80)}
    await app(scope, receive, send)
    assert answer[0]["status"] == 413
    assert b"too large to send" in b"".join(m.get("body", b"") for m in answer[1:])
    assert pieces_read <= 7  # stopped reading at the limit (64 kB)


@pytest.mark.parametrize("body, content_type", [
    (b"--x\r\nbroken", "multipart/form-data"),  # no boundary
    (b"--x\r\nContent-Type: text/plain\r\n\r\nSmith\r\n--x--\r\n", "multipart/form-data; boundary=x"),  # no name
    (b"&".join(b"f%d=1" % n for n in range(1_000)), "application/x-www-form-urlencoded"),  # too many fields
])
def test_a_form_that_cannot_be_read_gets_a_kind_400_page(client, body, content_type):
    response = client.post("/meetings/new", content=body, headers={"Content-Type": content_type})
    assert response.status_code == 400
    assert "Couldn&#39;t read that" in response.text
    assert "couldn&#39;t read what was sent" in response.text and "Nothing has been changed" in response.text
    assert "Traceback" not in response.text and "boundary" not in response.text.lower()
    assert meetings_stored() == 0


def test_a_file_sent_with_a_form_gets_a_kind_400_page(client):
    response = client.post("/meetings/new", data={"csrf_token": token(client, "/meetings/new"), "title": "Smith"},
                           files={"photo": ("a.jpg", b"\xff\xd8\xff")})
    assert response.status_code == 400 and "couldn&#39;t read what was sent" in response.text
    assert meetings_stored() == 0


def test_a_content_length_that_is_not_a_number_gets_a_kind_400_page(client):
    request = client.build_request("POST", "/meetings/new", content=new_meeting_body(client, "Smith"), headers=FORM)
    request.headers["Content-Length"] = "lots"
    response = client.send(request)
    assert response.status_code == 400 and "couldn&#39;t read what was sent" in response.text


@pytest.mark.parametrize("path", ["/meetings/99999999999999999999999", "/meetings/1/people/99999999999999999999",
                                  "/meetings/-1", "/meetings/1e3"])
def test_an_absurd_id_is_page_not_found_not_an_error(client, path):
    create_meeting(client)
    response = client.get(path)
    assert response.status_code == 404 and "Page not found" in response.text


def test_a_huge_id_in_a_form_address_is_page_not_found(client):
    meeting_id = create_meeting(client)
    response = client.post(f"/meetings/{meeting_id}/participants/99999999999999999999/revoke",
                           data={"csrf_token": token(client, "/meetings")})
    assert response.status_code == 404


def test_json_posted_to_a_form_is_refused_without_changing_anything(client):
    response = client.post("/meetings/new", json={"title": "Smith", "kind": "family group conference"})
    assert response.status_code == 403  # no CSRF token in it: the kind "form has expired" page
    assert meetings_stored() == 0
