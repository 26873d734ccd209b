"""Free text people wrote is encrypted at rest: answers, names of people to invite, questions,
contributions and messages kept while Rasa is down (columns of type `EncryptedText`).

Fernet (AES-128-CBC with an HMAC-SHA256, from `cryptography`; keys in bot/store/keys.py). The key is
MEETING_PREP_KEY; several keys separated by commas rotate them (the first encrypts, any decrypts). Make one with
`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.
Without MEETING_PREP_KEY a key is generated once into the data folder (`secret.key`, mode 600) and
a warning is logged: fine on one machine, but every process reading the database (bot, action
server, web page, commands) needs the same key, so set MEETING_PREP_KEY wherever there is more
than one machine. Lose the key and the answers are lost; a wrong key fails with `WrongKey`.
"""
from __future__ import annotations

from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

from bot.store import keys
from bot.store.db import data_dir
from bot.store.keys import KEY_FILE, KEY_VARIABLE, WrongKey  # noqa: F401 - named here for callers


def encrypt(text: str) -> str:
    return keys.encrypt(keys.cipher(data_dir()), text)


def decrypt(token: str) -> str:
    return keys.decrypt(keys.cipher(data_dir()), token)


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
