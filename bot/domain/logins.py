"""The rules of logging in to the coordinator page (OWASP ASVS 4.0.3 level 2). Pure: no I/O.

- Sessions end after IDLE without use and ABSOLUTE after logging in, whatever happens in between.
- Wrong passwords: an account takes at most ACCOUNT_FAILURES an hour, and after a few in a row each
  next try must wait longer (2, 4, 8 ... seconds, up to MAX_DELAY); one address at most
  ADDRESS_FAILURES an hour over all accounts. Counted in the database, so restarts change nothing.
- Passwords: at least MIN_PASSWORD_LENGTH characters, and not common, breached or made of the
  person's own name or email (zxcvbn's lists, which ship inside the package).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pyotp
from zxcvbn import zxcvbn

IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
WINDOW = timedelta(hours=1)
ACCOUNT_FAILURES = 100
ADDRESS_FAILURES = 100
FREE_TRIES = 3  # wrong passwords in a row before the delays start (typos happen)
RUN = timedelta(minutes=15)  # failures this close together count as one run for the delays
MAX_DELAY = timedelta(minutes=5)
MIN_PASSWORD_LENGTH = 12
MIN_STRENGTH = 4  # zxcvbn's score, 0-4: 4 is "very unguessable" (10^10 guesses and more)


def normalise_email(email: str) -> str:
    """Accounts are found by email whatever its case or stray spaces."""
    return email.strip().lower()


def session_alive(created_at: datetime, last_seen_at: datetime, revoked_at: datetime | None, now: datetime) -> bool:
    return revoked_at is None and now - last_seen_at < IDLE and now - created_at < ABSOLUTE


def wait_before_trying(account_failures: list[datetime], address_failures: list[datetime],
                       now: datetime) -> timedelta:
    """How long this account, from this address, must wait before its password is checked again
    (zero: it may try now). Each list holds the times of wrong passwords, in any order."""
    waits = [timedelta(0)]
    for failures, most in ((account_failures, ACCOUNT_FAILURES), (address_failures, ADDRESS_FAILURES)):
        within = sorted(t for t in failures if now - t < WINDOW)
        if len(within) >= most:  # until the oldest counted leaves the hour
            waits.append(within[len(within) - most] + WINDOW - now)
    run = _latest_run(sorted(account_failures))
    if len(run) >= FREE_TRIES:
        delay = min(timedelta(seconds=2 ** min(len(run) - FREE_TRIES + 1, 16)), MAX_DELAY)
        waits.append(run[-1] + delay - now)
    return max(waits)


def _latest_run(failures: list[datetime]) -> list[datetime]:
    """The latest failures each within RUN of the one before."""
    run: list[datetime] = []
    for moment in failures:
        run = run + [moment] if run and moment - run[-1] < RUN else [moment]
    return run


def password_problem(password: str, own_words: list[str]) -> str | None:
    """What is wrong with a new password, in words; None when it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"The password needs at least {MIN_PASSWORD_LENGTH} characters."
    words = {part.lower() for text in own_words for part in re.split(r"[^A-Za-z0-9]+", text or "") if len(part) >= 3}
    if zxcvbn(password[:200], user_inputs=sorted(words | {t.lower() for t in own_words if t}))["score"] < MIN_STRENGTH:
        return ("That password is too easy to guess: it is a common one, close to one, or made from a name "
                "or email. Three or four unrelated words make a good one.")
    return None


def new_totp_secret() -> str:
    """A secret for a coordinator's authenticator app (kept once a first code confirms it)."""
    return pyotp.random_base32()


def code_is_right(secret: str, code: str, now: datetime) -> bool:
    """A code from the app, this 30 seconds or the one either side (phones' clocks drift)."""
    code = "".join(code.split())
    return code.isdigit() and pyotp.TOTP(secret).verify(code, for_time=now, valid_window=1)
