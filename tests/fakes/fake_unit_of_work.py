"""A unit of work held in dicts, for unit tests of the use cases (cosmicpython's FakeUnitOfWork). It
keeps the real one's promise: changes made inside a `with` block that raises are thrown away."""
from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime

from bot.domain.invite_codes import code_expiry, new_invite_code
from bot.domain.records import Flag, InviteCode, TelegramLink


class FakeFlags:
    def __init__(self, flags: dict[int, Flag]):
        self.rows = flags

    def get(self, flag_id: int) -> Flag | None:
        return self.rows.get(flag_id)

    def mark_handled(self, flag_id: int, at: datetime, by: str, note: str | None) -> None:
        self.rows[flag_id] = replace(self.rows[flag_id], handled_at=at, handled_by=by, handled_note=note)


class FakeCoordinators:
    def __init__(self, links: dict[int, TelegramLink]):
        self.rows = links

    def name_of(self, coordinator_id: int) -> str | None:
        link = self.rows.get(coordinator_id)
        return link.name if link else None

    def telegram_link(self, coordinator_id: int) -> TelegramLink | None:
        return self.rows.get(coordinator_id)

    def with_link_code(self, code: str) -> TelegramLink | None:
        return next((link for link in self.rows.values() if link.code == code), None)

    def set_link_code(self, coordinator_id: int, code: str | None, expires_at: datetime | None) -> None:
        self.rows[coordinator_id] = replace(self.rows[coordinator_id], code=code, code_expires_at=expires_at)

    def set_telegram_chat(self, coordinator_id: int, chat_id: int | None) -> None:
        self.rows[coordinator_id] = replace(self.rows[coordinator_id], chat_id=chat_id)


class FakeParticipants:
    def __init__(self, codes: dict[int, InviteCode], now: datetime):
        self.rows, self.now, self.revoked = codes, now, set()

    def get(self, participant_id: int) -> InviteCode | None:
        return self.rows.get(participant_id)

    def add(self, meeting_id: int, name: str, role: str) -> InviteCode:
        added = InviteCode(max(self.rows, default=0) + 1, meeting_id, name, role, new_invite_code(),
                           code_expiry(self.now))
        self.rows[added.participant_id] = added
        return added

    def renew_code(self, participant_id: int) -> InviteCode:
        self.revoked.discard(participant_id)
        self.rows[participant_id] = replace(self.rows[participant_id], code=new_invite_code(),
                                            expires_at=code_expiry(self.now))
        return self.rows[participant_id]

    def revoke_code(self, participant_id: int) -> None:
        self.revoked.add(participant_id)


class FakeAuditLog:
    def __init__(self):
        self.entries: list[tuple] = []

    def record(self, coordinator_id: int, action: str, what: str, meeting_id: int | None = None,
               participant_id: int | None = None) -> None:
        self.entries.append((coordinator_id, action, what, meeting_id, participant_id))


class FakeUnitOfWork:
    """Call it like the class the use cases default to: `uow=fake`, then `fake()` opens it."""

    def __init__(self, now: datetime, flags=(), coordinators=(), participants=()):
        self.flags = FakeFlags({f.id: f for f in flags})
        self.coordinators = FakeCoordinators({c.coordinator_id: c for c in coordinators})
        self.participants = FakeParticipants({p.participant_id: p for p in participants}, now)
        self.audit = FakeAuditLog()
        self.committed = 0

    def __call__(self, read_only: bool = False) -> FakeUnitOfWork:
        return self

    def __enter__(self) -> FakeUnitOfWork:
        self._before = copy.deepcopy((self.flags.rows, self.coordinators.rows, self.participants.rows,
                                      self.participants.revoked, self.audit.entries))
        return self

    def __exit__(self, error_type, *_) -> None:
        if error_type is None:
            self.committed += 1
        else:
            (self.flags.rows, self.coordinators.rows, self.participants.rows,
             self.participants.revoked, self.audit.entries) = self._before
