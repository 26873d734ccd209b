"""Coordinators' accounts for logging in (the use cases' LoginRepository, bot/use_cases/unit_of_work.py):
the rules are in bot/store/accounts.py and bot/domain/logins.py; this reaches them by coordinator id."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.domain.records import Login
from bot.store import accounts
from bot.store.models import Coordinator


class SqlLogins:
    def __init__(self, session: Session):
        self.session = session

    def wait_before_trying(self, email: str, address: str, now: datetime) -> timedelta:
        return accounts.wait_before_trying(self.session, email, address, now)

    def record_failure(self, email: str, address: str, now: datetime) -> None:
        accounts.record_failure(self.session, email, address, now)

    def forget_failures(self, email: str) -> None:
        accounts.forget_failures(self.session, email)

    def authenticate(self, email: str, password: str) -> int | None:
        coordinator = accounts.authenticate(self.session, email, password)
        return coordinator.id if coordinator else None

    def email_of(self, coordinator_id: int) -> str:
        return self._row(coordinator_id).email

    def password_matches(self, coordinator_id: int, password: str) -> bool:
        return accounts.password_matches(self._row(coordinator_id), password)

    def set_password(self, coordinator_id: int, password: str, now: datetime) -> None:
        accounts.set_password(self.session, self._row(coordinator_id), password, now)

    def start_session(self, coordinator_id: int, now: datetime, mfa_passed: bool) -> str:
        token = accounts.start_session(self.session, self._row(coordinator_id), now)
        accounts.live_session(self.session, token, now).mfa_passed = mfa_passed
        return token

    def live_login(self, token: str, now: datetime) -> Login | None:
        live = accounts.live_session(self.session, token, now)
        if live is None:
            return None
        row = self._row(live.coordinator_id)
        return Login(row.id, row.name, live.mfa_passed, row.mfa_enrolled_at is not None)

    def end_session(self, token: str | None, now: datetime) -> None:
        accounts.revoke_session(self.session, token, now)

    def authenticator_uri(self, coordinator_id: int, secret: str) -> str:
        return accounts.totp_uri(self._row(coordinator_id), secret)

    def enrol(self, coordinator_id: int, secret: str, now: datetime) -> list[str]:
        return accounts.enrol(self.session, self._row(coordinator_id), secret, now)

    def second_factor_ok(self, coordinator_id: int, code: str, now: datetime) -> bool:
        return accounts.second_factor_ok(self._row(coordinator_id), code, now)

    def id_by_email(self, email: str) -> int | None:
        coordinator = accounts.coordinator_by_email(self.session, email)
        return coordinator.id if coordinator else None

    def create_account(self, email: str, name: str, password: str) -> int:
        return accounts.create_coordinator(self.session, email, name, password).id

    def _row(self, coordinator_id: int) -> Coordinator:
        return self.session.get(Coordinator, coordinator_id)
