"""Who hears about a safeguarding flag, in what words, when to try again and when to escalate
(bot/domain/alerts.py)."""
from datetime import datetime, timedelta

from bot.domain import alerts
from bot.domain.records import Delivery

NOW = datetime(2026, 12, 1, 23, 2)
FACTS = alerts.FlagFacts(id=7, category="physical_abuse", created_at=NOW, meeting_id=3,
                         meeting_title="Smith family", first_name="Jade", role="young_person")


def test_a_flag_in_a_meeting_goes_to_the_coordinator_on_each_linked_channel_and_to_the_duty_contact():
    assert alerts.recipients(True, True, True, alerts.RAISED) == [
        alerts.Recipient(alerts.EMAIL, alerts.COORDINATOR), alerts.Recipient(alerts.TELEGRAM, alerts.COORDINATOR),
        alerts.Recipient(alerts.EMAIL, alerts.DUTY)]
    assert alerts.recipients(True, True, False, alerts.RAISED)[-1] == alerts.Recipient(alerts.EMAIL, alerts.DUTY)


def test_a_flag_from_someone_not_joined_and_an_escalation_go_to_the_duty_contact():
    assert alerts.recipients(False, False, False, alerts.RAISED) == [alerts.Recipient(alerts.EMAIL, alerts.DUTY)]
    assert alerts.recipients(True, True, True, alerts.ESCALATED) == [alerts.Recipient(alerts.EMAIL, alerts.DUTY)]


def test_the_words_say_who_what_kind_when_and_where_to_look_and_nothing_more():
    subject, body = alerts.alert_words(FACTS, alerts.RAISED, "https://prep.example.org/")
    assert subject == "Safeguarding flag #7: physical abuse"
    assert "Jade (young person)" in body and "Smith family" in body and "Tue 1 Dec 2026, 23:02" in body
    assert "https://prep.example.org/meetings/3#flag-7" in body


def test_an_escalation_says_nobody_has_handled_it():
    subject, body = alerts.alert_words(FACTS, alerts.ESCALATED, "https://prep.example.org")
    assert subject.startswith("NOT YET HANDLED")
    assert body.startswith("Nobody has marked this flag handled yet")


def test_someone_not_joined_is_not_named():
    facts = alerts.FlagFacts(id=8, category="neglect", created_at=NOW)
    _, body = alerts.alert_words(facts, alerts.RAISED, "https://prep.example.org")
    assert body.startswith("Someone who has not joined a meeting") and "/flags" in body


def test_tries_again_sooner_at_first_then_every_quarter_hour():
    waits = [alerts.next_try(n, NOW) - NOW for n in range(1, 8)]
    assert waits[0] == timedelta(seconds=30)
    assert waits == sorted(waits) and waits[-1] == waits[-2] == timedelta(minutes=15)


def test_escalates_after_the_wait_and_again_after_each_wait_until_handled():
    after = timedelta(minutes=60)
    assert not alerts.escalation_due(NOW, None, False, NOW + timedelta(minutes=59), after)
    assert alerts.escalation_due(NOW, None, False, NOW + timedelta(minutes=60), after)
    escalated = NOW + timedelta(minutes=60)
    assert not alerts.escalation_due(NOW, escalated, False, escalated + timedelta(minutes=30), after)
    assert alerts.escalation_due(NOW, escalated, False, escalated + timedelta(minutes=60), after)
    assert not alerts.escalation_due(NOW, None, True, NOW + timedelta(days=1), after)


def test_the_trail_says_plainly_what_was_delivered_and_what_was_not():
    when = lambda moment: f"{moment:%H:%M}"  # noqa: E731
    assert alerts.trail_line(Delivery("email", "raised", "Amira", "delivered", 1, NOW, None, NOW), when) \
        == "Emailed Amira 23:02: delivered"
    failing = Delivery("email", "escalated", "the duty contact", "pending", 2, NOW, "mail server: SMTPConnectError")
    assert alerts.trail_line(failing, when) == ("Escalated: Emailed the duty contact: NOT delivered yet, still "
                                                "trying (2 tries, last 23:02; mail server: SMTPConnectError)")
    assert alerts.trail_line(Delivery("telegram", "raised", "Amira", "pending"), when) \
        == "Sent on Telegram to Amira: sending now"
