"""Free text people wrote is encrypted at rest (bot/store/crypto.py), on SQLite and PostgreSQL."""
import logging
import stat

import pytest
from alembic import command
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text

import postgres_databases
from bot.store import crypto, repository
from bot.store.db import engine_for, unit_of_work
from bot.store.migrate import alembic_config
from bot.store.models import Contribution, Participant

SECRETS = ["Tumbleweed Lane library", "Philomena", "sister", "Can Horatio come?", "My drawing of Horatio",
           "hello from Zebediah"]
ENCRYPTED_COLUMNS = {"preferences": "value", "invitees": "name", "open_questions": "text", "contributions": "text",
                     "pending_messages": "text"}


def write_everything(session) -> int:
    meeting = repository.create_meeting(session, "Smith family", "Amira")
    sam = repository.add_participant(session, meeting, "Sam", "parent")
    repository.save_preference(session, sam, "venue", "venue_choice", "Tumbleweed Lane library")
    repository.add_invitee(session, sam, "Philomena", "sister")
    repository.save_open_question(session, sam, "Can Horatio come?")
    session.add(Contribution(participant=sam, kind="text", text="My drawing of Horatio"))
    repository.keep_pending_message(session, "tg-1", "hello from Zebediah", {"telegram_user_id": 1})
    session.flush()
    return sam.id


def stored(url: str) -> list[str]:
    """Every value of the encrypted columns, as the database holds it (no NULLs)."""
    engine = create_engine(url)
    with engine.connect() as connection:
        values = [value for table, column in ENCRYPTED_COLUMNS.items()
                  for (value,) in connection.execute(text(f"SELECT {column} FROM {table}"))]
        values += [value for (value,) in connection.execute(text("SELECT relationship_to FROM invitees"))]
    engine.dispose()
    return [value for value in values if value is not None]


def test_what_people_wrote_is_not_stored_as_plain_text(database):
    with unit_of_work() as session:
        write_everything(session)

    values = stored(database)
    assert len(values) == 6
    assert all(value.startswith("gAAAAA") for value in values)  # Fernet tokens
    assert not any(secret in value for value in values for secret in SECRETS)


def test_reading_gives_back_the_plain_text(database):
    with unit_of_work() as session:
        sam_id = write_everything(session)
    with unit_of_work() as session:
        sam = session.get(Participant, sam_id)
        assert [p.value for p in sam.preferences] == ["Tumbleweed Lane library"]
        assert [(i.name, i.relationship_to) for i in sam.invitees] == [("Philomena", "sister")]
        assert [q.text for q in sam.questions] == ["Can Horatio come?"]
        assert [m.text for m in repository.pending_messages(session, "tg-1")] == ["hello from Zebediah"]


def test_a_wrong_key_fails_clearly_instead_of_giving_wrong_answers(database, monkeypatch):
    with unit_of_work() as session:
        sam_id = write_everything(session)
    monkeypatch.setenv(crypto.KEY_VARIABLE, Fernet.generate_key().decode())

    with pytest.raises(crypto.WrongKey, match="MEETING_PREP_KEY .* is not the key they were written with"):
        with unit_of_work() as session:
            [p.value for p in session.get(Participant, sam_id).preferences]


def test_an_old_key_after_the_new_one_still_reads_what_it_wrote(database, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv(crypto.KEY_VARIABLE, old)
    with unit_of_work() as session:
        sam_id = write_everything(session)

    monkeypatch.setenv(crypto.KEY_VARIABLE, f"{new},{old}")

    with unit_of_work() as session:
        assert [p.value for p in session.get(Participant, sam_id).preferences] == ["Tumbleweed Lane library"]


def test_a_key_that_is_not_a_fernet_key_is_refused_clearly(monkeypatch):
    monkeypatch.setenv(crypto.KEY_VARIABLE, "correct horse battery staple")
    with pytest.raises(crypto.WrongKey, match="not a valid Fernet key"):
        crypto.encrypt("x")


def test_without_a_key_one_is_made_in_the_data_folder_readable_by_us_only_with_one_warning(
        tmp_path, monkeypatch, caplog):
    monkeypatch.delenv(crypto.KEY_VARIABLE, raising=False)
    monkeypatch.setenv("MEETING_PREP_DATA", str(tmp_path / "data"))
    caplog.set_level(logging.WARNING, logger="bot.store.keys")

    tokens = [crypto.encrypt("Philomena") for _ in range(3)]

    key_file = tmp_path / "data" / crypto.KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert Fernet(key_file.read_bytes()).decrypt(tokens[0].encode()) == b"Philomena"
    [warning] = [r for r in caplog.records if r.name == "bot.store.keys"]
    assert "MEETING_PREP_KEY is not set" in warning.getMessage() and "Philomena" not in warning.getMessage()


def test_with_a_key_in_the_environment_no_key_file_is_made(tmp_path, monkeypatch):
    monkeypatch.setenv(crypto.KEY_VARIABLE, Fernet.generate_key().decode())
    monkeypatch.setenv("MEETING_PREP_DATA", str(tmp_path))
    crypto.decrypt(crypto.encrypt("Philomena"))
    assert not (tmp_path / crypto.KEY_FILE).exists()


@pytest.fixture
def database_at_0003(backend, tmp_path, monkeypatch):
    """A database migrated to 0003 only (answers in plain text, as before encryption)."""
    monkeypatch.setenv("MEETING_PREP_DATA", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'old.db'}" if backend == "sqlite" else postgres_databases.empty_database()
    command.upgrade(alembic_config(url), "0003")
    yield url
    engine_for(url).dispose()
    if backend == "postgresql":
        postgres_databases.drop_database(url)


PLAIN_ROWS = """
INSERT INTO meetings (id, title, kind, coordinator_name, created_at) VALUES (1, 'T', 'fgc', 'Amira', '2026-01-01');
INSERT INTO participants (id, meeting_id, display_name, role, invite_code, language, telegram_user_id)
    VALUES (1, 1, 'Sam', 'parent', 'ABC', 'en', 42);
INSERT INTO preferences (id, participant_id, topic, key, value, visibility, updated_at)
    VALUES (1, 1, 'venue', 'venue_choice', 'Tumbleweed Lane library', 'coordinator', '2026-01-01');
INSERT INTO invitees (id, participant_id, name, relationship_to, wanted, anonymous, created_at)
    VALUES (1, 1, 'Philomena', 'sister', TRUE, FALSE, '2026-01-01');
INSERT INTO open_questions (id, participant_id, text, created_at) VALUES (1, 1, 'Can Horatio come?', '2026-01-01');
INSERT INTO contributions (id, participant_id, kind, text, visibility, created_at)
    VALUES (1, 1, 'text', 'My drawing of Horatio', 'coordinator', '2026-01-01');
INSERT INTO contributions (id, participant_id, kind, telegram_file_id, visibility, created_at)
    VALUES (2, 1, 'photo', 'photo-file', 'coordinator', '2026-01-01');
"""


def test_migrating_encrypts_answers_already_stored_and_going_back_decrypts_them(database_at_0003, monkeypatch):
    engine = create_engine(database_at_0003)
    with engine.begin() as connection:
        for statement in filter(str.strip, PLAIN_ROWS.split(";")):
            connection.execute(text(statement))
    engine.dispose()

    command.upgrade(alembic_config(database_at_0003), "head")

    values = stored(database_at_0003)
    assert len(values) == 5 and all(value.startswith("gAAAAA") for value in values)
    monkeypatch.setenv("DATABASE_URL", database_at_0003)
    with unit_of_work() as session:
        sam = session.get(Participant, 1)
        assert ([p.value for p in sam.preferences], [(i.name, i.relationship_to) for i in sam.invitees]) == (
            ["Tumbleweed Lane library"], [("Philomena", "sister")])
        assert sam.telegram_user_id == 42
    engine_for(database_at_0003).dispose()

    command.downgrade(alembic_config(database_at_0003), "0003")

    engine = create_engine(database_at_0003)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT value FROM preferences")).scalar() == "Tumbleweed Lane library"
        assert connection.execute(text("SELECT name FROM invitees")).scalar() == "Philomena"
    engine.dispose()
