"""Coordinator accounts (argon2id password hashes) and which meetings each may see."""
from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import Coordinator, Meeting

MIN_PASSWORD_LENGTH = 10
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()
# Checked when no account has the email, so a wrong email takes as long as a wrong password.
_NO_ACCOUNT_HASH = _hasher.hash("no account has this email")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_new_account(email: str, name: str, password: str) -> str | None:
    """What is wrong with these details, in words; None when they are fine."""
    if not EMAIL.match(normalise_email(email)):
        return "Please give an email address like name@example.org."
    if not name.strip():
        return "Please give the coordinator's name."
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"The password needs at least {MIN_PASSWORD_LENGTH} characters."
    return None


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


def set_password(coordinator: Coordinator, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    coordinator.password_hash = _hasher.hash(password)


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
