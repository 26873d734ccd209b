"""Free text people wrote is encrypted at rest: answers, names of people to invite, questions,
contributions and messages kept while Rasa is down (columns of type `EncryptedText`).

Fernet (AES-128-CBC with an HMAC-SHA256, from `cryptography`). The key is MEETING_PREP_KEY; several
keys separated by commas rotate them (the first encrypts, any decrypts). Make one with
`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.
Without MEETING_PREP_KEY a key is generated once into the data folder (`secret.key`, mode 600) and
a warning is logged: fine on one machine, but every process reading the database (bot, action
server, web page, commands) needs the same key, so set MEETING_PREP_KEY wherever there is more
than one machine. Lose the key and the answers are lost; a wrong key fails with `WrongKey`.
"""
from __future__ import annotations

import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

from bot.store.db import data_dir

logger = logging.getLogger(__name__)

KEY_VARIABLE = "MEETING_PREP_KEY"
KEY_FILE = "secret.key"


class WrongKey(RuntimeError):
    """Stored text could not be decrypted: the key is not the one it was written with."""


def _key_file(folder: Path) -> Path:
    """The data folder's key, made once; atomic, so processes starting together agree on one key."""
    path = folder / KEY_FILE
    if path.exists():
        return path
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".secret-")  # mode 600
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(Fernet.generate_key())
        os.link(temporary, path)  # fails if another process made it first: then theirs is used
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
    return path


@lru_cache(maxsize=None)
def _fernet(keys: str) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in keys.split(",") if key.strip()])
    except ValueError as error:
        raise WrongKey(f"{KEY_VARIABLE} is not a valid Fernet key (32 url-safe base64-encoded bytes)") from error


@lru_cache(maxsize=None)
def _generated_keys(folder: str) -> str:
    path = _key_file(Path(folder))
    logger.warning("%s is not set: answers are encrypted with the key in %s. Back it up, and set %s "
                   "when more than one machine uses the database.", KEY_VARIABLE, path, KEY_VARIABLE)
    return path.read_text().strip()


def cipher() -> MultiFernet:
    keys = os.environ.get(KEY_VARIABLE) or _generated_keys(str(data_dir()))
    return _fernet(keys)


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode("utf-8", "surrogatepass")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8", "surrogatepass")
    except (InvalidToken, UnicodeEncodeError) as error:
        raise WrongKey(f"Stored answers cannot be decrypted: {KEY_VARIABLE} (or the data folder's "
                       f"{KEY_FILE}) is not the key they were written with.") from None


def is_encrypted(value: str) -> bool:
    """Whether `value` was encrypted with the current key (used when converting old plain text)."""
    try:
        decrypt(value)
        return True
    except WrongKey:
        return False


class EncryptedText(TypeDecorator):
    """Text stored encrypted, read back as plain text. It cannot be searched or sorted in SQL."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect) -> str | None:
        return None if value is None else decrypt(value)
