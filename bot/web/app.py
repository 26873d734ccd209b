"""The coordinator web app: routes, middleware (signed session, security headers) and error pages."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable
from urllib.parse import quote
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.web import account, login, meetings, reports
from bot.domain.clock import utcnow
from bot.web.auth import LoginRequired, ServerSessions, SessionCookie
from bot.web.config import secret_key
from bot.web.limits import TOO_LARGE, UNREADABLE, BodySizeLimit
from bot.web.pages import error_page, see_other

logger = logging.getLogger(__name__)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # pages hold invite links: never pass them on
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Cache-Control": "no-store",  # what families said must not stay in a browser's cache
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers if scope["type"] == "http" else send)


async def home(request: Request) -> Response:
    return see_other("/meetings")


async def health(request: Request) -> Response:
    return PlainTextResponse("ok")


async def to_login(request: Request, exc: Exception) -> Response:
    wanted = request.url.path if request.method == "GET" else "/meetings"
    return see_other(f"/login?next={quote(wanted)}")


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {400: UNREADABLE, 404: "There is nothing here. Check the address, or go back to your meetings.",
                405: "That page can't be used like that.", 413: TOO_LARGE}
    ours = exc.detail and exc.status_code in (403, 404, 413)  # raised by our pages, with words for people
    message = exc.detail if ours else messages.get(exc.status_code, "")
    return error_page(request, exc.status_code, message or "Something went wrong. Please try again.")


async def server_error(request: Request, exc: Exception) -> Response:
    logger.error("Error on the coordinator page: %s", type(exc).__name__)  # never the content
    return error_page(request, 500, "Something went wrong on our side. Please try again in a moment.")


def routes() -> list:
    meeting = "/meetings/{meeting_id:id}"  # limits.IdConvertor
    return [
        Route("/", home),
        Route("/health", health),
        Route("/login", login.login_page, methods=["GET"]),
        Route("/login", login.login, methods=["POST"]),
        Route("/login/code", login.second_step_page, methods=["GET"]),
        Route("/login/code", login.second_step, methods=["POST"]),
        Route("/logout", login.logout, methods=["POST"]),
        Route("/meetings", meetings.meetings_list),
        Route("/account", account.account_page, methods=["GET"]),
        Route("/account/password", account.change_password, methods=["POST"]),
        Route("/account/telegram", account.make_telegram_link, methods=["POST"]),
        Route("/account/telegram/unlink", account.unlink_telegram, methods=["POST"]),
        Route("/meetings/new", meetings.new_meeting_page, methods=["GET"]),
        Route("/meetings/new", meetings.create_meeting, methods=["POST"]),
        Route(meeting, reports.overview),
        Route(f"{meeting}/edit", meetings.edit_meeting_page, methods=["GET"]),
        Route(f"{meeting}/edit", meetings.update_meeting, methods=["POST"]),
        Route(f"{meeting}/participants", meetings.participants_page, methods=["GET"]),
        Route(f"{meeting}/participants", meetings.add_participant, methods=["POST"]),
        Route(f"{meeting}/participants/{{participant_id:id}}/revoke", meetings.revoke_code, methods=["POST"]),
        Route(f"{meeting}/participants/{{participant_id:id}}/new-code", meetings.new_code, methods=["POST"]),
        Route(f"{meeting}/readiness", reports.readiness),
        Route(f"{meeting}/people/{{participant_id:id}}", reports.person),
        Route(f"{meeting}/print", reports.printable),
        Route(f"{meeting}/export.csv", reports.export_csv),
        Route(f"{meeting}/audit", reports.audit_log),
        Route(f"{meeting}/flags/{{flag_id:id}}/handled", reports.flag_handled, methods=["POST"]),
        Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
    ]


def create_app(secret: str | None = None, clock: Callable[[], datetime] = utcnow) -> Starlette:
    """`clock` gives the time for sessions and wrong-try counts (a fake one in tests)."""
    app = Starlette(
        routes=routes(),
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(BodySizeLimit),
            Middleware(SessionCookie, secret=secret or secret_key()),
            Middleware(ServerSessions),
        ],
        exception_handlers={LoginRequired: to_login, HTTPException: http_error, Exception: server_error},
    )
    app.state.clock = clock
    return app
