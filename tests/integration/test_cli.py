"""The meeting-prep commands a coordinator uses before the web page: create, export, flags."""
import json
import re

import pytest

from bot.cli import main as cli
from bot.store import accounts, audit, repository
from bot.store.db import unit_of_work
from bot.store.models import Contribution, SafeguardingFlag, utcnow


def test_creating_a_meeting_prints_an_invite_code_for_each_participant(database, capsys):
    cli.main(["meeting", "create", "--title", "Smith family", "--coordinator", "Amira",
              "--participant", "Sam:parent", "--participant", "Jo:young_person",
              "--professional", "Jo Patel:social_worker"])
    out = capsys.readouterr().out
    assert re.search(r"Sam \(parent\), participant \d+: invite code [A-Z0-9]{10}, works until", out)
    assert re.search(r"Jo \(young_person\), participant \d+: invite code [A-Z0-9]{10}", out)


def test_a_meeting_can_be_made_with_its_review_date_and_a_wrong_date_is_refused(database, capsys):
    cli.main(["meeting", "create", "--title", "Smith family", "--coordinator", "Amira", "--date", "2026-12-03T10:00",
              "--review-date", "2027-03-03"])
    with unit_of_work() as session:
        assert repository.find_meeting(session, "Smith family").review_on.isoformat() == "2027-03-03"
    with pytest.raises(SystemExit):
        cli.main(["meeting", "create", "--title", "T", "--coordinator", "A", "--review-date", "3rd March"])
    assert "give the date as year-month-day, for example 2027-03-03" in capsys.readouterr().err


def test_a_wrong_role_is_refused_with_a_clear_message(database):
    try:
        cli.main(["meeting", "create", "--title", "T", "--coordinator", "A", "--participant", "Sam:uncle"])
    except SystemExit as stop:
        assert "role must be one of" in str(stop)
    else:
        raise AssertionError("expected a clear refusal")


def test_flags_list_urgent_ones_first_with_no_message_text(database, capsys):
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Smith family", "Amira")
        sam = repository.add_participant(session, meeting, "Sam", "parent")
        repository.raise_safeguarding_flag(session, "tg-1", "domestic_violence", sam, now=utcnow())
    cli.main(["flags"])
    out = capsys.readouterr().out
    assert "URGENT, not yet handled: domestic violence - Sam (parent), Smith family" in out
    with unit_of_work() as session:
        accounts.create_coordinator(session, "amira@example.org", "Amira", "a long enough password 1")
    cli.main(["flags", "--handled", "1", "--by", "amira@example.org", "--note", "rang the duty team"])
    cli.main(["flags"])
    assert "handled by Amira" in capsys.readouterr().out


def test_marking_a_flag_handled_on_the_command_line_is_audited_like_the_web_page(database):
    """One use case for both: who (an account), when, what they did, and an audit entry."""
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Smith family", "Amira")
        sam = repository.add_participant(session, meeting, "Sam", "parent")
        flag = repository.raise_safeguarding_flag(session, "tg-1", "neglect", sam, now=utcnow())
        flag_id, meeting_id = flag.id, meeting.id
        accounts.create_coordinator(session, "amira@example.org", "Amira", "a long enough password 1")
    with pytest.raises(SystemExit, match="No coordinator account"):
        cli.main(["flags", "--handled", str(flag_id), "--by", "someone@example.org"])
    cli.main(["flags", "--handled", str(flag_id), "--by", "amira@example.org", "--note", "visited, child safe"])
    with unit_of_work() as session:
        flag = session.get(SafeguardingFlag, flag_id)
        assert (flag.handled_by, flag.handled_note) == ("Amira", "visited, child safe")
        assert [e.what for e in audit.for_meeting(session, meeting_id)] == [f"safeguarding flag {flag_id} marked handled"]


def test_export_puts_urgent_flags_first(database, capsys):
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Smith family", "Amira")
        sam = repository.add_participant(session, meeting, "Sam", "parent")
        repository.save_preference(session, sam, "venue", "venue_choice", "library")
        repository.raise_safeguarding_flag(session, "tg-1", "neglect", sam, now=utcnow())
    cli.main(["export", "Smith family", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)["answers"]
    assert rows[0]["topic"] == "safeguarding" and rows[0]["in_words"] == "URGENT: neglect"


def test_export_holds_what_a_young_person_sent_for_the_meeting_as_the_page_does(database, capsys):
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Smith family", "Amira")
        jo = repository.add_participant(session, meeting, "Jo", "young_person")
        session.add_all([Contribution(participant=jo, kind="text", text="I want to stay with nan", visibility="family"),
                         Contribution(participant=jo, kind="voice", telegram_file_id="f1", visibility="coordinator")])
    cli.main(["export", "Smith family"])
    out = capsys.readouterr().out
    assert "Jo,young_person,contribution,text,I want to stay with nan" in out
    assert "Jo,young_person,contribution,voice,,a voice (see the page),coordinator" in out
    with pytest.raises(SystemExit, match="No meeting 'Jones family'"):
        cli.main(["export", "Jones family"])


def test_the_servers_are_stopped_even_when_the_terminal_is_gone(monkeypatch):
    """`make run | tee log` then Ctrl-C: tee dies first, so saying "stopped" cannot be what stops us."""
    from bot.cli import main as cli

    stopped = []

    class Servers:
        ports = None

        def start(self):
            raise KeyboardInterrupt  # Ctrl-C while starting

        def stop(self):
            stopped.append(True)

    def closed_terminal(*args, **kwargs):
        raise BrokenPipeError

    monkeypatch.setattr(cli, "migrate", lambda: None)
    monkeypatch.setattr(cli, "seed_demo", lambda: "CODE")
    monkeypatch.setattr(cli.cli_coordinators, "seed_demo_coordinator", lambda title: ("a@b", "pw"))
    monkeypatch.setattr("bot.cli.supervisor.Services", Servers)
    monkeypatch.setattr(cli.signal, "signal", lambda *args: None)  # leave this process's own handlers alone
    monkeypatch.setattr("builtins.print", closed_terminal)
    cli.serve_command(None, local_chat=True)
    assert stopped == [True]
