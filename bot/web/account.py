"""The coordinator's own settings: their password, and safeguarding alerts on their phone, through Telegram."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.store import accounts, audit
from bot.store.db import unit_of_work
from bot.store.models import Coordinator
from bot.use_cases import alert_links
from bot.web import auth
from bot.web.invite_links import deep_link, qr_data_uri
from bot.web.pages import render, see_other


def _who(request: Request) -> auth.Who:
    with unit_of_work(read_only=True) as session:
        return auth.current(request, session)


async def account_page(request: Request) -> Response:
    who = _who(request)
    changed = request.query_params.get("password") == "changed"
    return render(request, "account.html", linked=alert_links.is_linked(who.id), link=None, changed=changed)


async def change_password(request: Request) -> Response:
    """A new password ends every session of theirs, on every device; this browser stays logged in."""
    form = await auth.checked_form(request)
    who = _who(request)
    current, new, again = (str(form.get(name, ""))[:1024] for name in ("current", "new", "again"))
    moment = auth.now(request)
    with unit_of_work() as session:
        coordinator = session.get(Coordinator, who.id)
        problem = None
        if not accounts.password_matches(coordinator, current):
            problem = "Your current password is not right."
            accounts.record_failure(session, coordinator.email, auth.address(request), moment)
        elif new != again:
            problem = "The two new passwords are different."
        else:
            try:
                accounts.set_password(session, coordinator, new, moment)
            except ValueError as error:
                problem = str(error)
        if problem:
            auth.events.warning("password not changed: coordinator %d", who.id)
            return render(request, "account.html", 400, linked=alert_links.is_linked(who.id), link=None,
                          password_error=problem)
        token = accounts.start_session(session, coordinator, moment)
        accounts.live_session(session, token, moment).mfa_passed = True
        audit.record(session, who.id, audit.CHANGED, "password changed")
        auth.events.info("password changed: coordinator %d; every other session ended", who.id)
    auth.begin(request, token)
    return see_other("/account?password=changed")


async def make_telegram_link(request: Request) -> Response:
    """A one-time link (15 minutes): opened in Telegram, it sends this coordinator's alerts to that chat."""
    await auth.checked_form(request)
    who = _who(request)
    link = deep_link(alert_links.new_link_code(who.id))
    return render(request, "account.html", linked=alert_links.is_linked(who.id), link=link, qr=qr_data_uri(link),
                  minutes=int(alert_links.LIFETIME.total_seconds() // 60))


async def unlink_telegram(request: Request) -> Response:
    await auth.checked_form(request)
    alert_links.unlink_chat(_who(request).id)
    return see_other("/account")
