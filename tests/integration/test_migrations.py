"""Alembic migrations on SQLite and PostgreSQL: they run both ways, and end where the models are."""
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import postgres_databases
from bot.store.migrate import alembic_config
from bot.store.models import Base

RASA_TABLES = {"events", "signed_requests_seen"}  # Rasa's tracker store and signed channel may share our PostgreSQL


@pytest.fixture
def empty_database(backend, tmp_path, monkeypatch):
    monkeypatch.setenv("MEETING_PREP_DATA", str(tmp_path))
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        url = postgres_databases.empty_database()
        yield url
        postgres_databases.drop_database(url)


def differences(url: str) -> list:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            found = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    return [d for d in found if not (d[0] == "remove_table" and d[1].name in RASA_TABLES)]


def test_migrations_go_up_down_and_up_again(empty_database):
    config = alembic_config(empty_database)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    command.upgrade(config, "head")


def test_the_migrated_schema_is_what_the_models_describe(empty_database):
    command.upgrade(alembic_config(empty_database), "head")
    assert differences(empty_database) == []


def test_a_database_migrated_by_the_first_version_of_0006_gets_the_flag_columns(empty_database):
    """0006 gained said_again and last_said_at after some databases had run it; 0007 adds them there."""
    from sqlalchemy import inspect, text
    config = alembic_config(empty_database)
    command.upgrade(config, "0006")
    engine = create_engine(empty_database)
    try:
        with engine.begin() as connection:  # as the first version of 0006 left it
            connection.execute(text("ALTER TABLE safeguarding_flags DROP COLUMN said_again"))
            connection.execute(text("ALTER TABLE safeguarding_flags DROP COLUMN last_said_at"))
        command.upgrade(config, "head")
        columns = {c["name"] for c in inspect(engine).get_columns("safeguarding_flags")}
    finally:
        engine.dispose()
    assert {"said_again", "last_said_at"} <= columns
    assert differences(empty_database) == []


def test_chats_that_joined_before_random_sender_ids_keep_their_conversation(empty_database, monkeypatch):
    """0009: an old "tg-<user id>" conversation moves to a random id, still that chat's; new chats get one too."""
    from sqlalchemy import text

    from bot.store import repository
    from bot.store.db import engine_for, unit_of_work
    from bot.store.rasa_tracker import tracker_database_url
    config = alembic_config(empty_database)
    command.upgrade(config, "head")  # the models write today's tables: the rows are made, then taken back
    with unit_of_work(empty_database) as session:
        meeting = repository.create_meeting(session, "Smith", "Amira")
        sam = repository.add_participant(session, meeting, "Sam", "parent")
        repository.join_meeting(session, "tg-1001", sam.invite_code)
    command.downgrade(config, "0008")  # no chat_senders table yet
    monkeypatch.setenv("DATABASE_URL", empty_database)  # so Rasa's tracker store is where the app puts it
    monkeypatch.delenv("RASA_TRACKER_URL", raising=False)
    tracker = create_engine(tracker_database_url())
    with tracker.begin() as connection:  # Rasa's table, as far as this needs it
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), data TEXT)"))
        connection.execute(text("INSERT INTO events VALUES (1, 'tg-1001', 'x'), (2, 'local-jo', 'y')"))
    command.upgrade(config, "head")
    with unit_of_work(empty_database) as session:
        moved = repository.telegram_sender(session, 1001)
        assert moved.startswith("tg-") and "1001" not in moved
        assert repository.participant_for_conversation(session, moved).display_name == "Sam"
        new = repository.telegram_sender(session, 2002)
        assert new.startswith("tg-") and "2002" not in new and len(new) > 20
        assert repository.telegram_sender(session, 2002) == new
        assert repository.telegram_user_of(session, new) == 2002
    with tracker.connect() as connection:
        assert sorted(r[0] for r in connection.execute(text("SELECT sender_id FROM events"))) == sorted(
            ["local-jo", moved])
    tracker.dispose()
    engine_for(empty_database).dispose()


def test_a_young_persons_my_family_too_becomes_everyone_at_the_meeting(empty_database):
    """0010: the old two sharing choices map onto the new three; "my family too" meant everyone."""
    from sqlalchemy import text

    from bot.store import repository
    from bot.store.db import engine_for, unit_of_work
    from bot.store.models import Contribution, Preference
    config = alembic_config(empty_database)
    command.upgrade(config, "head")  # the models write today's tables: the old values are made, then taken back
    with unit_of_work(empty_database) as session:
        meeting = repository.create_meeting(session, "Smith", "Amira")
        jo = repository.add_participant(session, meeting, "Jo", "young_person")
        session.add_all([Preference(participant=jo, topic="views", key="going_well", value="football", visibility="family"),
                         Preference(participant=jo, topic="views", key="share_going_well", value="family"),
                         Preference(participant=jo, topic="views", key="worries", value="school", visibility="coordinator"),
                         Preference(participant=jo, topic="views", key="share_worries", value="coordinator"),
                         Contribution(participant=jo, kind="text", text="I want to stay", visibility="family")])
    command.downgrade(config, "0009")
    command.upgrade(config, "head")
    with unit_of_work(empty_database) as session:
        saved = {p.key: (p.value, p.visibility) for p in session.query(Preference)}
        assert saved["going_well"] == ("football", "everyone") and saved["share_going_well"][0] == "everyone"
        assert saved["worries"] == ("school", "coordinator") and saved["share_worries"][0] == "coordinator"
        assert session.query(Contribution).one().visibility == "everyone"
        session.query(Preference).filter_by(key="worries").one().visibility = "professionals"
    command.downgrade(config, "0009")
    with engine_for(empty_database).connect() as connection:
        assert sorted(r[0] for r in connection.execute(text("SELECT visibility FROM preferences"))) == [
            "coordinator", "coordinator", "coordinator", "family"]
    engine_for(empty_database).dispose()


def _migrate_in_another_process(url: str) -> None:
    from bot.store.migrate import migrate
    migrate(url)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_processes_starting_on_a_new_database_at_the_same_moment_all_migrate_it(backend, tmp_path, monkeypatch):
    """`make run` starting while a coordinator types `meeting-prep meeting create` on a new database:
    without a lock, two of three processes stopped with "table ... already exists" (10 of 15 in five tries)."""
    import multiprocessing

    monkeypatch.setenv("MEETING_PREP_DATA", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'new.db'}"
    spawn = multiprocessing.get_context("spawn")
    processes = [spawn.Process(target=_migrate_in_another_process, args=(url,)) for _ in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0, 0]
    assert differences(url) == []
