"""A coordinator logging in to the web page, in two steps, and out; changing their password. The
rules (waits after wrong tries, strong passwords, sessions that end) are in bot/domain/logins.py;
these say what happens, in one unit of work each. Log lines are the web page's: these return what
it needs to say."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from bot.domain.records import Login
from bot.domain.logins import code_is_right
from bot.store.audit import CHANGED, VIEWED
from bot.store.unit_of_work import SqlUnitOfWork
from bot.use_cases.unit_of_work import UnitOfWork

Uow = Callable[..., UnitOfWork]
NOT_CURRENT = "Your current password is not right."
NOT_THE_SAME = "The two new passwords are different."


@dataclass(frozen=True)
class Attempt:
    """How a try went: a session token when it worked; else, maybe, how long to wait before the next."""
    token: str | None = None
    coordinator_id: int | None = None
    wait: timedelta = timedelta(0)
    recovery_codes: list[str] = field(default_factory=list)  # just set up a second factor: shown once

    @property
    def must_wait(self) -> bool:
        return self.wait > timedelta(0)


def who_is_logged_in(token: str, now: datetime, uow: Uow = SqlUnitOfWork) -> Login | None:
    """The live session behind a cookie's token (marked as used now), or None."""
    with uow() as work:
        return work.logins.live_login(token, now)


def log_in(email: str, password: str, address: str, now: datetime, uow: Uow = SqlUnitOfWork) -> Attempt:
    """The first step: email and password. After too many wrong tries the password is not even checked."""
    with uow() as work:
        wait = work.logins.wait_before_trying(email, address, now)
        if wait > timedelta(0):
            return Attempt(wait=wait)
        coordinator_id = work.logins.authenticate(email, password) if email and password else None
        if coordinator_id is None:
            work.logins.record_failure(email, address, now)
            return Attempt()
        return Attempt(work.logins.start_session(coordinator_id, now, mfa_passed=False), coordinator_id)


def give_second_factor(login: Login, code: str, new_secret: str, old_token: str | None, address: str,
                       now: datetime, uow: Uow = SqlUnitOfWork) -> Attempt:
    """The second step: the authenticator app's code, or a recovery code. Without a second factor yet,
    the first right code for `new_secret` sets it up. Fully logged in, the session gets a new token."""
    coordinator_id = login.coordinator_id
    with uow() as work:
        email = work.logins.email_of(coordinator_id)
        wait = work.logins.wait_before_trying(email, address, now)
        if wait > timedelta(0):
            return Attempt(coordinator_id=coordinator_id, wait=wait)
        recovery_codes = []
        if not login.enrolled and code_is_right(new_secret, code, now):
            recovery_codes = work.logins.enrol(coordinator_id, new_secret, now)
            work.audit.record(coordinator_id, CHANGED, "second factor set up")
        if recovery_codes or (login.enrolled and work.logins.second_factor_ok(coordinator_id, code, now)):
            work.logins.forget_failures(email)
            work.logins.end_session(old_token, now)
            token = work.logins.start_session(coordinator_id, now, mfa_passed=True)
            work.audit.record(coordinator_id, VIEWED, "logged in")
            return Attempt(token, coordinator_id, recovery_codes=recovery_codes)
        work.logins.record_failure(email, address, now)
        return Attempt(coordinator_id=coordinator_id)


def authenticator_link(coordinator_id: int, secret: str, uow: Uow = SqlUnitOfWork) -> str:
    """The otpauth:// address an authenticator app scans (as a QR code) to set up the second factor."""
    with uow(read_only=True) as work:
        return work.logins.authenticator_uri(coordinator_id, secret)


def log_out(token: str | None, now: datetime, uow: Uow = SqlUnitOfWork) -> None:
    with uow() as work:
        work.logins.end_session(token, now)


@dataclass(frozen=True)
class PasswordChange:
    token: str | None = None   # this browser's new session: every other one has ended
    problem: str | None = None


def change_password(coordinator_id: int, current: str, new: str, again: str, address: str, now: datetime,
                    uow: Uow = SqlUnitOfWork) -> PasswordChange:
    """A new password ends every session of theirs, on every device; a wrong current one counts as a wrong try."""
    with uow() as work:
        if not work.logins.password_matches(coordinator_id, current):
            work.logins.record_failure(work.logins.email_of(coordinator_id), address, now)
            return PasswordChange(problem=NOT_CURRENT)
        if new != again:
            return PasswordChange(problem=NOT_THE_SAME)
        try:
            work.logins.set_password(coordinator_id, new, now)
        except ValueError as weak:
            return PasswordChange(problem=str(weak))
        token = work.logins.start_session(coordinator_id, now, mfa_passed=True)
        work.audit.record(coordinator_id, CHANGED, "password changed")
        return PasswordChange(token)
