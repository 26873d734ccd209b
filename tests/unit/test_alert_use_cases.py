"""The alerts worker's rounds (bot/use_cases/alerts.py) on a fake unit of work. tests/integration/
test_alert_delivery.py runs them on the database with a real mail server and a fake Bot API."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain import alerts
from bot.domain.records import Flag
from bot.use_cases.alerts import escalate_overdue, record_try, take_due_alerts
from fakes.fake_unit_of_work import FakeUnitOfWork

NIGHT = datetime(2026, 12, 3, 23, 2)
HOUR = timedelta(minutes=60)


def fake() -> FakeUnitOfWork:
    return FakeUnitOfWork(NIGHT, flags=[Flag(7, "physical_abuse", NIGHT, participant_id=11, meeting_id=3)])


def test_a_flag_nobody_handles_escalates_once_an_hour_until_someone_does():
    work = fake()
    assert escalate_overdue(HOUR, NIGHT + timedelta(minutes=59), uow=work) == 0
    assert escalate_overdue(HOUR, NIGHT + HOUR, uow=work) == 1
    assert escalate_overdue(HOUR, NIGHT + HOUR + timedelta(minutes=1), uow=work) == 0
    assert [a.recipient for a in take_due_alerts(NIGHT + HOUR, uow=work)] == [alerts.DUTY]
    work.flags.mark_handled(7, NIGHT + HOUR, "Amira Khan", None)
    assert escalate_overdue(HOUR, NIGHT + 3 * HOUR, uow=work) == 0


def test_an_alert_taken_is_not_taken_again_and_a_failed_try_comes_back_later():
    work = fake()
    escalate_overdue(HOUR, NIGHT + HOUR, uow=work)
    [alert] = take_due_alerts(NIGHT + HOUR, uow=work)
    assert take_due_alerts(NIGHT + HOUR, uow=work) == []  # held by the worker that took it
    record_try(alert.id, "the duty contact", "connection refused", NIGHT + HOUR, uow=work)
    assert take_due_alerts(NIGHT + HOUR + timedelta(seconds=10), uow=work) == []
    assert take_due_alerts(NIGHT + HOUR + timedelta(seconds=30), uow=work) == [alert]
    record_try(alert.id, "the duty contact", None, NIGHT + HOUR + timedelta(seconds=30), uow=work)
    assert take_due_alerts(NIGHT + 2 * HOUR, uow=work) == []


def test_an_alert_goes_where_its_recipient_is_and_says_why_when_it_cannot():
    facts = alerts.FlagFacts(7, "physical_abuse", NIGHT, 3, "Smith family", "Sam", "young_person")
    to_amira = alerts.DueAlert(1, 7, alerts.EMAIL, alerts.COORDINATOR, alerts.RAISED, facts, "Amira Khan",
                               "amira@example.org")
    sent = alerts.outgoing(to_amira, "https://page.example", None, "the duty team")
    assert (sent.address, sent.sent_to, sent.missing) == ("amira@example.org", "Amira Khan", None)
    assert "Sam" in sent.body and "https://page.example" in sent.body
    to_duty = alerts.DueAlert(2, 7, alerts.EMAIL, alerts.DUTY, alerts.ESCALATED, facts)
    assert alerts.outgoing(to_duty, "https://page.example", None, "the duty team").missing == \
        "no duty contact is set up (DUTY_EMAIL)"
    by_telegram = alerts.DueAlert(3, 7, alerts.TELEGRAM, alerts.COORDINATOR, alerts.RAISED, facts, "Amira Khan")
    assert alerts.outgoing(by_telegram, "https://page.example", None, "the duty team").missing == \
        "the coordinator has no address for this"
