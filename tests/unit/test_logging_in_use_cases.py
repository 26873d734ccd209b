"""A coordinator logging in, in two steps, and changing their password (bot/use_cases/logging_in.py), on
a fake unit of work. The waits and password rules themselves are tested in test_login_rules.py; the web
page runs these on the database in tests/integration/test_web.py."""
from __future__ import annotations

from datetime import datetime, timedelta

import pyotp

from bot.domain.logins import FREE_TRIES, IDLE
from bot.use_cases import logging_in
from fakes.fake_unit_of_work import Account, FakeUnitOfWork

NOW = datetime(2026, 12, 3, 9, 0)
PASSWORD = "correct horse battery staple"
SECRET = pyotp.random_base32()


def fake(secret: str | None = SECRET) -> FakeUnitOfWork:
    return FakeUnitOfWork(NOW, accounts=[Account(1, "amira@example.org", "Amira Khan", PASSWORD, secret)])


def code(secret: str = SECRET, at: datetime = NOW) -> str:
    return pyotp.TOTP(secret).at(at)


def halfway(work: FakeUnitOfWork) -> tuple[str, logging_in.Login]:
    token = logging_in.log_in("amira@example.org", PASSWORD, "10.0.0.1", NOW, uow=work).token
    return token, logging_in.who_is_logged_in(token, NOW, uow=work)


def test_the_right_password_starts_half_a_login_and_a_wrong_one_counts():
    work = fake()
    token, login = halfway(work)
    assert (login.coordinator_id, login.mfa_passed, login.enrolled) == (1, False, True)
    wrong = logging_in.log_in("amira@example.org", "guess", "10.0.0.1", NOW, uow=work)
    assert wrong.token is None and not wrong.must_wait and len(work.logins.failures) == 1


def test_after_a_run_of_wrong_passwords_even_the_right_one_must_wait():
    work = fake()
    for _ in range(FREE_TRIES):
        logging_in.log_in("amira@example.org", "guess", "10.0.0.1", NOW, uow=work)
    tried = logging_in.log_in("amira@example.org", PASSWORD, "10.0.0.1", NOW, uow=work)
    assert tried.must_wait and tried.token is None and work.logins.sessions == {}


def test_the_apps_code_finishes_the_login_with_a_new_token_and_the_half_session_ends():
    work = fake()
    token, login = halfway(work)
    done = logging_in.give_second_factor(login, code(), "", token, "10.0.0.1", NOW, uow=work)
    assert done.token not in (None, token) and done.recovery_codes == []
    assert logging_in.who_is_logged_in(done.token, NOW, uow=work).mfa_passed
    assert logging_in.who_is_logged_in(token, NOW, uow=work) is None
    assert work.audit.entries == [(1, "viewed", "logged in", None, None)]


def test_a_wrong_code_counts_as_a_wrong_try_and_logs_nobody_in():
    work = fake()
    token, login = halfway(work)
    assert logging_in.give_second_factor(login, "000000", "", token, "10.0.0.1", NOW, uow=work).token is None
    assert len(work.logins.failures) == 1 and work.audit.entries == []


def test_the_first_right_code_sets_up_the_second_factor_and_gives_recovery_codes_that_work_once():
    work = fake(secret=None)
    token, login = halfway(work)
    assert not login.enrolled
    new_secret = pyotp.random_base32()
    done = logging_in.give_second_factor(login, code(new_secret), new_secret, token, "10.0.0.1", NOW, uow=work)
    assert done.token and len(done.recovery_codes) == 3
    assert [entry[2] for entry in work.audit.entries] == ["second factor set up", "logged in"]
    again, login = halfway(work)
    assert login.enrolled
    recovery = done.recovery_codes[0]
    assert logging_in.give_second_factor(login, recovery, "", again, "10.0.0.1", NOW, uow=work).token
    assert logging_in.give_second_factor(login, recovery, "", again, "10.0.0.1", NOW, uow=work).token is None


def test_a_session_not_used_for_a_while_has_ended_and_logging_out_ends_one():
    work = fake()
    token, _ = halfway(work)
    assert logging_in.who_is_logged_in(token, NOW + IDLE + timedelta(seconds=1), uow=work) is None
    other, _ = halfway(work)
    logging_in.log_out(other, NOW, uow=work)
    assert logging_in.who_is_logged_in(other, NOW, uow=work) is None


def test_changing_the_password_checks_the_current_one_and_both_new_ones_and_ends_every_other_session():
    work = fake()
    elsewhere, _ = halfway(work)
    new = "plum lantern quietly orbiting"
    assert logging_in.change_password(1, "guess", new, new, "10.0.0.1", NOW, uow=work).problem == logging_in.NOT_CURRENT
    assert len(work.logins.failures) == 1
    assert logging_in.change_password(1, PASSWORD, new, new + "x", "10.0.0.1", NOW, uow=work).problem == \
        logging_in.NOT_THE_SAME
    assert "easy to guess" in logging_in.change_password(1, PASSWORD, "amirakhan123!", "amirakhan123!", "10.0.0.1",
                                                         NOW, uow=work).problem
    changed = logging_in.change_password(1, PASSWORD, new, new, "10.0.0.1", NOW, uow=work)
    assert changed.problem is None and logging_in.who_is_logged_in(changed.token, NOW, uow=work).mfa_passed
    assert logging_in.who_is_logged_in(elsewhere, NOW, uow=work) is None
    assert work.logins.authenticate("amira@example.org", new) == 1
    assert work.audit.entries[-1] == (1, "changed", "password changed", None, None)
