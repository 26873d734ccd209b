"""Logging in and staying safe: server-side sessions, CSRF tokens, the session cookie.

The cookie (Starlette's SessionMiddleware, signed with itsdangerous) is HttpOnly, SameSite=Lax,
Secure and named `__Host-...`, except on a plain http://127.0.0.1 or localhost (a local run). It holds
only a random session token and a CSRF token. Who is logged in is kept on the server
(bot/domain/logins.py: 30 minutes idle, 12 hours at most, ended by logging out or a new password),
looked up once per request by `ServerSessions`. A session is only half a login until the second
factor is given. Every POST carries the CSRF token in a hidden field and is refused without it.
"""
from __future__ import annotations

import asyncio
import functools
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Awaitable, Callable

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.domain.records import Login
from bot.use_cases.logging_in import log_out as end_session, who_is_logged_in
from bot.use_cases.reading import NoSuchParticipant, NotYourMeeting
from bot.web.limits import MAX_BODY_BYTES, TOO_LARGE, UNREADABLE, declared_length

events = logging.getLogger("bot.web.auth_events")  # logins, failures, logouts: never passwords or codes
COOKIE = "meeting_prep_session"
SECURE_COOKIE = "__Host-" + COOKIE  # Secure, Path=/ and no Domain, or browsers refuse it
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
COOKIE_SECONDS = 12 * 3600  # the session's own limit is kept on the server
CSRF_FIELD = "csrf_token"
MAX_FORM_BYTES = MAX_BODY_BYTES


class LoginRequired(Exception):
    """Raised by a page that needs a logged-in coordinator; answered with the login page."""


@dataclass(frozen=True)
class Who:
    id: int
    name: str


class SessionCookie:
    """The session cookie, Secure and __Host- unless the page is opened on plain http://127.0.0.1
    or localhost, where a browser would refuse to send a Secure cookie back."""

    def __init__(self, app: ASGIApp, secret: str) -> None:
        settings = {"secret_key": secret, "max_age": COOKIE_SECONDS, "same_site": "lax"}
        self.secure = SessionMiddleware(app, session_cookie=SECURE_COOKIE, https_only=True, **settings)
        self.local = SessionMiddleware(app, session_cookie=COOKIE, https_only=False, **settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await (self.local if _plain_local(scope) else self.secure)(scope, receive, send)


def _plain_local(scope: Scope) -> bool:
    host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()
    host = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return scope.get("scheme") == "http" and host in LOCAL_HOSTS


class ServerSessions:
    """Reads the cookie's session token and finds its live session on the server (marking it used)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/static"):
            token = scope.get("session", {}).get("sid")
            scope["login"] = await asyncio.to_thread(_look_up, token, scope["app"].state.clock()) if token else None
        await self.app(scope, receive, send)


def _look_up(token: str, now: datetime) -> Login | None:
    return who_is_logged_in(token, now)


def now(request: Request) -> datetime:
    return request.app.state.clock()


def address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


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


def begin(request: Request, token: str) -> None:
    """A new session in the cookie (a new CSRF token too: nothing from before the login carries over)."""
    request.session.clear()
    request.session.update({"sid": token, "csrf": secrets.token_urlsafe(32)})


def log_out(request: Request) -> None:
    login = request.scope.get("login")
    end_session(request.session.get("sid"), now(request))
    request.session.clear()
    if login:
        events.info("logout: coordinator %d", login.coordinator_id)


def halfway(request: Request) -> Login | None:
    """The login whose password was right, the second factor still to come."""
    login = request.scope.get("login")
    return login if login is not None and not login.mfa_passed else None


def current(request: Request) -> Who:
    """The logged-in coordinator (password and second factor), or LoginRequired."""
    login = request.scope.get("login")
    if login is None or not login.mfa_passed:
        raise LoginRequired()
    return Who(login.coordinator_id, login.name)


NOT_YOURS = "There is no meeting here, or it belongs to another coordinator."


def meeting_page(handler: Callable[[Request, Who, int], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """For a page of one meeting: the handler gets the logged-in coordinator (else the login page) and the
    meeting's number from the path; a use case finding the meeting is not theirs gives a 404, the same as
    a meeting that does not exist, and so does a participant not in it."""
    @functools.wraps(handler)
    async def page(request: Request) -> Response:
        who = current(request)
        try:
            return await handler(request, who, request.path_params["meeting_id"])
        except NotYourMeeting:
            raise HTTPException(404, NOT_YOURS) from None
        except NoSuchParticipant:
            raise HTTPException(404, "There is no such participant in this meeting.") from None
    return page

