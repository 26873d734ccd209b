"""`meeting-prep retention`: what participants said is deleted some days after their meeting; meetings
to be agreed and safeguarding flags are kept. On SQLite and PostgreSQL."""
import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, func, select, text

from bot.cli import main as cli
from bot.store import repository
from bot.store.db import unit_of_work
from bot.store.models import (
    Contribution,
    Invitee,
    OpenQuestion,
    Participant,
    PendingMessage,
    Preference,
    SafeguardingFlag,
    utcnow,
)
from bot.store.rasa_tracker import tracker_database_url

ANSWERS = (Preference, Invitee, OpenQuestion, Contribution, PendingMessage)


def meeting_with_answers(session, title: str, days_ago: int | None, chat: str) -> int:
    when = utcnow() - timedelta(days=days_ago) if days_ago is not None else None
    meeting = repository.create_meeting(session, title, "Amira", scheduled_at=when)
    sam = repository.add_participant(session, meeting, "Sam", "parent")
    repository.join_meeting(session, chat, sam.invite_code)
    repository.save_preference(session, sam, "venue", "venue_choice", "library")
    repository.add_invitee(session, sam, "Sue", "sister")
    repository.save_open_question(session, sam, "Can my dog come?")
    session.add(Contribution(participant=sam, kind="text", text="My drawing"))
    repository.keep_pending_message(session, chat, "hello", {})
    repository.raise_safeguarding_flag(session, chat, "neglect", sam, now=utcnow())
    return meeting.id


@pytest.fixture
def meetings(database, monkeypatch):
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    with unit_of_work() as session:
        ids = {"long past": meeting_with_answers(session, "Long past", 100, "tg-1"),
               "recent": meeting_with_answers(session, "Recent", 10, "tg-2"),
               "to be agreed": meeting_with_answers(session, "To be agreed", None, "tg-3")}
    engine = create_engine(tracker_database_url())
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), "
                                "timestamp FLOAT, data TEXT)"))
        long_ago = (datetime.now(timezone.utc) - timedelta(days=100)).timestamp()
        for number, chat in enumerate(["tg-1", "tg-2", "tg-3"], start=1):  # linked: their meetings decide
            connection.execute(text("INSERT INTO events VALUES (:n, :chat, :t, 'x')"),
                               {"n": number, "chat": chat, "t": long_ago})
    engine.dispose()
    return ids


def unlinked_conversation(chat: str, days_silent: int) -> None:
    """A chat that never joined (or was left behind by a new code), last heard from days ago."""
    engine = create_engine(tracker_database_url())
    when = (datetime.now(timezone.utc) - timedelta(days=days_silent)).timestamp()
    with engine.begin() as connection:
        first = connection.execute(text("SELECT max(id) FROM events")).scalar() + 1
        for number in (first, first + 1):
            connection.execute(text("INSERT INTO events VALUES (:n, :chat, :t, 'x')"),
                               {"n": number, "chat": chat, "t": when})
    engine.dispose()
    with unit_of_work() as session:
        repository.keep_pending_message(session, chat, "hello", {})


def rows_left(meeting_id: int) -> dict[str, int]:
    with unit_of_work() as session:
        people = select(Participant.id).where(Participant.meeting_id == meeting_id)
        chats = select(Participant.conversation_id).where(Participant.meeting_id == meeting_id)
        left = {model.__tablename__: session.scalar(select(func.count()).select_from(model).where(
            (model.sender_id.in_(chats)) if model is PendingMessage else model.participant_id.in_(people)))
            for model in ANSWERS}
        left["flags"] = session.scalar(select(func.count()).select_from(SafeguardingFlag)
                                       .where(SafeguardingFlag.meeting_id == meeting_id))
        left["participants"] = session.scalar(select(func.count()).select_from(Participant)
                                              .where(Participant.meeting_id == meeting_id))
        return left


def conversations() -> set[str]:
    engine = create_engine(tracker_database_url())
    with engine.connect() as connection:
        found = {row[0] for row in connection.execute(text("SELECT sender_id FROM events"))}
    engine.dispose()
    return found


ALL = {"preferences": 1, "invitees": 1, "open_questions": 1, "contributions": 1, "pending_messages": 1,
       "flags": 1, "participants": 1}
GONE = {**{kind: 0 for kind in ALL}, "flags": 1, "participants": 1}


def test_answers_go_90_days_after_the_meeting_and_flags_and_undated_meetings_stay(meetings, capsys):
    cli.main(["retention"])

    assert rows_left(meetings["long past"]) == GONE
    assert rows_left(meetings["recent"]) == ALL
    assert rows_left(meetings["to be agreed"]) == ALL
    assert conversations() == {"tg-2", "tg-3"}
    out = capsys.readouterr().out
    assert "1 answers, 1 invitees, 1 questions, 1 contributions, 1 kept messages, 1 conversations" in out
    assert "Safeguarding flags kept" in out and "Sue" not in out and "Sam" not in out


def test_the_days_come_from_the_command_line_or_retention_days(meetings, monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "5")
    cli.main(["retention"])
    assert rows_left(meetings["recent"]) == GONE
    assert rows_left(meetings["to be agreed"]) == ALL

    cli.main(["retention", "--days", "0"])
    assert rows_left(meetings["to be agreed"]) == ALL  # never due while the date is to be agreed


def test_a_dry_run_deletes_nothing(meetings, capsys):
    cli.main(["retention", "--dry-run"])

    assert rows_left(meetings["long past"]) == ALL
    assert f"meetings {meetings['long past']}" in capsys.readouterr().out


def test_running_it_again_is_harmless(meetings, capsys):
    cli.main(["retention"])
    cli.main(["retention"])
    assert "0 answers" in capsys.readouterr().out.splitlines()[-1]
    assert rows_left(meetings["long past"]) == GONE


def test_a_retention_days_that_is_not_a_number_stops_with_a_clear_message(meetings, monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "ninety")
    with pytest.raises(SystemExit, match="RETENTION_DAYS must be a whole number of days"):
        cli.main(["retention"])
    assert rows_left(meetings["long past"]) == ALL


def test_conversations_linked_to_nobody_go_after_the_same_days_of_silence(meetings, capsys):
    """Never joined, or left behind by a new code: they can hold a disclosure made before joining."""
    unlinked_conversation("tg-never-joined", days_silent=100)
    unlinked_conversation("tg-this-week", days_silent=3)

    cli.main(["retention"])

    assert conversations() == {"tg-2", "tg-3", "tg-this-week"}  # tg-3: meeting to be agreed, kept
    with unit_of_work() as session:
        assert repository.senders_with_pending_messages(session) == ["tg-2", "tg-3", "tg-this-week"]
    assert "2 conversations" in capsys.readouterr().out


async def test_serve_sweeps_by_itself_and_a_failed_sweep_does_not_stop_it(meetings, monkeypatch, caplog):
    from bot.cli import retention as cli_retention

    unlinked_conversation("tg-never-joined", days_silent=100)
    monkeypatch.setenv("RETENTION_DAYS", "ninety")  # the first sweeps fail...
    task = asyncio.create_task(cli_retention.sweep_daily(first_after=0, every=0.05))
    await asyncio.sleep(0.2)
    assert "tg-never-joined" in conversations()
    monkeypatch.setenv("RETENTION_DAYS", "90")  # ...and a later one, with the setting fixed, works
    for _ in range(100):
        await asyncio.sleep(0.05)
        if "tg-never-joined" not in conversations():
            break
    task.cancel()
    assert conversations() == {"tg-2", "tg-3"}
    assert "Retention sweep failed: ValueError" in caplog.text and "ninety" not in caplog.text
