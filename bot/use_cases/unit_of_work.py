"""What the use cases need from storage, and nothing more (cosmicpython's AbstractUnitOfWork and its
repositories, written as Protocols). The SQLAlchemy one is `bot.store.unit_of_work.SqlUnitOfWork`;
unit tests pass a fake one (tests/fakes/fake_unit_of_work.py). Repositories take and give domain
records, never ORM objects, so a use case can be read, and tested, without a database.

A unit of work commits when its `with` block ends normally and rolls back when it raises, as
`bot.store.db.unit_of_work` does: a use case never leaves half its changes written.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from bot.domain.alerts import DueAlert
from bot.domain.conflicts import Conflict  # noqa: F401 - raised by every unit of work, see there
from bot.domain.retention import DeletedData, MeetingDate
from bot.domain.records import (AuditLine, Chat, Flag, FlagLine, InviteCode, KeptMessage, Login, MeetingDetails,
                                MeetingListing, MeetingRecord, Person, TelegramLink, ToRemind)


class FlagRepository(Protocol):
    def get(self, flag_id: int) -> Flag | None: ...

    def mark_handled(self, flag_id: int, at: datetime, by: str, note: str | None) -> None: ...

    def raise_flag(self, conversation_id: str, category: str, participant_id: int | None, now: datetime) -> Flag:
        """A new flag with its alerts queued, or the chat's open flag said again (see bot.store.repository)."""

    def listed(self, meeting_id: int | None) -> list[FlagLine]:
        """Flags (of one meeting, or all), newest first, those not yet handled before handled ones."""


class CoordinatorRepository(Protocol):
    def name_of(self, coordinator_id: int) -> str | None: ...

    def telegram_link(self, coordinator_id: int) -> TelegramLink | None: ...

    def with_link_code(self, code: str) -> TelegramLink | None: ...

    def set_link_code(self, coordinator_id: int, code: str | None, expires_at: datetime | None) -> None: ...

    def set_telegram_chat(self, coordinator_id: int, chat_id: int | None) -> None: ...


class ParticipantRepository(Protocol):
    def get(self, participant_id: int) -> InviteCode | None: ...

    def add(self, meeting_id: int, name: str, role: str) -> InviteCode: ...

    def renew_code(self, participant_id: int) -> InviteCode:
        """A fresh code; the old one then works for no one, and the chat that used it is unlinked."""

    def revoke_code(self, participant_id: int) -> None:
        """The code stops working and the chat that used it is unlinked (answers are kept)."""


class ChatRepository(Protocol):
    """What a participant said in the chat, reached by the conversation their chat is linked to."""

    def participant_id(self, conversation_id: str) -> int | None: ...

    def person(self, conversation_id: str) -> Person | None:
        """What the chat's participant said, without their meeting."""

    def linked(self, conversation_id: str) -> Chat | None: ...

    def save_answer(self, participant_id: int, topic: str, key: str, value: str, visibility: str) -> None: ...

    def add_to_answer(self, participant_id: int, topic: str, key: str, text: str) -> None:
        """One more line under `key`; a line already there is not added twice."""

    def set_visibility(self, participant_id: int, key: str, visibility: str) -> None: ...

    def add_invitee(self, participant_id: int, name: str, relationship: str, wanted: bool,
                    anonymous: bool = False) -> None:
        """Named again, the same person is updated: wanted or not as said last."""

    def keep_question(self, participant_id: int, text: str) -> None: ...

    def confirm(self, participant_id: int, at: datetime) -> None: ...

    def forget(self, conversation_id: str) -> bool:
        """Delete what the chat's participant said and unlink the chat; True when a safeguarding flag is kept."""

    def failed_joins_since(self, conversation_id: str, since: datetime) -> list[datetime]: ...

    def record_failed_join(self, conversation_id: str, at: datetime, forget_before: datetime) -> None: ...

    def join(self, conversation_id: str, code: str, telegram_user_id: int | None) -> tuple[int | None, str | None]:
        """(participant id, None), or (None, why not: "unknown" | "taken" | "expired")."""


class MeetingRecords(Protocol):
    """Meetings as their coordinator reads them."""

    def is_owned(self, coordinator_id: int, meeting_id: int) -> bool: ...

    def owned(self, coordinator_id: int, meeting_id: int) -> MeetingRecord | None:
        """The meeting with everything said in it, only if this coordinator owns it."""

    def audit_log(self, meeting_id: int) -> list[AuditLine]:
        """Newest first."""

    def get(self, meeting_id: int) -> MeetingRecord | None:
        """Whoever owns it: for the command line, which runs on the server."""


class LoginRepository(Protocol):
    """Coordinators' passwords, second factors, web sessions and wrong tries, by coordinator id."""

    def wait_before_trying(self, email: str, address: str, now: datetime) -> timedelta: ...

    def record_failure(self, email: str, address: str, now: datetime) -> None: ...

    def forget_failures(self, email: str) -> None: ...

    def authenticate(self, email: str, password: str) -> int | None:
        """The coordinator with this email and password, taking the same time whether or not one exists."""

    def email_of(self, coordinator_id: int) -> str: ...

    def password_matches(self, coordinator_id: int, password: str) -> bool: ...

    def set_password(self, coordinator_id: int, password: str, now: datetime) -> None:
        """ValueError, in words, for a weak password; else every session of theirs ends."""

    def start_session(self, coordinator_id: int, now: datetime, mfa_passed: bool) -> str:
        """A new session; its token, for the cookie."""

    def live_login(self, token: str, now: datetime) -> Login | None:
        """The session of this token while it is alive, marked as used now."""

    def end_session(self, token: str | None, now: datetime) -> None: ...

    def authenticator_uri(self, coordinator_id: int, secret: str) -> str: ...

    def enrol(self, coordinator_id: int, secret: str, now: datetime) -> list[str]:
        """Keep the confirmed secret; new recovery codes, to be shown once."""

    def second_factor_ok(self, coordinator_id: int, code: str, now: datetime) -> bool:
        """The app's code, or an unused recovery code (then used up)."""

    def id_by_email(self, email: str) -> int | None: ...

    def create_account(self, email: str, name: str, password: str) -> int:
        """ValueError, in words, for a weak password, a bad email or one already used."""


class MeetingRepository(Protocol):
    """Meetings as they are set up: their details and who is invited."""

    def of_coordinator(self, coordinator_id: int) -> list[MeetingListing]:
        """Their meetings, soonest first; those still to be agreed after, newest first."""

    def create(self, coordinator_id: int | None, coordinator_name: str, details: MeetingDetails) -> int:
        """The new meeting's number (a meeting made at the command line may have no coordinator account)."""

    def change(self, meeting_id: int, details: MeetingDetails) -> None:
        """The professionals listed replace the ones before."""

    def invite_codes(self, meeting_id: int) -> list[InviteCode]:
        """Each participant's code and how far they got, in the order they were added."""

    def find(self, meeting_ref: str) -> MeetingListing | None:
        """A meeting by its number or exact title."""

    def assign(self, meeting_id: int, coordinator_id: int) -> None:
        """The meeting becomes this coordinator's (one made at the command line, say)."""


class AlertOutbox(Protocol):
    """Safeguarding alerts waiting to be sent, and the flags nobody has handled."""

    def overdue_flags(self, now: datetime, after: timedelta) -> list[int]:
        """Flags nobody has marked handled for `after` since they were raised or last escalated."""

    def claim_escalation(self, flag_id: int, now: datetime) -> bool:
        """Whether this worker escalates the flag now (compare-and-set: two workers never both do)."""

    def queue(self, flag_id: int, reason: str, now: datetime) -> None:
        """One alert per recipient and channel (bot.domain.alerts.recipients), to be sent at once."""

    def take_due(self, now: datetime) -> list[DueAlert]:
        """Alerts not yet delivered whose time has come, oldest first, each held by this worker for a lease."""

    def record_try(self, alert_id: int, sent_to: str, error: str | None, now: datetime) -> None: ...


class RetentionRepository(Protocol):
    """What deleting old answers needs (bot/use_cases/retention.py)."""

    def meeting_dates(self) -> list[MeetingDate]: ...

    def delete_participant_data(self, meeting_ids: list[int]) -> DeletedData:
        """Answers, invitees, questions, contributions and kept messages; names, roles and flags stay."""

    def linked_conversations(self) -> set[str]:
        """Conversations that belong to a participant now."""

    def delete_pending_messages(self, sender_ids: list[str]) -> int: ...


class PendingMessages(Protocol):
    """Messages kept while Rasa could not take them, by conversation (bot/chat/pending.py)."""

    def has_any(self, sender_id: str) -> bool: ...

    def keep(self, sender_id: str, text: str, metadata: dict, silent_replies: int) -> None: ...

    def of(self, sender_id: str) -> list[KeptMessage]:
        """Oldest first."""

    def count_silent_reply(self, message_id: int) -> None: ...

    def forget(self, message_id: int) -> None: ...

    def senders(self, prefix: str) -> list[str]:
        """Conversations with kept messages, longest waiting first."""


class TelegramRepository(Protocol):
    """What the Telegram front end keeps: who is who, and the buttons it sent."""

    def sender_of(self, telegram_user_id: int) -> str:
        """This Telegram user's random Rasa sender id, made on their first message."""

    def user_of(self, sender_id: str) -> int | None: ...

    def button_payload(self, key: str) -> str | None: ...

    def save_button(self, payload: str) -> str:
        """The payload's short key, saved so a pressed button can be read back."""

    def keep_contribution(self, participant_id: int, kind: str, file_id: str | None, visibility: str) -> None: ...


class ReminderRepository(Protocol):
    """Reminders before and after meetings, and which were sent (claimed before sending)."""

    def to_remind(self, since: datetime) -> list[ToRemind]:
        """Everyone reachable on Telegram in a meeting on or after `since` (or with a review then)."""

    def one(self, participant_id: int) -> ToRemind | None:
        """The same for one participant, None when they cannot be reached any more."""

    def record_sent(self, participant_id: int, kind: str, meeting_at: datetime) -> None:
        """Conflict (at the end of the unit of work) when another front end recorded it first."""

    def forget_sent(self, participant_id: int, kind: str, meeting_at: datetime) -> None: ...


class AuditLog(Protocol):
    def record(self, coordinator_id: int, action: str, what: str, meeting_id: int | None = None,
               participant_id: int | None = None) -> None: ...


class UnitOfWork(Protocol):
    flags: FlagRepository
    coordinators: CoordinatorRepository
    participants: ParticipantRepository
    chats: ChatRepository
    records: MeetingRecords
    logins: LoginRepository
    meetings: MeetingRepository
    outbox: AlertOutbox
    retention: RetentionRepository
    pending: PendingMessages
    telegram: TelegramRepository
    reminders: ReminderRepository
    audit: AuditLog

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, *exc_info) -> None: ...
