"""The coordinator's own settings: their password, and safeguarding alerts on their phone, through Telegram."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.use_cases import alert_links
from bot.use_cases import logging_in
from bot.web import auth
from bot.web.invite_links import deep_link, qr_data_uri
from bot.web.pages import render, see_other


def _who(request: Request) -> auth.Who:
    return auth.current(request)


async def account_page(request: Request) -> Response:
    who = _who(request)
    changed = request.query_params.get("password") == "changed"
    return render(request, "account.html", linked=alert_links.is_linked(who.id), link=None, changed=changed)


async def change_password(request: Request) -> Response:
    """A new password ends every session of theirs, on every device; this browser stays logged in."""
    form = await auth.checked_form(request)
    who = _who(request)
    current, new, again = (str(form.get(name, ""))[:1024] for name in ("current", "new", "again"))
    changed = logging_in.change_password(who.id, current, new, again, auth.address(request), auth.now(request))
    if changed.problem:
        auth.events.warning("password not changed: coordinator %d", who.id)
        return render(request, "account.html", 400, linked=alert_links.is_linked(who.id), link=None,
                      password_error=changed.problem)
    auth.events.info("password changed: coordinator %d; every other session ended", who.id)
    auth.begin(request, changed.token)
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
