"""Logging in and out. Wrong passwords are counted per email and address (LoginLimiter)."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.store import accounts
from bot.store.db import unit_of_work
from bot.web.auth import checked_form, log_in, log_out
from bot.web.pages import render, see_other

WRONG = "That email address and password don't match. Please check them and try again."
TOO_MANY = "There have been too many tries for this account. Please wait 15 minutes, then try again."


async def login_page(request: Request) -> Response:
    if request.session.get("coordinator_id"):
        return see_other("/meetings")
    return render(request, "login.html", email="", error=None, next=_safe_next(request.query_params.get("next")))


async def login(request: Request) -> Response:
    form = await checked_form(request)
    email, password = str(form.get("email", "")).strip()[:254], str(form.get("password", ""))[:1024]
    next_url = _safe_next(str(form.get("next", "")))
    address = request.client.host if request.client else "unknown"
    limiter = request.app.state.login_limiter
    if limiter.blocked(email, address):
        return render(request, "login.html", 429, email=email, error=TOO_MANY, next=next_url)
    with unit_of_work() as session:
        coordinator = accounts.authenticate(session, email, password) if email and password else None
        if coordinator is not None:
            log_in(request, coordinator)
    if coordinator is None:
        limiter.failed(email, address)
        return render(request, "login.html", 401, email=email, error=WRONG, next=next_url)
    limiter.succeeded(email, address)
    return see_other(next_url)


async def logout(request: Request) -> Response:
    await checked_form(request)
    log_out(request)
    return see_other("/login")


def _safe_next(url: str | None) -> str:
    """Only a page of this site (never another site) after logging in."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return "/meetings"
