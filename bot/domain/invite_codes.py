"""Invite codes: what they look like, and finding one in a message someone typed.

Most people join through the coordinator's link (/start <code>), which carries the code exactly. Some
type it in a sentence instead ("my code is 7hkm2pqr9x"); Rasa's regex finds codes with a digit in them,
and `find_code` is the fallback for the rest, such as a code that happens to have no digit.
"""
from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

# No 0/O or 1/I/L: codes get read aloud and typed on phones.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
_WORD = re.compile(r"[A-Za-z0-9]+")
# Every code stops working this long after it is made or renewed, however it was made (web page or
# command line); a chat that already joined with it carries on.
CODE_LIFETIME = timedelta(days=30)


def code_expiry(now: datetime) -> datetime:
    return now + CODE_LIFETIME


def has_expired(expires_at: datetime | None, now: datetime) -> bool:
    """Whether a code made to expire at `expires_at` has stopped working (None: one made before codes
    expired, which still works)."""
    return expires_at is not None and expires_at <= now


def new_invite_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def find_code(text: str) -> str | None:
    """The invite code in typed text, upper-cased, or None. A code is a word of CODE_LENGTH characters
    all from CODE_ALPHABET, in any case; a ten-letter ordinary word can look like one ("understand"),
    so a word with a digit in it is preferred, and of several candidates the last is taken."""
    words = [w.upper() for w in _WORD.findall(text or "")
             if len(w) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in w.upper())]
    with_digit = [w for w in words if any(ch.isdigit() for ch in w)]
    candidates = with_digit or words
    return candidates[-1] if candidates else None


def code_state(revoked_at: datetime | None, expires_at: datetime | None, in_use: bool, now: datetime) -> str:
    """What the coordinator is told of a code: "revoked", "expired", "in use" or "not used yet"."""
    if revoked_at:
        return "revoked"
    if has_expired(expires_at, now):
        return "expired"
    return "in use" if in_use else "not used yet"
