"""Requests from our front ends to Rasa are signed, so that only they can speak for a participant.

The signature is HMAC-SHA256, keyed with a secret only the service's user can read, over the
request's timestamp, a random nonce (the same message twice in a second, such as a button pressed
twice, is two requests, not a replay) and its body. Rasa's signed channel (signed_channel.py) refuses a request whose
signature is wrong or older than MAX_AGE, and one it has seen before (a replay).

Only the standard library here: the front ends (our environment) and Rasa (its own) both import it.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

TIMESTAMP_HEADER = "X-Meeting-Prep-Timestamp"
NONCE_HEADER = "X-Meeting-Prep-Nonce"
SIGNATURE_HEADER = "X-Meeting-Prep-Signature"
MAX_AGE = 300  # seconds either way: room for clocks a little apart, too short to keep a request for later
SECRET_BYTES = 32
# Where the front ends and Rasa find the secret: set by bot/services.py, read by credentials.yml.
SECRET_FILE_VARIABLE = "MEETING_PREP_CHANNEL_KEY_FILE"


def signature(secret: bytes, timestamp: str, nonce: str, body: bytes) -> str:
    signed = f"{timestamp}\n{nonce}\n".encode("utf-8") + body
    return hmac.new(secret, signed, hashlib.sha256).hexdigest()


def signed_headers(secret: bytes, body: bytes, now: float) -> dict[str, str]:
    timestamp, nonce = str(int(now)), secrets.token_hex(16)
    return {TIMESTAMP_HEADER: timestamp, NONCE_HEADER: nonce, SIGNATURE_HEADER: signature(secret, timestamp, nonce, body)}


def problem_with(secret: bytes, headers: dict, body: bytes, now: float) -> str | None:
    """Why a request's signature is not acceptable, or None when it is (replays are checked apart)."""
    timestamp, nonce, given = (headers.get(name) for name in (TIMESTAMP_HEADER, NONCE_HEADER, SIGNATURE_HEADER))
    if not timestamp or not nonce or not given:
        return "not signed"
    try:
        age = now - int(timestamp)
    except ValueError:
        return "bad timestamp"
    if abs(age) > MAX_AGE:
        return "too old" if age > 0 else "from the future"
    if not hmac.compare_digest(signature(secret, timestamp, nonce, body), given):
        return "wrong signature"
    return None


def read_secret(path: str | Path) -> bytes:
    secret = Path(path).read_text(encoding="ascii").strip()
    if len(secret) < 2 * SECRET_BYTES:
        raise ValueError(f"The channel secret in {path} is too short")
    return secret.encode("ascii")


def ensure_secret(path: str | Path) -> bytes:
    """The secret in `path`, made first if there is none: readable by this user only (0600), and
    written whole or not at all, so a crash never leaves an empty key that others would then read."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_hex(SECRET_BYTES))
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(draft, path)  # fails if another process made it first: theirs is kept
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return read_secret(path)
