"""Keys kept in files, and the Fernet keys that encrypt what people wrote.

Only the standard library and `cryptography` here: Rasa's environment (our tracker store and signed
channel) reads the same keys as ours, and it has SQLAlchemy 1.4, not the 2.0 the rest of bot.store needs.

Fernet keys: MEETING_PREP_KEY; several separated by commas rotate them (the first encrypts, any
decrypts). Without it a key is generated once into the data folder (`secret.key`, mode 600) and a
warning is logged: fine on one machine, but every process reading the database needs the same key.
"""
from __future__ import annotations

import logging
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Callable

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

logger = logging.getLogger(__name__)

KEY_VARIABLE = "MEETING_PREP_KEY"
KEY_FILE = "secret.key"


class WrongKey(RuntimeError):
    """Stored text could not be decrypted: the key is not the one it was written with."""


def secret_file(path: Path, make: Callable[[], bytes]) -> Path:
    """`path`, made first with `make()` if it is missing: readable by its owner only (0600), written
    whole or not at all (a crash never leaves an empty key), and when processes starting together
    race to make it, they all end up with the one that was made first."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(make())
            file.flush()
            os.fsync(file.fileno())
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path


@lru_cache(maxsize=None)
def _fernet(keys: str) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in keys.split(",") if key.strip()])
    except ValueError as error:
        raise WrongKey(f"{KEY_VARIABLE} is not a valid Fernet key (32 url-safe base64-encoded bytes)") from error


@lru_cache(maxsize=None)
def _generated_keys(folder: str) -> str:
    path = secret_file(Path(folder) / KEY_FILE, Fernet.generate_key)
    logger.warning("%s is not set: answers are encrypted with the key in %s. Back it up, and set %s "
                   "when more than one machine uses the database.", KEY_VARIABLE, path, KEY_VARIABLE)
    return path.read_text().strip()


def cipher(folder: Path) -> MultiFernet:
    """The Fernet keys: MEETING_PREP_KEY, else the data folder's own key."""
    return _fernet(os.environ.get(KEY_VARIABLE) or _generated_keys(str(folder)))


def encrypt(keys: MultiFernet, text: str) -> str:
    return keys.encrypt(text.encode("utf-8", "surrogatepass")).decode("ascii")


def decrypt(keys: MultiFernet, token: str) -> str:
    try:
        return keys.decrypt(token.encode("ascii")).decode("utf-8", "surrogatepass")
    except (InvalidToken, UnicodeEncodeError):
        raise WrongKey(f"Stored text cannot be decrypted: {KEY_VARIABLE} (or the data folder's "
                       f"{KEY_FILE}) is not the key they were written with.") from None
