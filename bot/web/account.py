"""The coordinator's own settings: safeguarding alerts on their phone, through Telegram."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.store.db import unit_of_work
from bot.use_cases import alert_links
from bot.web import auth
from bot.web.invite_links import deep_link, qr_data_uri
from bot.web.pages import render, see_other


def _who(request: Request) -> auth.Who:
    with unit_of_work(read_only=True) as session:
        return auth.current(request, session)


async def account_page(request: Request) -> Response:
    who = _who(request)
    return render(request, "account.html", linked=alert_links.is_linked(who.id), link=None)


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
