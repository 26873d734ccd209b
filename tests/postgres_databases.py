"""Fresh PostgreSQL databases for tests, on the server TEST_POSTGRES_URL points at (see .ci/postgres.sh).

The schema is migrated once into a template database; each test then gets its own copy
(`CREATE DATABASE ... TEMPLATE`, a few milliseconds), dropped again when the test ends.
"""
from __future__ import annotations

import itertools
import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.store.migrate import migrate

SERVER_URL = os.environ.get("TEST_POSTGRES_URL")
_PREFIX = f"mp_test_{os.getpid()}"
_numbers = itertools.count(1)
_template_ready = False


def _admin():
    return create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")


def _url_of(database: str) -> str:
    return make_url(SERVER_URL).set(database=database).render_as_string(hide_password=False)


def _template() -> str:
    """The migrated template database, made on first use."""
    global _template_ready
    name = f"{_PREFIX}_template"
    if not _template_ready:
        engine = _admin()
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        migrate(_url_of(name))
        _template_ready = True
    return name


def empty_database() -> str:
    """A new, empty database (for migration tests); returns its URL."""
    return _create(f"{_PREFIX}_{next(_numbers)}", template="template0")


def migrated_database() -> str:
    """A new database at the newest schema; returns its URL."""
    return _create(f"{_PREFIX}_{next(_numbers)}", template=_template())


def _create(name: str, template: str) -> str:
    engine = _admin()
    with engine.connect() as connection:
        # Copying the files is several times quicker than the default (WAL_LOG) for small databases.
        quick = connection.dialect.server_version_info >= (15,)
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'
                                + (" STRATEGY FILE_COPY" if quick else "")))
    engine.dispose()
    return _url_of(name)


def drop_database(url: str) -> None:
    name = make_url(url).database
    engine = _admin()
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def drop_template() -> None:
    if _template_ready:
        drop_database(_url_of(f"{_PREFIX}_template"))
