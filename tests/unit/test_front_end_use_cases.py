"""What the chat front ends keep (bot/use_cases/front_end.py), on a fake unit of work: messages kept while
Rasa is away, who a Telegram user is, buttons, a young person's contributions, and reminders sent once.
tests/integration/test_telegram_frontend.py, test_rasa_down.py and test_reminders_jobs.py run them on the
database through the real front end."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.domain.buttons import button_key_for
from bot.domain.conflicts import Conflict
from bot.domain.records import InviteCode, MeetingRecord, ToRemind
from bot.domain.reminders import Planned
from bot.use_cases import chat, front_end
from fakes.fake_unit_of_work import FakeUnitOfWork

NOW = datetime(2026, 12, 3, 9, 0)


def test_kept_messages_come_back_oldest_first_and_go_once_sent():
    work = FakeUnitOfWork(NOW)
    assert not front_end.has_waiting_messages("tg-a", uow=work)
    front_end.keep_message("tg-a", "first", {"channel": "telegram"}, uow=work)
    front_end.keep_message("tg-b", "other", {}, uow=work)
    front_end.keep_message("tg-a", "second", {}, silent_replies=1, uow=work)
    kept = front_end.waiting_messages("tg-a", uow=work)
    assert [(m.text, m.silent_replies) for m in kept] == [("first", 0), ("second", 1)]
    front_end.count_silent_reply(kept[1].id, uow=work)
    front_end.drop_message(kept[0].id, uow=work)
    assert [(m.text, m.silent_replies) for m in front_end.waiting_messages("tg-a", uow=work)] == [("second", 2)]
    assert front_end.senders_waiting("tg-", uow=work) == ["tg-b", "tg-a"]


def test_a_telegram_user_keeps_one_random_sender_id_and_it_leads_back_to_their_chat():
    work = FakeUnitOfWork(NOW)
    sender = front_end.sender_of(555, uow=work)
    assert sender.startswith("tg-") and "555" not in sender and front_end.sender_of(555, uow=work) == sender
    assert front_end.telegram_chat_of(sender, uow=work) == 555 and front_end.telegram_chat_of("tg-x", uow=work) is None


def test_buttons_get_stable_keys_and_a_writer_who_saved_one_first_is_no_harm():
    work = FakeUnitOfWork(NOW)
    work.telegram.conflicts = 1
    keys = front_end.remember_buttons(["/affirm", "/deny", "/affirm"], uow=work)
    assert keys == {"/affirm": button_key_for("/affirm"), "/deny": button_key_for("/deny")}
    assert front_end.pressed_button(keys["/deny"], uow=work) == "/deny"
    work.telegram.conflicts = 2
    with pytest.raises(Conflict):
        front_end.remember_buttons(["/stop"], uow=work)
    assert front_end.pressed_button(button_key_for("/stop"), uow=work) is None


def test_only_a_young_persons_photos_and_voice_notes_are_kept_for_the_coordinator():
    meeting = MeetingRecord(3, "Smith", "family group conference", None, "Amira Khan")
    codes = [InviteCode(11, 3, "Sam", "young_person", "SAMCODE1", None), InviteCode(12, 3, "Linda", "parent",
                                                                                       "LINDA123", None)]
    work = FakeUnitOfWork(NOW, participants=codes, meetings=[meeting])
    chat.join_meeting("tg-sam", "SAMCODE1", None, NOW, uow=work)
    chat.join_meeting("tg-linda", "LINDA123", None, NOW, uow=work)
    assert front_end.keep_contribution("tg-sam", "voice", "file-1", uow=work)
    assert not front_end.keep_contribution("tg-linda", "photo", "file-2", uow=work)
    assert not front_end.keep_contribution("tg-nobody", "photo", "file-3", uow=work)
    assert work.telegram.contributions == [(11, "voice", "file-1", "coordinator")]


def test_a_reminder_is_planned_sent_once_and_let_go_when_sending_failed():
    meeting_at = NOW + timedelta(days=2)
    sam = ToRemind(11, 555, "tg-sam", "Sam", "parent", meeting_at, date(2027, 3, 1), "Family centre", "Amira Khan")
    work = FakeUnitOfWork(NOW, to_remind=[sam])
    planned = front_end.planned_reminders(NOW, NOW - timedelta(days=60), uow=work)
    assert planned and all(isinstance(p, Planned) and p.chat_id == 555 for p in planned)
    first = planned[0]
    assert "Sam" in front_end.text_if_still_due(first, uow=work)
    assert front_end.claim_reminder(first, uow=work) and not front_end.claim_reminder(first, uow=work)
    assert front_end.text_if_still_due(first, uow=work) is None  # sent already
    assert first.kind not in {p.kind for p in front_end.planned_reminders(NOW, NOW - timedelta(days=60), uow=work)}
    front_end.let_reminder_go(first, uow=work)
    assert front_end.claim_reminder(first, uow=work)
    moved = Planned(first.participant_id, 555, first.kind, meeting_at + timedelta(days=1), first.at)
    assert front_end.text_if_still_due(moved, uow=work) is None  # the date moved since it was planned
