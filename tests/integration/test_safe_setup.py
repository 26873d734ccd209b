"""Setting up safely: `serve` (the deployment command) makes no demo accounts; the data folder and
what is written in it are for the service's user only; keys are written whole and short ones refused."""
import os
import stat
import subprocess
import sys

import pytest

from bot.store.db import PROJECT_ROOT, data_dir
from bot.web import config


def test_serve_seeds_no_demo_meeting_or_login_but_run_does(monkeypatch, capsys):
    from bot.cli import main as cli

    seeded = []

    class Servers:
        ports = type("Ports", (), {"rasa": 1, "web": 2})()

        def start(self):
            pass

        def wait_until_ready(self, progress=None):
            pass

        def stop(self):
            pass

    async def no_front_end(*args):
        pass

    monkeypatch.setattr(cli, "migrate", lambda: None)
    monkeypatch.setattr(cli, "seed_demo", lambda: seeded.append("meeting") or "CODE")
    monkeypatch.setattr(cli.cli_coordinators, "seed_demo_coordinator",
                        lambda title: seeded.append("login") or ("demo@example.org", "pw-123"))
    monkeypatch.setattr("bot.cli.supervisor.Services", Servers)
    monkeypatch.setattr(cli, "_front_end", no_front_end)
    monkeypatch.setattr(cli.signal, "signal", lambda *args: None)

    cli.serve_command(None, local_chat=False)
    assert seeded == [] and "pw-123" not in capsys.readouterr().out
    cli.serve_command(None, local_chat=True)
    assert seeded == ["meeting", "login"] and "pw-123" in capsys.readouterr().out


def test_the_data_folder_and_what_the_commands_write_there_are_for_this_user_only(tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "MEETING_PREP_DATA": str(data)}
    for name in ("MEETING_PREP_KEY", "DATABASE_URL"):
        env.pop(name, None)
    run = subprocess.run([sys.executable, "-m", "bot.cli", "seed-demo"], cwd=PROJECT_ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    written = [p for p in data.rglob("*") if p.is_file()]
    assert "meeting-prep.db" in {p.name for p in written}
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written), [
        (p.name, oct(p.stat().st_mode)) for p in written]


def test_a_data_folder_left_open_to_others_is_closed(tmp_path, monkeypatch):
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    monkeypatch.setenv("MEETING_PREP_DATA", str(folder))
    assert data_dir() == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_web_secret_is_made_whole_and_private_and_a_short_or_empty_one_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("MEETING_PREP_DATA", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    made = config.secret_key()
    assert len(made) >= config.MIN_SECRET_LENGTH and config.secret_key() == made
    assert stat.S_IMODE((tmp_path / config.SECRET_FILE).stat().st_mode) == 0o600

    (tmp_path / config.SECRET_FILE).write_text("")  # as a crash while writing once could leave it
    with pytest.raises(ValueError, match="too short"):
        config.secret_key()
    monkeypatch.setenv("SECRET_KEY", "hunter2")
    with pytest.raises(ValueError, match="SECRET_KEY is too short"):
        config.secret_key()
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    assert config.secret_key() == "x" * 40
