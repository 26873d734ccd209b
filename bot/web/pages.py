"""Rendering pages: the Jinja2 templates (autoescaped), date filters, and the error page."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.templating import Jinja2Templates

from bot.domain.alerts import trail_line
from bot.domain.clock import uk_time
from bot.domain.dates import day_in_words, time_in_words
from bot.domain.people import PROFESSIONAL_ROLES, ROLE_LABELS
from bot.domain.readiness import STATUS_WORDS
from bot.domain.visibility import label
from bot.web.auth import csrf_token

TEMPLATES_DIR = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)

stamp = uk_time  # a stored time as UK time: 'Tue 3 Dec 2026, 10:05'


def meeting_time(moment: datetime | None) -> str:
    """The meeting's own date and time, as the coordinator entered it."""
    if moment is None:
        return "To be agreed"
    return time_in_words(moment, with_year=True)


def day(moment) -> str:
    return day_in_words(moment, with_year=True)


def role_words(role: str) -> str:
    return ROLE_LABELS.get(role, role.replace("_", " "))


def delivery_words(delivery) -> str:
    return trail_line(delivery, stamp)


def professional_role_words(role: str) -> str:
    return PROFESSIONAL_ROLES.get(role, role).split(":")[0]


templates.env.filters.update(stamp=stamp, meeting_time=meeting_time, day=day, role_words=role_words,
                             professional_role=professional_role_words, visibility_label=label,
                             delivery=delivery_words)
templates.env.globals.update(STATUS_WORDS=STATUS_WORDS)


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    login = request.scope.get("login")
    context.setdefault("signed_in_as", login.name if login is not None and login.mfa_passed else None)
    context["csrf_token"] = csrf_token(request)
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def see_other(url: str) -> RedirectResponse:
    """After a POST, go to a page (so reloading does not send the form again)."""
    return RedirectResponse(url, status_code=303)


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    titles = {400: "Couldn't read that", 403: "Not allowed", 404: "Page not found", 413: "Too large",
              429: "Too many tries"}
    return render(request, "error.html", status_code, title=titles.get(status_code, "Something went wrong"),
                  message=message)
