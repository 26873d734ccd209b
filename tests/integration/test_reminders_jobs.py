"""Reminder jobs rebuilt from the database, with a fake JobQueue, a fake bot and a fixed clock."""
import asyncio
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from telegram.error import NetworkError

from bot.store import repository
from bot.store.db import unit_of_work
from bot.chat.rasa_client import RasaUnavailable
from bot.chat.replies import Button, Reply
from bot.store.models import ReminderSent
from bot.telegram.reminders import UK, send_reminder, sync_jobs

MEETING = datetime(2026, 12, 10, 14, 0)
NOW = datetime(2026, 11, 30, 9, 0)


@dataclass
class FakeJob:
    name: str
    when: datetime
    data: object
    removed: bool = False

    def schedule_removal(self):
        self.removed = True


@dataclass
class FakeJobQueue:
    all: list = field(default_factory=list)

    def jobs(self):
        return [j for j in self.all if not j.removed]

    def get_jobs_by_name(self, name):
        return [j for j in self.jobs() if j.name == name]

    def run_once(self, callback, when, name, data, job_kwargs):
        assert callback is send_reminder and job_kwargs == {"misfire_grace_time": None}
        self.all.append(FakeJob(name, when, data))


class FakeBot:
    def __init__(self, fail=False):
        self.sent, self.fail = [], fail

    async def send_message(self, chat_id, text, reply_markup=None):
        if self.fail:
            raise NetworkError("down")
        self.sent.append((chat_id, text) if reply_markup is None else (chat_id, text, reply_markup))


class FakeRasa:
    """Answers the start of a check-in as Rasa would: the opening words, then the question's buttons."""

    def __init__(self, down=False):
        self.asked, self.down = [], down

    async def send(self, sender_id, text, metadata):
        if self.down:
            raise RasaUnavailable("down")
        self.asked.append((sender_id, text, metadata["telegram_user_id"]))
        return [Reply("Hello Sam. It's about three weeks since the family meeting."),
                Reply("Is the plan working?", (Button("Partly", '/inform{"choice":"partly"}'),))]


@pytest.fixture
def meeting(database):
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Smith family", "Amira", scheduled_at=MEETING)
        meeting.place = "Hope Community Centre"
        for name, chat, telegram_id in (("Sam", "tg-111", 111), ("Pat", "local-pat", None), ("Kim", None, None)):
            participant = repository.add_participant(session, meeting, name, "parent")
            if chat:
                repository.join_meeting(session, chat, participant.invite_code, telegram_id)
        return meeting.id


def jobs_of(queue):
    return sorted((j.data.kind, j.when) for j in queue.jobs())


async def test_rebuilding_schedules_reminders_for_people_who_joined_on_telegram(meeting):
    queue = FakeJobQueue()
    await sync_jobs(queue, NOW)
    assert jobs_of(queue) == sorted([
        ("week_before", datetime(2026, 12, 3, 10, 0, tzinfo=UK)), ("three_days_before", datetime(2026, 12, 7, 10, 0, tzinfo=UK)),
        ("day_before", datetime(2026, 12, 9, 10, 0, tzinfo=UK)), ("after", datetime(2026, 12, 12, 10, 0, tzinfo=UK)),
        ("check_in", datetime(2026, 12, 31, 10, 0, tzinfo=UK))])
    assert {j.data.chat_id for j in queue.jobs()} == {111}


async def test_rebuilding_again_adds_nothing_and_a_new_date_moves_every_reminder(meeting):
    queue = FakeJobQueue()
    await sync_jobs(queue, NOW)
    await sync_jobs(queue, NOW + timedelta(minutes=5))
    assert len(queue.jobs()) == 5
    with unit_of_work() as session:
        repository.find_meeting(session, "Smith family").scheduled_at = MEETING + timedelta(days=7)
    await sync_jobs(queue, NOW + timedelta(minutes=10))
    assert {kind: when.day for kind, when in jobs_of(queue)} == {
        "week_before": 10, "three_days_before": 14, "day_before": 16, "after": 19, "check_in": 7}


async def test_a_review_date_adds_a_check_in_a_week_before_it_even_months_after_the_meeting(meeting):
    with unit_of_work() as session:
        repository.find_meeting(session, "Smith family").review_on = date(2027, 3, 11)
    months_later = datetime(2027, 2, 20, 9, 0)
    queue = FakeJobQueue()
    await sync_jobs(queue, months_later)
    assert jobs_of(queue) == [("before_review", datetime(2027, 3, 4, 10, 0, tzinfo=UK))]
    assert queue.jobs()[0].data.sender_id == "tg-111"  # begun in Sam's own conversation


def check_in_context(job, bot, rasa):
    return SimpleNamespace(job=job, bot=bot, application=SimpleNamespace(
        bot_data={"rasa": rasa, "send_backoff": 0.0}, chat_data=defaultdict(dict)))


async def test_a_check_in_is_begun_by_rasa_in_the_persons_conversation_with_its_buttons(meeting):
    queue = FakeJobQueue()
    await sync_jobs(queue, datetime(2026, 12, 31, 9, 0))
    job = next(j for j in queue.jobs() if j.data.kind == "check_in")
    bot, rasa = FakeBot(), FakeRasa()
    await send_reminder(check_in_context(job, bot, rasa))
    assert rasa.asked == [("tg-111", '/check_in{"check_in":"check_in"}', 111)]
    assert [sent[:2] for sent in bot.sent] == [(111, "Hello Sam. It's about three weeks since the family meeting."),
                                               (111, "Is the plan working?")]
    assert [b.text for row in bot.sent[1][2].inline_keyboard for b in row] == ["Partly"]
    await sync_jobs(fresh := FakeJobQueue(), datetime(2026, 12, 31, 10, 30))
    assert jobs_of(fresh) == []  # recorded as sent


async def test_a_check_in_rasa_could_not_begin_is_tried_again_later(meeting):
    queue = FakeJobQueue()
    await sync_jobs(queue, datetime(2026, 12, 31, 9, 0))
    job = next(j for j in queue.jobs() if j.data.kind == "check_in")
    bot = FakeBot()
    await send_reminder(check_in_context(job, bot, FakeRasa(down=True)))
    assert bot.sent == []
    await sync_jobs(later := FakeJobQueue(), datetime(2026, 12, 31, 10, 30))
    assert [kind for kind, _ in jobs_of(later)] == ["check_in"]


async def test_a_sent_reminder_is_recorded_and_never_scheduled_again(meeting):
    queue = FakeJobQueue()
    await sync_jobs(queue, NOW)
    job = next(j for j in queue.jobs() if j.data.kind == "day_before")
    bot = FakeBot()
    await send_reminder(SimpleNamespace(job=job, bot=bot))
    assert bot.sent == [(111, "Hello Sam. Your meeting is tomorrow: Thursday 10 December at 14:00, at Hope Community "
                              "Centre. Breaks are fine, and you can bring someone for support. If you can't come, "
                              "please tell Amira.")]
    await send_reminder(SimpleNamespace(job=job, bot=bot))  # run twice: sent once
    assert len(bot.sent) == 1
    fresh = FakeJobQueue()
    await sync_jobs(fresh, NOW)
    assert "day_before" not in [kind for kind, _ in jobs_of(fresh)]


async def test_two_front_ends_running_the_same_reminder_at_once_send_it_once(meeting):
    """Several front ends behind a balancer (webhook mode) each rebuild and run every reminder job."""
    first, second = FakeJobQueue(), FakeJobQueue()
    await sync_jobs(first, NOW)
    await sync_jobs(second, NOW)
    jobs = [next(j for j in queue.jobs() if j.data.kind == "day_before") for queue in (first, second)]
    bots = [FakeBot(), FakeBot()]
    await asyncio.gather(*(send_reminder(SimpleNamespace(job=job, bot=bot)) for job, bot in zip(jobs, bots)))
    assert sorted(len(bot.sent) for bot in bots) == [0, 1]


async def test_a_reminder_telegram_refused_is_tried_again_after_a_restart(meeting):
    queue = FakeJobQueue()
    await sync_jobs(queue, NOW)
    job = next(j for j in queue.jobs() if j.data.kind == "week_before")
    await send_reminder(SimpleNamespace(job=job, bot=FakeBot(fail=True)))
    with unit_of_work() as session:
        assert session.query(ReminderSent).count() == 0
    restarted = FakeJobQueue()
    late = datetime(2026, 12, 3, 10, 20)
    await sync_jobs(restarted, late)
    assert ("week_before", late.replace(tzinfo=UK)) in jobs_of(restarted)


async def test_a_revoked_code_stops_reminders(meeting):
    with unit_of_work() as session:
        sam = next(p for p in repository.find_meeting(session, "Smith family").participants if p.display_name == "Sam")
        repository.revoke_invite_code(session, sam)
    queue = FakeJobQueue()
    await sync_jobs(queue, NOW)
    assert queue.jobs() == []


def test_schedule_reminders_adds_a_repeating_rebuild_to_a_real_application():
    from telegram.ext import Application

    from bot.telegram.reminders import schedule_reminders

    application = Application.builder().token("123:TEST").build()
    schedule_reminders(application)
    [job] = application.job_queue.get_jobs_by_name("reminders-rebuild")
    assert job.job.trigger.interval == timedelta(minutes=5)
