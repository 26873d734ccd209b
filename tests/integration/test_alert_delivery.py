"""Safeguarding alerts reach people: the outbox written with the flag, sent by the worker to a real
SMTP server (aiosmtpd on 127.0.0.1) and to the fake Telegram Bot API, tried again when the mail server
is down, and escalated to the duty contact on a fake clock until someone marks the flag handled.
These check that delivery happens, never how fast (that is `make bench`)."""
from __future__ import annotations

import asyncio
import socket
from datetime import datetime, timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from bot.alerts.settings import AlertSettings
from bot.alerts.worker import run_once
from bot.domain import alerts
from bot.store import accounts, audit, outbox, repository
from bot.store.db import DatabaseUnavailable, unit_of_work
from bot.store.models import Notification, Participant, SafeguardingFlag
from bot.store.records import flag as flag_record
from bot.use_cases import alert_links
from bot.use_cases.flags import mark_handled
from fakes.fake_bot_api import FakeBotApi

NIGHT = datetime(2026, 12, 1, 23, 0)
WHAT_THEY_WROTE = "my uncle hits me when mum is at work"  # never in an alert


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An SMTP server's mailbox: every message it accepted."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for rcpt, m in self.messages if address in rcpt]


class MailServer:
    """aiosmtpd on 127.0.0.1, which a test can stop and start again (a new server on the same port)."""

    def __init__(self) -> None:
        self.inbox, self.port, self.controller = Inbox(), free_port(), None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    server = MailServer()
    server.start()
    yield server.inbox, server.port, server
    server.stop()


def settings(port: int, **more) -> AlertSettings:
    return AlertSettings(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False, duty_email="duty@council.example",
                         duty_name="the duty team", page_url="https://prep.example.org", **more)


def a_flag(session, coordinator_email: str | None = "amira@council.example", joined: bool = True,
           telegram_chat_id: int | None = None) -> int:
    participant = None
    if joined:
        meeting = repository.create_meeting(session, "Smith family", "Amira")
        if coordinator_email:
            amira = accounts.create_coordinator(session, coordinator_email, "Amira", "a long enough password 1")
            amira.telegram_chat_id = telegram_chat_id
            meeting.coordinator_id = amira.id
        participant = repository.add_participant(session, meeting, "Jade Smith", "young_person")
    flag = repository.raise_safeguarding_flag(session, "tg-77", "physical_abuse", participant, now=NIGHT)
    return flag.id


def trail(flag_id: int) -> list[str]:
    with unit_of_work() as session:
        return [alerts.trail_line(d, lambda m: f"{m:%H:%M}") for d in flag_record(session.get(SafeguardingFlag, flag_id)).deliveries]


async def test_a_flag_at_night_emails_the_coordinator_and_the_duty_contact_without_the_message(database, smtp):
    inbox, port, _ = smtp
    with unit_of_work() as session:
        flag_id = a_flag(session)
        queued = session.query(Notification).filter_by(flag_id=flag_id).count()
    assert queued == 2  # written with the flag, in the same transaction

    assert await run_once(settings(port), now=NIGHT) == 2
    [to_amira], [to_duty] = inbox.to("amira@council.example"), inbox.to("duty@council.example")
    body = to_amira.get_payload()
    assert to_amira["Subject"] == f"Safeguarding flag #{flag_id}: physical abuse"
    assert "Jade (young person)" in body and "Smith family" in body
    assert f"https://prep.example.org/meetings/" in body
    for text in (body, to_duty.get_payload()):
        assert WHAT_THEY_WROTE not in text and "Smith (" not in text and "tg-77" not in text
    assert trail(flag_id) == ["Emailed Amira 23:00: delivered", "Emailed the duty team 23:00: delivered"]


async def test_a_mail_server_that_is_down_is_tried_again_and_the_page_says_so(database, smtp):
    inbox, port, controller = smtp
    controller.stop()
    with unit_of_work() as session:
        flag_id = a_flag(session)
    assert await run_once(settings(port), now=NIGHT) == 0
    assert all(line.startswith(("Emailed Amira: NOT delivered yet", "Emailed the duty team: NOT delivered yet"))
               for line in trail(flag_id))

    assert await run_once(settings(port), now=NIGHT + timedelta(seconds=10)) == 0  # not due again yet
    controller.start()
    assert await run_once(settings(port), now=NIGHT + timedelta(seconds=31)) == 2
    assert len(inbox.to("amira@council.example")) == 1 and len(inbox.to("duty@council.example")) == 1
    assert trail(flag_id) == ["Emailed Amira 23:00: delivered", "Emailed the duty team 23:00: delivered"]
    with unit_of_work() as session:
        attempts = [a.delivered for n in session.get(SafeguardingFlag, flag_id).notifications for a in n.attempts]
    assert attempts == [False, True, False, True]


async def test_nobody_handles_it_so_it_escalates_to_the_duty_contact_until_someone_does(database, smtp):
    inbox, port, _ = smtp
    with unit_of_work() as session:
        flag_id = a_flag(session)
        amira_id = accounts.coordinator_by_email(session, "amira@council.example").id
    every = settings(port, escalate_after=timedelta(minutes=60))
    await run_once(every, now=NIGHT)
    await run_once(every, now=NIGHT + timedelta(minutes=59))
    assert len(inbox.to("duty@council.example")) == 1
    await run_once(every, now=NIGHT + timedelta(minutes=60))
    escalated = inbox.to("duty@council.example")[-1]
    assert len(inbox.to("duty@council.example")) == 2 and escalated["Subject"].startswith("NOT YET HANDLED")
    await run_once(every, now=NIGHT + timedelta(minutes=120))
    assert len(inbox.to("duty@council.example")) == 3  # again, until someone acknowledges

    assert mark_handled(flag_id, amira_id, "rang the out-of-hours team", now=NIGHT + timedelta(minutes=125))
    await run_once(every, now=NIGHT + timedelta(minutes=300))
    assert len(inbox.to("duty@council.example")) == 3
    assert len(inbox.to("amira@council.example")) == 1  # escalations go to the duty contact only
    with unit_of_work() as session:
        flag = session.get(SafeguardingFlag, flag_id)
        assert (flag.handled_by, flag.handled_note) == ("Amira", "rang the out-of-hours team")
        assert [e.what for e in audit.for_meeting(session, flag.meeting_id)] == [f"safeguarding flag {flag_id} marked handled"]
    assert not mark_handled(flag_id, amira_id, "again")  # the first record stands


async def test_a_flag_from_someone_not_joined_goes_to_the_duty_contact(database, smtp):
    inbox, port, _ = smtp
    with unit_of_work() as session:
        a_flag(session, joined=False)
    await run_once(settings(port), now=NIGHT)
    [(recipients, message)] = inbox.messages
    assert recipients == ["duty@council.example"] and "has not joined a meeting" in message.get_payload()


async def test_a_coordinator_who_linked_telegram_gets_the_alert_there_too(database, smtp):
    inbox, port, _ = smtp
    with unit_of_work() as session:
        flag_id = a_flag(session, telegram_chat_id=5550001)
    with FakeBotApi() as api:
        await run_once(settings(port, telegram_token=api.token, telegram_api=api.base_url), now=NIGHT)
        [sent] = api.sent_messages(5550001)
    assert sent["text"].startswith(f"Safeguarding flag #{flag_id}: physical abuse") and WHAT_THEY_WROTE not in sent["text"]
    assert "Sent on Telegram to Amira 23:00: delivered" in trail(flag_id)


async def test_without_a_mail_server_or_duty_contact_the_page_says_why_nothing_went(database):
    with unit_of_work() as session:
        flag_id = a_flag(session)
    await run_once(AlertSettings(), now=NIGHT)
    assert trail(flag_id) == [
        "Emailed Amira: NOT delivered yet, still trying (1 try, last 23:00; email is not set up (SMTP_HOST))",
        "Emailed the duty contact: NOT delivered yet, still trying (1 try, last 23:00; no duty contact is set up (DUTY_EMAIL))"]


def test_an_alerts_link_more_than_15_minutes_old_links_nothing(database):
    with unit_of_work() as session:
        amira_id = accounts.create_coordinator(session, "amira@council.example", "Amira", "a long enough password 1").id
    code = alert_links.new_link_code(amira_id, now=NIGHT)
    assert alert_links.link_chat(code, 5550001, now=NIGHT + timedelta(minutes=16)) is None
    assert alert_links.link_chat(code, 5550001, now=NIGHT) is None  # and it is gone
    assert not alert_links.is_linked(amira_id)


def certificate(tmp_path) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1: (certificate file, key file)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(NIGHT - timedelta(days=365 * 10))
            .not_valid_after(datetime(2036, 1, 1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "smtp.crt", tmp_path / "smtp.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


def password_check(server, session, envelope, mechanism, auth_data):
    from aiosmtpd.smtp import AuthResult

    return AuthResult(success=(auth_data.login, auth_data.password) == (b"alerts", b"s3cret pass"))


async def test_alerts_go_over_starttls_and_log_in_to_a_server_that_requires_both(database, tmp_path):
    import ssl

    cert_file, key_file = certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=password_check, auth_required=True)
    controller.start()
    try:
        with unit_of_work() as session:
            a_flag(session)
        plain = AlertSettings(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False,
                              duty_email="duty@council.example", page_url="https://prep.example.org")
        assert await run_once(plain, now=NIGHT) == 0  # refused without TLS
        tls = AlertSettings(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=True, smtp_ca_file=cert_file,
                            duty_email="duty@council.example", page_url="https://prep.example.org")
        assert await run_once(tls, now=NIGHT + timedelta(minutes=1)) == 0  # refused without logging in
        login = AlertSettings(smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=True, smtp_ca_file=cert_file,
                              smtp_user="alerts", smtp_password="s3cret pass", duty_email="duty@council.example",
                              page_url="https://prep.example.org")
        assert await run_once(login, now=NIGHT + timedelta(minutes=5)) == 2
        assert len(inbox.messages) == 2
    finally:
        controller.stop()


async def test_more_disclosures_in_the_same_chat_add_to_its_flag_but_danger_now_is_told_at_once(database, smtp):
    inbox, port, _ = smtp
    with unit_of_work() as session:
        flag_id = a_flag(session)
        participant = session.get(SafeguardingFlag, flag_id).participant_id
    await run_once(settings(port), now=NIGHT)
    with unit_of_work() as session:
        jade = session.get(Participant, participant)
        again = repository.raise_safeguarding_flag(session, "tg-77", "neglect", jade, now=NIGHT + timedelta(minutes=5))
        assert again.id == flag_id and again.said_again == 1
    await run_once(settings(port), now=NIGHT + timedelta(minutes=6))
    assert len(inbox.messages) == 2  # nothing new: the same flag
    with unit_of_work() as session:
        jade = session.get(Participant, participant)
        danger = repository.raise_safeguarding_flag(session, "tg-77", "immediate_danger", jade,
                                                    now=NIGHT + timedelta(minutes=7))
        assert danger.id != flag_id
    await run_once(settings(port), now=NIGHT + timedelta(minutes=7))
    assert [m["Subject"] for _, m in inbox.messages[2:]] == [f"Safeguarding flag #{danger.id}: immediate danger"] * 2


async def test_two_alerts_workers_on_one_database_send_each_alert_once(database, smtp):
    """As when the worker runs on two machines: while one is still sending, the other finds nothing to send."""
    inbox, port, _ = smtp
    with unit_of_work() as session:
        flag_id = a_flag(session)
    every = settings(port, escalate_after=timedelta(minutes=60))
    assert sorted(await asyncio.gather(run_once(every, now=NIGHT), run_once(every, now=NIGHT))) == [0, 2]
    later = NIGHT + timedelta(minutes=61)
    await asyncio.gather(run_once(every, now=later), run_once(every, now=later))
    assert len(inbox.to("amira@council.example")) == 1
    assert len(inbox.to("duty@council.example")) == 2  # the alert and one escalation, not two
    assert trail(flag_id)[:2] == ["Emailed Amira 23:00: delivered", "Emailed the duty team 23:00: delivered"]


def test_a_worker_that_read_the_outbox_before_another_took_it_sends_nothing(database):
    """The claims in the order a race would take: PostgreSQL's compare-and-set finds the rows moved;
    SQLite refuses the stale writer outright (that round fails and the next one reads afresh)."""
    with unit_of_work() as session:
        flag_id = a_flag(session)
    late = NIGHT + timedelta(hours=1)
    took_notifications = took_flag = "refused"
    try:
        with unit_of_work() as first:
            seen = outbox.due(first, NIGHT)
            with unit_of_work() as second:
                assert len(outbox.claim(second, outbox.due(second, NIGHT), NIGHT)) == 2
            took_notifications = outbox.claim(first, seen, NIGHT)
    except DatabaseUnavailable:
        pass
    try:
        with unit_of_work() as first:
            flag = first.get(SafeguardingFlag, flag_id)
            with unit_of_work() as second:
                assert outbox.claim_escalation(second, second.get(SafeguardingFlag, flag_id), late)
            took_flag = outbox.claim_escalation(first, flag, late)
    except DatabaseUnavailable:
        pass
    if database.startswith("sqlite"):
        assert (took_notifications, took_flag) == ("refused", "refused")
    else:
        assert (took_notifications, took_flag) == ([], False)
