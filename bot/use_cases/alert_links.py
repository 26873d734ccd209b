"""A coordinator links their own Telegram chat, so safeguarding alerts reach their phone: the web page
makes a one-time code (a deep link), and opening it in Telegram links that chat."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Callable

from bot.domain.clock import utcnow
from bot.store.unit_of_work import SqlUnitOfWork
from bot.use_cases.unit_of_work import UnitOfWork

PREFIX = "alerts-"  # a /start argument that links a coordinator, never an invite code
LIFETIME = timedelta(minutes=15)


def is_link_code(argument: str) -> bool:
    return argument.startswith(PREFIX)


def new_link_code(coordinator_id: int, now: datetime | None = None,
                  uow: Callable[[], UnitOfWork] = SqlUnitOfWork) -> str:
    """A fresh code for this coordinator (an older one stops working)."""
    code = PREFIX + secrets.token_urlsafe(18)
    with uow() as work:
        work.coordinators.set_link_code(coordinator_id, code, (now or utcnow()) + LIFETIME)
    return code


def link_chat(code: str, chat_id: int, now: datetime | None = None,
              uow: Callable[[], UnitOfWork] = SqlUnitOfWork) -> str | None:
    """Link the chat to the coordinator whose code it is; their name, or None for a wrong, used or old code."""
    with uow() as work:
        link = work.coordinators.with_link_code(code)
        if link is None:
            return None
        work.coordinators.set_link_code(link.coordinator_id, None, None)  # once only
        if not (link.code_expires_at and link.code_expires_at > (now or utcnow())):
            return None
        work.coordinators.set_telegram_chat(link.coordinator_id, chat_id)
        return link.name


def unlink_chat(coordinator_id: int, uow: Callable[[], UnitOfWork] = SqlUnitOfWork) -> None:
    with uow() as work:
        work.coordinators.set_telegram_chat(coordinator_id, None)
        work.coordinators.set_link_code(coordinator_id, None, None)


def is_linked(coordinator_id: int, uow: Callable[..., UnitOfWork] = SqlUnitOfWork) -> bool:
    with uow(read_only=True) as work:
        return work.coordinators.telegram_link(coordinator_id).chat_id is not None
