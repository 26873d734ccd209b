"""Requests from our front ends to Rasa are signed, so that only they can speak for a participant.

The signature is HMAC-SHA256, keyed with a secret only the service's user can read, over the
request's timestamp, a random nonce (the same message twice in a second, such as a button pressed
twice, is two requests, not a replay) and its body. Rasa's signed channel (signed_channel.py) refuses a request whose
signature is wrong or older than MAX_AGE, and one it has seen before (a replay).

Only the standard library and bot.store.keys here: the front ends (our environment) and Rasa's signed
channel (its own environment) both import it. It lives in the store beside the other keys.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from bot.store import keys

TIMESTAMP_HEADER = "X-Meeting-Prep-Timestamp"
NONCE_HEADER = "X-Meeting-Prep-Nonce"
SIGNATURE_HEADER = "X-Meeting-Prep-Signature"
MAX_AGE = 300  # seconds either way: room for clocks a little apart, too short to keep a request for later
SECRET_BYTES = 32
# Where the front ends and Rasa find the secret: set by bot/cli/supervisor.py, read by credentials.yml.
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
    """The secret in `path`, made first if there is none (0600, written whole: bot/store/keys.py)."""
    return read_secret(keys.secret_file(Path(path), lambda: secrets.token_hex(SECRET_BYTES).encode("ascii")))
