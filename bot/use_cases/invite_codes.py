"""Invite codes: adding a participant (which makes their code), a new code, and revoking one. The web
page and the command line both call these, so the rules hold however a code was made: every code
expires (CODE_LIFETIME, bot/domain/invite_codes.py), and a new or revoked code unlinks the chat that
used the old one. `by` is the coordinator acting, for the audit log (None at the command line)."""
from __future__ import annotations

from typing import Callable

from bot.domain.records import InviteCode
from bot.store.audit import CHANGED
from bot.store.unit_of_work import SqlUnitOfWork
from bot.use_cases.unit_of_work import UnitOfWork

class NoSuchParticipant(Exception):
    """No participant with that number (in that meeting, when one is given)."""


def add_participant(meeting_id: int, name: str, role: str, by: int | None = None,
                    uow: Callable[[], UnitOfWork] = SqlUnitOfWork) -> InviteCode:
    with uow() as work:
        added = work.participants.add(meeting_id, name, role)
        _audit(work, by, "participant added", added)
        return added


def new_code(participant_id: int, meeting_id: int | None = None, by: int | None = None,
             uow: Callable[[], UnitOfWork] = SqlUnitOfWork) -> InviteCode:
    with uow() as work:
        _participant(work, participant_id, meeting_id)
        renewed = work.participants.renew_code(participant_id)
        _audit(work, by, "new invite code", renewed)
        return renewed


def revoke_code(participant_id: int, meeting_id: int | None = None, by: int | None = None,
                uow: Callable[[], UnitOfWork] = SqlUnitOfWork) -> None:
    with uow() as work:
        participant = _participant(work, participant_id, meeting_id)
        work.participants.revoke_code(participant_id)
        _audit(work, by, "invite code revoked", participant)


def _participant(work: UnitOfWork, participant_id: int, meeting_id: int | None) -> InviteCode:
    participant = work.participants.get(participant_id)
    if participant is None or (meeting_id is not None and participant.meeting_id != meeting_id):
        raise NoSuchParticipant(participant_id)
    return participant


def _audit(work: UnitOfWork, by: int | None, what: str, participant: InviteCode) -> None:
    if by is not None:
        work.audit.record(by, CHANGED, what, participant.meeting_id, participant.participant_id)
