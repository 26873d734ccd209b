"""Logging in and staying safe: the signed session, CSRF tokens, login rate limiting.

The session cookie (Starlette's SessionMiddleware, signed with itsdangerous) is HttpOnly and
SameSite=Lax and holds only the coordinator's id and name and a CSRF token. Every POST carries the
token in a hidden field and is refused without it.
"""
from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Callable

from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from bot.store import accounts
from bot.store.models import Coordinator, Meeting
from bot.web.limits import MAX_BODY_BYTES, TOO_LARGE, UNREADABLE, declared_length

CSRF_FIELD = "csrf_token"
MAX_FORM_BYTES = MAX_BODY_BYTES


class LoginRequired(Exception):
    """Raised by a page that needs a logged-in coordinator; answered with the login page."""


@dataclass(frozen=True)
class Who:
    id: int
    name: str


def csrf_token(request: Request) -> str:
    """This session's token, made on first use."""
    if "csrf" not in request.session:
        request.session["csrf"] = secrets.token_urlsafe(32)
    return request.session["csrf"]


async def checked_form(request: Request) -> FormData:
    """The posted form, after checking its size (413), that it can be read (400), and its CSRF token
    (403 when missing or wrong). A body sent without a length is cut off by limits.BodySizeLimit."""
    if (declared_length(request.headers) or 0) > MAX_FORM_BYTES:
        raise HTTPException(413, TOO_LARGE)
    try:
        form = await request.form(max_files=0, max_fields=200, max_part_size=MAX_FORM_BYTES)
    except HTTPException as error:  # Starlette's 400 for a broken multipart body, files, too many fields
        if error.status_code != 400:
            raise
        raise HTTPException(400, UNREADABLE) from error
    sent, expected = str(form.get(CSRF_FIELD, "")), request.session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(403, "This form has expired. Please go back, reload the page and try again.")
    return form


def log_in(request: Request, coordinator: Coordinator) -> None:
    request.session.clear()
    request.session.update({"coordinator_id": coordinator.id, "name": coordinator.name,
                            "csrf": secrets.token_urlsafe(32)})


def log_out(request: Request) -> None:
    request.session.clear()


def current(request: Request, session: Session) -> Who:
    """The logged-in coordinator (still existing), or LoginRequired."""
    coordinator_id = request.session.get("coordinator_id")
    coordinator = session.get(Coordinator, coordinator_id) if isinstance(coordinator_id, int) else None
    if coordinator is None:
        request.session.pop("coordinator_id", None)
        raise LoginRequired()
    return Who(coordinator.id, coordinator.name)


class LoginLimiter:
    """At most `max_failures` wrong logins per email and address in `window` seconds (in memory)."""

    def __init__(self, max_failures: int = 5, window: float = 15 * 60,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures, self.window, self.clock = max_failures, window, clock
        self.failures: dict[tuple[str, str], list[float]] = {}

    def blocked(self, email: str, address: str) -> bool:
        return len(self._recent(_key(email, address))) >= self.max_failures

    def failed(self, email: str, address: str) -> None:
        key = _key(email, address)
        self.failures[key] = self._recent(key) + [self.clock()]

    def succeeded(self, email: str, address: str) -> None:
        self.failures.pop(_key(email, address), None)

    def _recent(self, key: tuple[str, str]) -> list[float]:
        cutoff = self.clock() - self.window
        recent = [t for t in self.failures.get(key, []) if t > cutoff]
        if recent:
            self.failures[key] = recent
        else:
            self.failures.pop(key, None)  # memory only for keys with recent failures
        return recent


def _key(email: str, address: str) -> tuple[str, str]:
    return email.strip().lower(), address


def meeting_or_404(session: Session, who: Who, meeting_id: int) -> Meeting:
    """The meeting if this coordinator owns it; otherwise 404, the same as a meeting that does not exist."""
    meeting = accounts.owned_meeting(session, who.id, meeting_id)
    if meeting is None:
        raise HTTPException(404, "There is no meeting here, or it belongs to another coordinator.")
    return meeting
