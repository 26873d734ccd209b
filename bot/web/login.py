"""Logging in, in two steps, and out.

1. Email and password. Wrong tries are counted per account and per address in the database; after
   a few, each next try waits longer (bot/domain/logins.py), and the password is not even checked.
2. The second factor: the 6-digit code from an authenticator app, or a one-time recovery code. A
   coordinator without one sets it up here first (a QR code to scan, then a first code to confirm
   it), and is shown their recovery codes once.

Every decision is logged (bot.web.auth_events) with the coordinator's number, never a password or code.
"""
from __future__ import annotations

import math

from starlette.requests import Request
from starlette.responses import Response

from bot.domain.logins import new_totp_secret
from bot.use_cases.logging_in import authenticator_link, give_second_factor, log_in
from bot.web import auth
from bot.web.auth import checked_form, events
from bot.web.invite_links import qr_data_uri
from bot.web.pages import render, see_other

WRONG = "That email address and password don't match. Please check them and try again."
WRONG_CODE = "That code didn't work. Check the app shows this account, and type the 6 numbers shown now."
WAIT = "There have been too many wrong tries. Please wait {} before trying again."
SECOND_STEP = "/login/code"


async def login_page(request: Request) -> Response:
    login = request.scope.get("login")
    if login is not None:
        return see_other("/meetings" if login.mfa_passed else SECOND_STEP)
    return render(request, "login.html", email="", error=None, next=_safe_next(request.query_params.get("next")))


async def login(request: Request) -> Response:
    form = await checked_form(request)
    email, password = str(form.get("email", "")).strip()[:254], str(form.get("password", ""))[:1024]
    next_url = _safe_next(str(form.get("next", "")))
    where = auth.address(request)
    tried = log_in(email, password, where, auth.now(request))
    if tried.must_wait:
        events.warning("login refused: too many wrong tries (account or address %s)", where)
        return render(request, "login.html", 429, email=email, error=WAIT.format(_in_words(tried.wait)), next=next_url)
    if tried.token is None:
        events.warning("login failed: wrong email or password, from %s", where)
        return render(request, "login.html", 401, email=email, error=WRONG, next=next_url)
    auth.begin(request, tried.token)
    events.info("login: password right for coordinator %d from %s; second factor next", tried.coordinator_id, where)
    request.session["next"] = next_url
    return see_other(SECOND_STEP)


async def second_step_page(request: Request) -> Response:
    halfway = auth.halfway(request)
    if halfway is None:
        return see_other("/login")
    if halfway.enrolled:
        return render(request, "login_code.html", error=None)
    return _enrol_page(request, halfway.coordinator_id, error=None)


async def second_step(request: Request) -> Response:
    form = await checked_form(request)
    halfway = auth.halfway(request)
    if halfway is None:
        return see_other("/login")
    code, where, who = str(form.get("code", ""))[:40], auth.address(request), halfway.coordinator_id
    tried = give_second_factor(halfway, code, request.session.get("pending_totp", ""), request.session.get("sid"),
                               where, auth.now(request))
    if tried.must_wait:
        events.warning("second factor refused: too many wrong tries (coordinator %d)", who)
        return render(request, "login_code.html", 429, error=WAIT.format(_in_words(tried.wait)))
    if tried.recovery_codes:
        events.info("second factor set up: coordinator %d", who)
    if tried.token is not None:
        events.info("login: coordinator %d from %s", who, where)
    else:
        events.warning("second factor wrong: coordinator %d from %s", who, where)
    recovery_codes, token = tried.recovery_codes, tried.token
    if token is None:
        if halfway.enrolled:
            return render(request, "login_code.html", 401, error=WRONG_CODE)
        return _enrol_page(request, halfway.coordinator_id, error=WRONG_CODE, status_code=401)
    next_url = _safe_next(request.session.get("next"))
    auth.begin(request, token)
    if recovery_codes:
        return render(request, "recovery_codes.html", codes=recovery_codes, next=next_url)
    return see_other(next_url)


def _enrol_page(request: Request, coordinator_id: int, error: str | None, status_code: int = 200) -> Response:
    """Set up the authenticator app. The new secret stays with this browser's session until a first
    code confirms it, so someone else who had the password never sees the secret that is kept."""
    secret = request.session.setdefault("pending_totp", new_totp_secret())
    uri = authenticator_link(coordinator_id, secret)
    return render(request, "login_enrol.html", status_code, qr=qr_data_uri(uri), secret=secret, error=error)


async def logout(request: Request) -> Response:
    await checked_form(request)
    auth.log_out(request)
    return see_other("/login")


def _in_words(wait) -> str:
    seconds = math.ceil(wait.total_seconds())
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


def _safe_next(url: str | None) -> str:
    """Only a page of this site (never another site) after logging in."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return "/meetings"
