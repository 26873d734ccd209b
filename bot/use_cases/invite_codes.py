"""Invite codes: adding a participant (which makes their code), a new code, and revoking one. The web
page and the command line both call these, so the rules hold however a code was made: every code
expires (CODE_LIFETIME, bot/domain/invite_codes.py), and a new or revoked code unlinks the chat that
used the old one. `by` is the coordinator acting, for the audit log (None at the command line)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from bot.store import audit, repository
from bot.store.db import unit_of_work
from bot.store.models import Meeting, Participant


class NoSuchParticipant(Exception):
    """No participant with that number (in that meeting, when one is given)."""


@dataclass(frozen=True)
class Code:
    participant_id: int
    name: str
    role: str
    code: str
    expires_at: datetime | None


def add_participant(meeting_id: int, name: str, role: str, by: int | None = None,
                    uow: Callable = unit_of_work) -> Code:
    with uow() as session:
        participant = repository.add_participant(session, session.get(Meeting, meeting_id), name, role)
        _audit(session, by, "participant added", participant)
        return _code(participant)


def new_code(participant_id: int, meeting_id: int | None = None, by: int | None = None,
             uow: Callable = unit_of_work) -> Code:
    with uow() as session:
        participant = _participant(session, participant_id, meeting_id)
        repository.renew_invite_code(session, participant)
        _audit(session, by, "new invite code", participant)
        return _code(participant)


def revoke_code(participant_id: int, meeting_id: int | None = None, by: int | None = None,
                uow: Callable = unit_of_work) -> None:
    with uow() as session:
        participant = _participant(session, participant_id, meeting_id)
        repository.revoke_invite_code(session, participant)
        _audit(session, by, "invite code revoked", participant)


def _participant(session, participant_id: int, meeting_id: int | None) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None or (meeting_id is not None and participant.meeting_id != meeting_id):
        raise NoSuchParticipant(participant_id)
    return participant


def _audit(session, by: int | None, what: str, participant: Participant) -> None:
    if by is not None:
        audit.record(session, by, audit.CHANGED, what, participant.meeting_id, participant.id)


def _code(participant: Participant) -> Code:
    return Code(participant.id, participant.display_name, participant.role, participant.invite_code,
                participant.code_expires_at)
