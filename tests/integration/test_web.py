"""The coordinator web page through Starlette's test client (httpx), on a fresh database."""
import re
import warnings
from datetime import datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

with warnings.catch_warnings():  # Starlette 1.x suggests httpx2; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from bot.domain.logins import new_totp_secret
from bot.store import accounts, audit, repository
from bot.store.db import unit_of_work
from bot.store.models import Coordinator, Participant, SafeguardingFlag, utcnow
from bot.use_cases import alert_links
from bot.web.app import create_app

PASSWORD = "correct horse battery"
SECRETS: dict[str, str] = {}  # each coordinator's authenticator app, by email


@pytest.fixture
def clock():
    """The page's clock: tests move it on (clock[0] += timedelta(...))."""
    return [utcnow()]


@pytest.fixture
def app(database, clock):
    return create_app(secret="test-secret-" * 3, clock=lambda: clock[0])


def new_client(app) -> TestClient:
    return TestClient(app, base_url="https://testserver")  # as behind an HTTPS proxy: Secure cookies


def add_coordinator(email: str, name: str = "Amira Khan", enrolled: bool = True) -> None:
    """A coordinator account, with its second factor already set up unless `enrolled` is False."""
    with unit_of_work() as session:
        coordinator = accounts.create_coordinator(session, email, name, PASSWORD)
        if enrolled:
            SECRETS[coordinator.email] = new_totp_secret()
            accounts.enrol(session, coordinator, SECRETS[coordinator.email], utcnow())


def token(client: TestClient, path: str = "/login") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)[1]


def app_code(client: TestClient, email: str) -> str:
    """What the coordinator's authenticator app shows now, by the page's clock."""
    return pyotp.TOTP(SECRETS[email.strip().lower()]).at(client.app.state.clock())


def log_in(client: TestClient, email: str, password: str = PASSWORD, **extra):
    """Both steps: the password, then (when it was right) the code from the app. The last answer."""
    first = client.post("/login", data={"email": email, "password": password, "csrf_token": token(client), **extra},
                        follow_redirects=False)
    if first.status_code != 303 or first.headers["location"] != "/login/code":
        return first
    return client.post("/login/code", data={"code": app_code(client, email), "csrf_token": token(client, "/login/code")},
                       follow_redirects=False)


@pytest.fixture
def amira(app):
    add_coordinator("amira@example.org")
    client = new_client(app)
    assert log_in(client, "amira@example.org").status_code == 303
    return client


def create_meeting(client: TestClient, title: str = "Smith family", **fields) -> int:
    data = {"csrf_token": token(client, "/meetings/new"), "title": title, "kind": "family group conference", **fields}
    response = client.post("/meetings/new", data=data)
    assert response.status_code == 200, response.text
    return int(re.search(r"/meetings/(\d+)/participants", str(response.url))[1])


def add_participant(client: TestClient, meeting_id: int, name: str, role: str = "parent") -> str:
    page = f"/meetings/{meeting_id}/participants"
    response = client.post(page, data={"csrf_token": token(client, page), "name": name, "role": role})
    assert response.status_code == 200, response.text
    return response.text


def participant_in(meeting_id: int, name: str) -> tuple[int, str]:
    with unit_of_work() as session:
        meeting = repository.find_meeting(session, str(meeting_id))
        participant = next(p for p in meeting.participants if p.display_name == name)
        return participant.id, participant.invite_code


def tell(meeting_id: int, name: str, answers: list[tuple[str, str, str, str]], chat: str = "tg-1") -> int:
    """The participant joins and answers, as the assistant would save it: (topic, key, value, visibility)."""
    _, code = participant_in(meeting_id, name)
    with unit_of_work() as session:
        participant = repository.join_meeting(session, chat, code).participant
        for topic, key, value, visibility in answers:
            repository.save_preference(session, participant, topic, key, value, visibility)
        return participant.id


# ---------------------------------------------------------------- logging in


def test_every_page_needs_a_login(app):
    client = new_client(app)
    for path in ("/meetings", "/meetings/new", "/meetings/1", "/meetings/1/export.csv", "/meetings/1/audit"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
    assert client.get("/health").text == "ok"


def test_a_wrong_password_gets_a_kind_answer_and_no_login(app):
    add_coordinator("amira@example.org")
    client = new_client(app)
    response = log_in(client, "amira@example.org", "not the password")
    assert response.status_code == 401
    assert "don&#39;t match" in response.text
    assert client.get("/meetings", follow_redirects=False).status_code == 303
    assert log_in(client, "nobody@example.org").status_code == 401


def test_logging_in_sets_an_httponly_samesite_cookie_and_goes_where_asked(app):
    add_coordinator("amira@example.org")
    client = new_client(app)
    response = log_in(client, "Amira@Example.org ", next="/meetings/new")
    assert response.status_code == 303 and response.headers["location"] == "/meetings/new"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert PASSWORD not in response.headers["set-cookie"]


def test_login_never_sends_you_to_another_site(app):
    add_coordinator("amira@example.org")
    response = log_in(new_client(app), "amira@example.org", next="//evil.example/steal")
    assert response.headers["location"] == "/meetings"


def test_wrong_passwords_make_each_next_try_wait_longer_and_the_count_outlives_a_restart(app, clock):
    add_coordinator("amira@example.org")
    client = new_client(app)
    for _ in range(3):
        assert log_in(client, "amira@example.org", "wrong password").status_code == 401
    blocked = log_in(client, "amira@example.org")  # the right password, but too soon: not even checked
    assert blocked.status_code == 429 and "wait 2 seconds" in blocked.text
    restarted = new_client(create_app(secret="test-secret-" * 3, clock=lambda: clock[0]))  # kept in the database
    assert log_in(restarted, "amira@example.org").status_code == 429
    clock[0] += timedelta(seconds=3)
    assert log_in(restarted, "amira@example.org").status_code == 303


def test_a_hundred_wrong_tries_in_an_hour_lock_the_account_whatever_the_address(app, clock):
    from bot.store.models import LoginFailure

    add_coordinator("amira@example.org")
    with unit_of_work() as session:  # spread over the last hour from many addresses
        session.add_all(LoginFailure(email="amira@example.org", address=f"10.0.0.{n}",
                                     failed_at=clock[0] - timedelta(seconds=30 * n + 30)) for n in range(100))
    locked = log_in(new_client(app), "amira@example.org")
    assert locked.status_code == 429 and "minutes" in locked.text
    clock[0] += timedelta(minutes=11)  # the oldest leave the hour
    assert log_in(new_client(app), "amira@example.org").status_code == 303


def test_the_second_step_is_needed_and_a_wrong_code_is_refused(app):
    add_coordinator("amira@example.org")
    client = new_client(app)
    first = client.post("/login", data={"email": "amira@example.org", "password": PASSWORD,
                                        "csrf_token": token(client)}, follow_redirects=False)
    assert first.headers["location"] == "/login/code"
    assert client.get("/meetings", follow_redirects=False).status_code == 303  # half logged in: nothing yet
    wrong = client.post("/login/code", data={"code": "000000", "csrf_token": token(client, "/login/code")})
    assert wrong.status_code == 401 and "didn" in wrong.text
    right = client.post("/login/code", data={"code": app_code(client, "amira@example.org"),
                                             "csrf_token": token(client, "/login/code")}, follow_redirects=False)
    assert right.status_code == 303
    assert client.get("/meetings").status_code == 200


def test_a_new_coordinator_sets_up_the_app_sees_recovery_codes_once_and_one_works_once(app):
    add_coordinator("amira@example.org", enrolled=False)
    client = new_client(app)
    client.post("/login", data={"email": "amira@example.org", "password": PASSWORD, "csrf_token": token(client)})
    page = client.get("/login/code").text
    assert "Set up a second step" in page and 'src="data:image/svg+xml;base64,' in page
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page)[1]
    done = client.post("/login/code", data={"code": pyotp.TOTP(secret).at(client.app.state.clock()),
                                            "csrf_token": token(client, "/login/code")})
    codes = re.findall(r"<li><code>([0-9a-f]{6}-[0-9a-f]{6})</code></li>", done.text)
    assert done.status_code == 200 and len(codes) == 10
    assert client.get("/meetings").status_code == 200
    with unit_of_work() as session:
        stored = session.scalar(select(Coordinator).where(Coordinator.email == "amira@example.org"))
        assert stored.mfa_enrolled_at and all(codes[0] not in r.code_hash for r in stored.recovery_codes)

    for expected in (303, 401):  # a recovery code instead of the app: once
        other = new_client(app)
        other.post("/login", data={"email": "amira@example.org", "password": PASSWORD, "csrf_token": token(other)})
        answer = other.post("/login/code", data={"code": codes[0], "csrf_token": token(other, "/login/code")},
                            follow_redirects=False)
        assert answer.status_code == expected


def test_a_session_ends_after_30_idle_minutes_and_after_12_hours_however_busy(amira, clock):
    clock[0] += timedelta(minutes=29)
    assert amira.get("/meetings").status_code == 200
    clock[0] += timedelta(minutes=31)
    assert amira.get("/meetings", follow_redirects=False).status_code == 303
    log_in(amira, "amira@example.org")
    logged_in_at = clock[0]
    for _ in range(30):  # busy all day, every half hour less a minute
        clock[0] += timedelta(minutes=29)
        if amira.get("/meetings", follow_redirects=False).status_code != 200:
            break
    assert timedelta(hours=12) <= clock[0] - logged_in_at < timedelta(hours=12, minutes=29)


def test_a_new_password_ends_every_other_session_and_weak_ones_are_refused(app, amira):
    elsewhere = new_client(app)
    log_in(elsewhere, "amira@example.org")
    assert elsewhere.get("/meetings").status_code == 200
    form = {"current": PASSWORD, "csrf_token": token(amira, "/account")}
    weak = amira.post("/account/password", data={**form, "new": "password1234", "again": "password1234"})
    assert weak.status_code == 400 and "too easy to guess" in weak.text
    wrong = amira.post("/account/password", data={**form, "current": "nope", "new": "plum ferry lantern otter",
                                                  "again": "plum ferry lantern otter"})
    assert wrong.status_code == 400 and "current password is not right" in wrong.text
    changed = amira.post("/account/password", data={**form, "new": "plum ferry lantern otter",
                                                    "again": "plum ferry lantern otter"})
    assert changed.status_code == 200 and "Your password is changed" in changed.text
    assert amira.get("/meetings").status_code == 200  # this browser carries on
    assert elsewhere.get("/meetings", follow_redirects=False).status_code == 303  # the other is logged out
    assert log_in(new_client(app), "amira@example.org").status_code == 401
    assert log_in(new_client(app), "amira@example.org", "plum ferry lantern otter").status_code == 303


def test_the_cookie_is_secure_and_host_only_except_on_plain_localhost(app):
    add_coordinator("amira@example.org")
    secure = log_in(new_client(app), "amira@example.org").headers["set-cookie"]
    assert secure.startswith("__Host-meeting_prep_session=") and "secure" in secure.lower() and "path=/" in secure
    local = TestClient(app, base_url="http://127.0.0.1:8000")
    plain = log_in(local, "amira@example.org").headers["set-cookie"]
    assert plain.startswith("meeting_prep_session=") and "secure" not in plain.lower()
    assert local.get("/meetings").status_code == 200


def test_login_decisions_are_logged_without_passwords_or_codes(app, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="bot.web.auth_events")
    add_coordinator("amira@example.org")
    log_in(new_client(app), "amira@example.org", "a wrong password")
    client = new_client(app)
    log_in(client, "amira@example.org")
    client.post("/logout", data={"csrf_token": token(client, "/meetings")})
    said = "\n".join(r.getMessage() for r in caplog.records if r.name == "bot.web.auth_events")
    for event in ("login failed", "password right", "login: coordinator", "logout: coordinator"):
        assert event in said
    assert PASSWORD not in said and "a wrong password" not in said and "amira@" not in said


def test_logging_out_ends_the_session_on_the_server(amira):
    cookie = dict(amira.cookies)
    response = amira.post("/logout", data={"csrf_token": token(amira, "/meetings")}, follow_redirects=False)
    assert response.headers["location"] == "/login"
    assert amira.get("/meetings", follow_redirects=False).status_code == 303
    replayed = new_client(amira.app)
    replayed.cookies.update(cookie)  # the old cookie, kept by someone: no use now
    assert replayed.get("/meetings", follow_redirects=False).status_code == 303


# ---------------------------------------------------------------- CSRF


def test_every_form_is_refused_without_its_csrf_token(app, amira):
    meeting_id = create_meeting(amira)
    add_participant(amira, meeting_id, "Sam")
    participant_id, _ = participant_in(meeting_id, "Sam")
    with unit_of_work() as session:
        flag = SafeguardingFlag(participant_id=participant_id, meeting_id=meeting_id, conversation_id="tg-1",
                                category="neglect")
        session.add(flag)
        session.flush()
        flag_id = flag.id
    post_routes = [r for r in app.routes if "POST" in getattr(r, "methods", ())]
    assert len(post_routes) >= 7
    for route in post_routes:
        path = route.path_format.format(meeting_id=meeting_id, participant_id=participant_id, flag_id=flag_id)
        for data in ({}, {"csrf_token": "forged"}):
            response = amira.post(path, data={**data, "title": "Changed", "name": "X", "role": "parent"})
            assert response.status_code == 403, path
            assert "This form has expired" in response.text
    with unit_of_work() as session:
        assert repository.find_meeting(session, str(meeting_id)).title == "Smith family"


def test_a_token_from_another_session_is_refused(app, amira):
    other = new_client(app)
    response = other.post("/login", data={"email": "amira@example.org", "password": PASSWORD,
                                           "csrf_token": token(amira, "/meetings")})
    assert response.status_code == 403


# ---------------------------------------------------------------- who sees what


def test_a_coordinator_cannot_open_another_coordinators_meeting(app, amira):
    meeting_id = create_meeting(amira, "Amira's family")
    add_participant(amira, meeting_id, "Sam")
    participant_id, _ = participant_in(meeting_id, "Sam")
    add_coordinator("bob@example.org", "Bob")
    bob = new_client(app)
    log_in(bob, "bob@example.org")
    bobs_meeting = create_meeting(bob, "Bob's family")
    assert "Amira&#39;s family" not in bob.get("/meetings").text
    for path in ("", "/readiness", f"/people/{participant_id}", "/print", "/export.csv", "/audit", "/edit",
                 "/participants"):
        response = bob.get(f"/meetings/{meeting_id}{path}")
        assert response.status_code == 404, path
        assert "Sam" not in response.text
    response = bob.post(f"/meetings/{meeting_id}/edit", data={"csrf_token": token(bob, "/meetings"), "title": "Mine"})
    assert response.status_code == 404
    assert bob.get(f"/meetings/{bobs_meeting}/people/{participant_id}").status_code == 404
    with unit_of_work() as session:
        assert audit.for_meeting(session, meeting_id)[0].coordinator.name == "Amira Khan"  # no entry for Bob


# ---------------------------------------------------------------- setting up


def test_creating_a_meeting_and_participant_shows_a_deep_link_and_qr_code(amira, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "@smith_prep_bot")
    meeting_id = create_meeting(amira, date="2026-12-03", time="10:00",
                                professional_name_0="Jo Patel", professional_role_0="social_worker")
    page = add_participant(amira, meeting_id, "Sam")
    _, code = participant_in(meeting_id, "Sam")
    assert f"https://t.me/smith_prep_bot?start={code}" in page
    assert 'src="data:image/svg+xml;base64,' in page and 'alt="QR code of Sam\'s Telegram invite link"' in page
    assert "works until" in page
    with unit_of_work() as session:
        meeting = repository.find_meeting(session, str(meeting_id))
        assert meeting.scheduled_at.isoformat() == "2026-12-03T10:00:00"
        assert [(p.name, p.role) for p in meeting.professionals] == [("Jo Patel", "social_worker")]
        assert meeting.coordinator_name == "Amira Khan"


def test_editing_a_meeting_changes_its_date_and_professionals(amira):
    meeting_id = create_meeting(amira, professional_name_0="Jo Patel", professional_role_0="social_worker")
    response = amira.post(f"/meetings/{meeting_id}/edit", data={
        "csrf_token": token(amira, "/meetings"), "title": "Smith family meeting", "kind": "family network meeting",
        "date": "", "time": "", "professional_name_0": "", "professional_role_0": "social_worker",
        "professional_name_1": "Mr Evans", "professional_role_1": "teacher"})
    assert response.status_code == 200 and "To be agreed" in response.text
    with unit_of_work() as session:
        meeting = repository.find_meeting(session, str(meeting_id))
        assert (meeting.title, meeting.kind, meeting.scheduled_at) == ("Smith family meeting", "family network meeting", None)
        assert [(p.name, p.role) for p in meeting.professionals] == [("Mr Evans", "teacher")]


def test_a_review_date_is_set_on_the_meeting_form_and_must_come_after_the_meeting(amira):
    meeting_id = create_meeting(amira)
    form = {"csrf_token": token(amira, "/meetings"), "title": "Smith family", "kind": "family group conference",
            "date": "2026-12-03", "time": "10:00"}
    refused = amira.post(f"/meetings/{meeting_id}/edit", data={**form, "review": "2026-11-20"})
    assert refused.status_code == 400 and "The review comes after the meeting" in refused.text
    assert amira.post(f"/meetings/{meeting_id}/edit", data={**form, "review": "2027-03-03"}).status_code == 200
    with unit_of_work() as session:
        assert repository.find_meeting(session, str(meeting_id)).review_on.isoformat() == "2027-03-03"
    assert 'value="2027-03-03"' in amira.get(f"/meetings/{meeting_id}/edit").text
    assert "Review: Wednesday 3 March 2027" in amira.get(f"/meetings/{meeting_id}").text


def test_bad_form_input_gets_a_clear_kind_answer(amira):
    response = amira.post("/meetings/new", data={"csrf_token": token(amira, "/meetings"), "title": " ",
                                                 "date": "31/02/2026", "time": "10:00",
                                                 "professional_name_0": "Jo", "professional_role_0": "wizard"})
    assert response.status_code == 400
    for words in ("Please give the meeting a title", "Please give the date as day/month/year",
                  "Please choose a role for Jo"):
        assert words in response.text
    meeting_id = create_meeting(amira)
    page = f"/meetings/{meeting_id}/participants"
    response = amira.post(page, data={"csrf_token": token(amira, page), "name": "", "role": "king"})
    assert response.status_code == 400 and "Please give the person&#39;s name" in response.text


def test_revoking_a_code_stops_it_and_a_new_code_works(amira):
    meeting_id = create_meeting(amira)
    add_participant(amira, meeting_id, "Sam")
    participant_id, code = participant_in(meeting_id, "Sam")
    tell(meeting_id, "Sam", [])
    base = f"/meetings/{meeting_id}/participants/{participant_id}"
    assert "revoked" in amira.post(f"{base}/revoke", data={"csrf_token": token(amira, "/meetings")}).text
    with unit_of_work() as session:
        assert repository.join_meeting(session, "tg-1", code).problem == "expired"
    page = amira.post(f"{base}/new-code", data={"csrf_token": token(amira, "/meetings")}).text
    _, new_code = participant_in(meeting_id, "Sam")
    assert new_code != code and f"start={new_code}" in page
    with unit_of_work() as session:
        assert repository.join_meeting(session, "tg-2", code).problem == "unknown"
        assert repository.join_meeting(session, "tg-2", new_code).participant.id == participant_id


# ---------------------------------------------------------------- what families said


def test_the_consolidated_page_shows_flags_first_and_private_requests_marked(amira):
    meeting_id = create_meeting(amira)
    add_participant(amira, meeting_id, "Sam")
    add_participant(amira, meeting_id, "Pat", "wider_family")
    sam = tell(meeting_id, "Sam", [("venue", "venue_choice", "library", "coordinator"),
                                  ("timing", "good_times", "weekday_evening", "coordinator"),
                                  ("invite", "not_invite", "Uncle Bob", "private"),
                                  ("timing", "interpreter", "Polish", "coordinator")])
    tell(meeting_id, "Pat", [("venue", "venue_choice", "library", "coordinator"),
                             ("timing", "good_times", "tuesday evenings", "coordinator")], chat="tg-2")
    with unit_of_work() as session:
        session.add(SafeguardingFlag(participant_id=sam, meeting_id=meeting_id, conversation_id="tg-1",
                                     category="domestic_abuse"))
    page = amira.get(f"/meetings/{meeting_id}").text
    assert page.index("Urgent: 1 safeguarding flag") < page.index("Where") < page.index("When")
    assert "Domestic abuse" in page
    private = page[page.index("Private requests: coordinator only"):]
    assert "Sam</strong> would rather not invite: “Uncle Bob”" in private
    assert "Private: coordinator only" in private
    assert "Uncle Bob" not in page[:page.index("Private requests: coordinator only")]
    assert "Everyone whose times we know can make <strong>Tuesday evening</strong>" in page
    assert "Interpreter or language" in page and "Polish" in page


def test_marking_a_flag_handled_moves_it_below_the_urgent_ones(amira):
    meeting_id = create_meeting(amira)
    add_participant(amira, meeting_id, "Sam")
    sam = tell(meeting_id, "Sam", [])
    with unit_of_work() as session:
        flag = SafeguardingFlag(participant_id=sam, meeting_id=meeting_id, conversation_id="tg-1", category="neglect")
        session.add(flag)
        session.flush()
        flag_id = flag.id
    page = amira.post(f"/meetings/{meeting_id}/flags/{flag_id}/handled",
                      data={"csrf_token": token(amira, "/meetings")}).text
    assert "Urgent:" not in page and "handled by Amira Khan" in page


def test_a_flag_shows_who_was_alerted_and_what_was_done_about_it(amira):
    meeting_id = create_meeting(amira)
    add_participant(amira, meeting_id, "Sam")
    sam = tell(meeting_id, "Sam", [])
    with unit_of_work() as session:
        participant = session.get(Participant, sam)
        flag_id = repository.raise_safeguarding_flag(session, "tg-1", "neglect", participant, now=utcnow()).id
    with unit_of_work() as session:  # told again in the same chat: added to the same flag
        repository.raise_safeguarding_flag(session, "tg-1", "neglect", session.get(Participant, sam), now=utcnow())
    page = amira.get(f"/meetings/{meeting_id}").text
    assert f'id="flag-{flag_id}"' in page  # the link in an alert lands here
    assert "1 more message about harm since, last" in page
    assert "Emailed Amira Khan: sending now" in page and "Emailed the duty contact: sending now" in page
    assert "Not yet marked handled" in page

    page = amira.post(f"/meetings/{meeting_id}/flags/{flag_id}/handled",
                      data={"csrf_token": token(amira, "/meetings"), "note": "visited today, <b>child safe</b>"}).text
    assert "handled by Amira Khan" in page and "“visited today, &lt;b&gt;child safe&lt;/b&gt;”" in page
    assert "Not yet marked handled" not in page
    assert f"safeguarding flag {flag_id} marked handled" in amira.get(f"/meetings/{meeting_id}/audit").text


def test_a_coordinator_gets_a_one_time_telegram_link_for_their_alerts(amira):
    page = amira.get("/account").text
    assert "Get alerts on Telegram" in page and "Off." in page
    page = amira.post("/account/telegram", data={"csrf_token": token(amira, "/account")}).text
    [link] = re.findall(r'href="(https://t\.me/[^"?]+\?start=alerts-[^"]+)"', page)
    assert "It works once, for 15 minutes" in page and 'alt="QR code of your one-time Telegram link' in page
    with unit_of_work() as session:
        amira_id = accounts.coordinator_by_email(session, "amira@example.org").id
    assert alert_links.link_chat(link.split("start=")[1], 5550001) == "Amira Khan"
    assert "✓ On" in amira.get("/account").text
    amira.post("/account/telegram/unlink", data={"csrf_token": token(amira, "/account")})
    assert not alert_links.is_linked(amira_id)


def test_html_in_names_and_answers_is_shown_as_text_never_run(amira):
    meeting_id = create_meeting(amira, "<b>Smith</b> family")
    add_participant(amira, meeting_id, "<script>alert('name')</script>")
    tell(meeting_id, "<script>alert('name')</script>", [
        ("agenda", "agenda_items", "<img src=x onerror=alert(1)>", "coordinator"),
        ("invite", "not_invite", "<iframe src=//evil>", "private")])
    for path in ("", "/readiness", "/people/1", "/print", "/participants", "/audit", "/edit"):
        page = amira.get(f"/meetings/{meeting_id}{path}").text
        for raw in ("<script>alert", "<img src=x", "<iframe", "<b>Smith"):
            assert raw not in page, (path, raw)
    page = amira.get(f"/meetings/{meeting_id}").text
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_person_page_shows_everything_they_said_and_their_checklist(amira):
    meeting_id = create_meeting(amira)
    add_participant(amira, meeting_id, "Sam")
    sam = tell(meeting_id, "Sam", [("purpose", "purpose_check", "understood", "coordinator"),
                                  ("venue", "venue_choice", "library", "coordinator")])
    page = amira.get(f"/meetings/{meeting_id}/people/{sam}").text
    assert "Knows what the meeting is for" in page and "Said &#34;Knows what the meeting is for&#34;" in page
    assert "Library" in page and "Coordinator only" in page
    readiness = amira.get(f"/meetings/{meeting_id}/readiness").text
    assert "✓ Ready" in readiness and "✗ Not yet" in readiness


def test_the_csv_export_has_everyones_answers_and_no_spreadsheet_formulas(amira):
    meeting_id = create_meeting(amira, "Smith family")
    add_participant(amira, meeting_id, "Sam")
    tell(meeting_id, "Sam", [("venue", "venue_choice", "library", "coordinator"),
                             ("agenda", "agenda_items", '=HYPERLINK("http://evil","click")', "coordinator"),
                             ("invite", "not_invite", "Uncle Bob", "private")])
    response = amira.get(f"/meetings/{meeting_id}/export.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == f'attachment; filename="Smith-family-{meeting_id}.csv"'
    lines = response.text.splitlines()
    assert lines[0] == "participant,role,topic,key,value,in_words,visibility,when"
    assert any(line.startswith("Sam,parent,venue,venue_choice,library,Library,coordinator,") for line in lines)
    assert "Uncle Bob" in response.text and ",private," in response.text
    assert "'=HYPERLINK" in response.text and ',"=HYPERLINK' not in response.text


def test_views_and_exports_are_recorded_in_the_audit_log(amira):
    meeting_id = create_meeting(amira)
    add_participant(amira, meeting_id, "Sam")
    sam, _ = participant_in(meeting_id, "Sam")
    for path in ("", f"/people/{sam}", "/export.csv", "/print", "/readiness"):
        amira.get(f"/meetings/{meeting_id}{path}")
    with unit_of_work() as session:
        entries = [(e.action, e.what, e.participant_id) for e in reversed(audit.for_meeting(session, meeting_id))]
    assert entries[0] == ("changed", "meeting created", None)
    assert ("changed", "participant added", sam) in entries
    assert entries[-5:] == [("viewed", "consolidated view", None), ("viewed", "one participant's answers", sam),
                            ("exported", "CSV export", None), ("exported", "printable summary", None),
                            ("viewed", "readiness", None)]
    page = amira.get(f"/meetings/{meeting_id}/audit").text
    assert "CSV export" in page and "Amira Khan" in page and "one participant&#39;s answers" in page
    table = page[page.index("<tbody>"):]
    assert table.index("<td>readiness</td>") < table.index("<td>meeting created</td>")  # newest first


def test_pages_are_not_cached_and_not_framed(amira):
    response = amira.get("/meetings")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_an_unknown_page_gets_a_kind_404(amira):
    response = amira.get("/meetings/9999")
    assert response.status_code == 404 and "Go to your meetings" in response.text


def test_the_print_page_has_each_persons_summary(amira):
    meeting_id = create_meeting(amira)
    add_participant(amira, meeting_id, "Sam")
    tell(meeting_id, "Sam", [("venue", "venue_choice", "library", "coordinator")])
    page = amira.get(f"/meetings/{meeting_id}/print").text
    assert "What each person said" in page and '<th scope="row">Place</th><td>Library</td>' in page
