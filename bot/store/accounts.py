"""Coordinator accounts (argon2id password hashes), their logins (server-side sessions, wrong tries,
a TOTP second factor with recovery codes) and which meetings each may see. The rules are in
bot/domain/logins.py."""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.domain import logins
from bot.domain.logins import code_is_right, normalise_email
from bot.store.models import Coordinator, LoginFailure, Meeting, RecoveryCode, WebSession

RECOVERY_CODES = 10
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()
# Checked when no account has the email, so a wrong email takes as long as a wrong password.
_NO_ACCOUNT_HASH = _hasher.hash("no account has this email")


def check_new_account(email: str, name: str, password: str) -> str | None:
    """What is wrong with these details, in words; None when they are fine."""
    if not EMAIL.match(normalise_email(email)):
        return "Please give an email address like name@example.org."
    if not name.strip():
        return "Please give the coordinator's name."
    return logins.password_problem(password, [email, name, *name.split(), email.split("@")[0]])


def create_coordinator(session: Session, email: str, name: str, password: str) -> Coordinator:
    problem = check_new_account(email, name, password)
    if problem is None and coordinator_by_email(session, email) is not None:
        problem = "There is already a coordinator with that email address."
    if problem:
        raise ValueError(problem)
    coordinator = Coordinator(email=normalise_email(email), name=name.strip(), password_hash=_hasher.hash(password))
    session.add(coordinator)
    session.flush()
    return coordinator


def set_password(session: Session, coordinator: Coordinator, password: str, now: datetime) -> None:
    """A new password; every session of theirs ends (log in again with it)."""
    problem = logins.password_problem(password, [coordinator.email, coordinator.name, *coordinator.name.split()])
    if problem:
        raise ValueError(problem)
    coordinator.password_hash = _hasher.hash(password)
    revoke_sessions(session, coordinator.id, now)


def password_matches(coordinator: Coordinator, password: str) -> bool:
    try:
        return _hasher.verify(coordinator.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Sessions: the cookie holds a random token; only its SHA-256 is stored, so a copy of the database
# cannot be used to log in.

def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, coordinator: Coordinator, now: datetime) -> str:
    """A new session (the second factor still to come); returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(WebSession(token_hash=_token_hash(token), coordinator_id=coordinator.id, created_at=now,
                           last_seen_at=now, mfa_passed=False))
    session.flush()
    return token


def live_session(session: Session, token: str | None, now: datetime) -> WebSession | None:
    """The session of this token if it is still alive, marked as used now; else None."""
    if not token:
        return None
    found = session.scalar(select(WebSession).where(WebSession.token_hash == _token_hash(token)))
    if found is None or not logins.session_alive(found.created_at, found.last_seen_at, found.revoked_at, now):
        return None
    found.last_seen_at = now
    return found


def revoke_session(session: Session, token: str | None, now: datetime) -> None:
    if token:
        session.execute(update(WebSession).where(WebSession.token_hash == _token_hash(token),
                                                 WebSession.revoked_at.is_(None)).values(revoked_at=now))


def revoke_sessions(session: Session, coordinator_id: int, now: datetime) -> None:
    session.execute(update(WebSession).where(WebSession.coordinator_id == coordinator_id,
                                             WebSession.revoked_at.is_(None)).values(revoked_at=now))


# Wrong tries, kept for an hour (logins.WINDOW).

def wait_before_trying(session: Session, email: str, address: str, now: datetime):
    since = now - logins.WINDOW
    by_account = session.scalars(select(LoginFailure.failed_at).where(
        LoginFailure.email == normalise_email(email), LoginFailure.failed_at > since)).all()
    by_address = session.scalars(select(LoginFailure.failed_at).where(
        LoginFailure.address == address, LoginFailure.failed_at > since)).all()
    return logins.wait_before_trying(list(by_account), list(by_address), now)


def record_failure(session: Session, email: str, address: str, now: datetime) -> None:
    session.add(LoginFailure(email=normalise_email(email)[:254], address=address[:64], failed_at=now))
    session.execute(delete(LoginFailure).where(LoginFailure.failed_at < now - logins.WINDOW))


def forget_failures(session: Session, email: str) -> None:
    """After a full login: the delays start again from nothing (the hour's count of others stays)."""
    session.execute(delete(LoginFailure).where(LoginFailure.email == normalise_email(email)))


# The second factor.

def totp_uri(coordinator: Coordinator, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=coordinator.email, issuer_name="meeting-prep")


def enrol(session: Session, coordinator: Coordinator, secret: str, now: datetime) -> list[str]:
    """Keep the confirmed secret; returns new recovery codes, shown once (only their hashes are kept)."""
    coordinator.totp_secret, coordinator.mfa_enrolled_at = secret, now
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    coordinator.recovery_codes = [RecoveryCode(code_hash=_hasher.hash(code)) for code in codes]
    session.flush()
    return codes


def second_factor_ok(coordinator: Coordinator, code: str, now: datetime) -> bool:
    """The app's code, or an unused recovery code (then used up)."""
    if coordinator.totp_secret and code_is_right(coordinator.totp_secret, code, now):
        return True
    typed = code.strip().lower()
    for recovery in coordinator.recovery_codes:
        if recovery.used_at is None:
            try:
                _hasher.verify(recovery.code_hash, typed)
            except (VerificationError, InvalidHashError):
                continue
            recovery.used_at = now
            return True
    return False


def coordinator_by_email(session: Session, email: str) -> Coordinator | None:
    return session.scalar(select(Coordinator).where(Coordinator.email == normalise_email(email)))


def authenticate(session: Session, email: str, password: str) -> Coordinator | None:
    """The coordinator with this email and password, or None (taking the same time either way)."""
    coordinator = coordinator_by_email(session, email)
    try:
        _hasher.verify(coordinator.password_hash if coordinator else _NO_ACCOUNT_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if coordinator is None:
        return None
    if _hasher.check_needs_rehash(coordinator.password_hash):
        coordinator.password_hash = _hasher.hash(password)
    return coordinator


def meetings_of(session: Session, coordinator_id: int) -> list[Meeting]:
    """Their meetings, soonest first; those still to be agreed after, newest first."""
    meetings = session.scalars(select(Meeting).where(Meeting.coordinator_id == coordinator_id)).all()
    dated = sorted((m for m in meetings if m.scheduled_at), key=lambda m: m.scheduled_at)
    undated = sorted((m for m in meetings if not m.scheduled_at), key=lambda m: m.created_at, reverse=True)
    return dated + undated


def owned_meeting(session: Session, coordinator_id: int, meeting_id: int) -> Meeting | None:
    """The meeting, only if this coordinator owns it."""
    meeting = session.get(Meeting, meeting_id)
    return meeting if meeting is not None and meeting.coordinator_id == coordinator_id else None
