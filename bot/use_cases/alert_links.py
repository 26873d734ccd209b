"""A coordinator links their own Telegram chat, so safeguarding alerts reach their phone: the web page
makes a one-time code (a deep link), and opening it in Telegram links that chat."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import select

from bot.store.db import unit_of_work
from bot.domain.clock import utcnow
from bot.store.models import Coordinator

PREFIX = "alerts-"  # a /start argument that links a coordinator, never an invite code
LIFETIME = timedelta(minutes=15)


def is_link_code(argument: str) -> bool:
    return argument.startswith(PREFIX)


def new_link_code(coordinator_id: int, now: datetime | None = None, uow: Callable = unit_of_work) -> str:
    """A fresh code for this coordinator (an older one stops working)."""
    code = PREFIX + secrets.token_urlsafe(18)
    with uow() as session:
        coordinator = session.get(Coordinator, coordinator_id)
        coordinator.telegram_link_code = code
        coordinator.telegram_link_expires_at = (now or utcnow()) + LIFETIME
    return code


def link_chat(code: str, chat_id: int, now: datetime | None = None, uow: Callable = unit_of_work) -> str | None:
    """Link the chat to the coordinator whose code it is; their name, or None for a wrong, used or old code."""
    with uow() as session:
        coordinator = session.scalar(select(Coordinator).where(Coordinator.telegram_link_code == code))
        if coordinator is None:
            return None
        fresh = coordinator.telegram_link_expires_at and coordinator.telegram_link_expires_at > (now or utcnow())
        coordinator.telegram_link_code = coordinator.telegram_link_expires_at = None  # once only
        if not fresh:
            return None
        coordinator.telegram_chat_id = chat_id
        return coordinator.name


def unlink_chat(coordinator_id: int, uow: Callable = unit_of_work) -> None:
    with uow() as session:
        coordinator = session.get(Coordinator, coordinator_id)
        coordinator.telegram_chat_id = coordinator.telegram_link_code = coordinator.telegram_link_expires_at = None


def is_linked(coordinator_id: int, uow: Callable = unit_of_work) -> bool:
    with uow(read_only=True) as session:
        return session.get(Coordinator, coordinator_id).telegram_chat_id is not None
