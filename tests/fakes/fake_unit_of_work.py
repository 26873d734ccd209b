"""A unit of work held in dicts, for unit tests of the use cases (cosmicpython's FakeUnitOfWork). It
keeps the real one's promise: changes made inside a `with` block that raises are thrown away."""
from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.domain import alerts, logins
from bot.domain.buttons import button_key_for
from bot.domain.conflicts import Conflict
from bot.domain.retention import DeletedData, MeetingDate
from bot.domain.invite_codes import code_expiry, has_expired, new_invite_code, normalise_code
from bot.domain.records import (Asked, AuditLine, Chat, Flag, FlagLine, InviteCode, KeptMessage, Login, MeetingDetails,
                                MeetingListing, MeetingRecord, Person, Said, Suggested, TelegramLink, ToRemind)


class FakeFlags:
    def __init__(self, flags: dict[int, Flag]):
        self.rows = flags
        self.conversations: dict[int, str] = {}  # flag id -> the chat that raised it

    def get(self, flag_id: int) -> Flag | None:
        return self.rows.get(flag_id)

    def mark_handled(self, flag_id: int, at: datetime, by: str, note: str | None) -> None:
        self.rows[flag_id] = replace(self.rows[flag_id], handled_at=at, handled_by=by, handled_note=note)

    def raise_flag(self, conversation_id: str, category: str, participant_id: int | None, now: datetime) -> Flag:
        """Told again while the chat's flag is open, that flag counts it (the urgent-now exception is the
        store's, tested there)."""
        open_flag = next((f for i, f in self.rows.items() if self.conversations.get(i) == conversation_id
                          and f.handled_at is None), None)
        if open_flag is not None:
            self.rows[open_flag.id] = replace(open_flag, said_again=open_flag.said_again + 1, last_said_at=now)
            return self.rows[open_flag.id]
        flag = Flag(max(self.rows, default=0) + 1, category, now, participant_id)
        self.rows[flag.id], self.conversations[flag.id] = flag, conversation_id
        return flag


    def listed(self, meeting_id: int | None) -> list[FlagLine]:
        chosen = [f for f in self.rows.values() if meeting_id is None or f.meeting_id == meeting_id]
        chosen.sort(key=lambda f: f.created_at, reverse=True)
        chosen.sort(key=lambda f: f.handled_at is not None)
        return [FlagLine(f) for f in chosen]  # names and titles are the store's to join; tested there


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


class FakeChats:
    """Chats linked to participants (their codes in FakeParticipants), with what each person said."""

    def __init__(self, participants: FakeParticipants, meetings: dict[int, MeetingRecord]):
        self.codes, self.meetings = participants, meetings
        self.people: dict[int, Person] = {}
        self.conversations: dict[str, int] = {}
        self.failed_joins: list[tuple[str, datetime]] = []

    def participant_id(self, conversation_id: str) -> int | None:
        return self.conversations.get(conversation_id)

    def person(self, conversation_id: str) -> Person | None:
        chat = self.linked(conversation_id)
        return chat.person if chat else None

    def linked(self, conversation_id: str) -> Chat | None:
        participant_id = self.conversations.get(conversation_id)
        if participant_id is None:
            return None
        return Chat(self._person(participant_id), self.meetings[self.codes.rows[participant_id].meeting_id])

    def save_answer(self, participant_id: int, topic: str, key: str, value: str, visibility: str) -> None:
        person = self._person(participant_id)
        kept = tuple(s for s in person.said if (s.topic, s.key) != (topic, key))
        self.people[participant_id] = replace(person, said=kept + (Said(topic, key, value, visibility),))

    def add_to_answer(self, participant_id: int, topic: str, key: str, text: str) -> None:
        before = next((s for s in self._person(participant_id).said if (s.topic, s.key) == (topic, key)), None)
        if before is None or text not in before.value.splitlines():
            self.save_answer(participant_id, topic, key, text if before is None else f"{before.value}\n{text}",
                             before.visibility if before else "coordinator")

    def set_visibility(self, participant_id: int, key: str, visibility: str) -> None:
        person = self._person(participant_id)
        said = tuple(replace(s, visibility=visibility) if s.key == key else s for s in person.said)
        self.people[participant_id] = replace(person, said=said)

    def add_invitee(self, participant_id: int, name: str, relationship: str, wanted: bool,
                    anonymous: bool = False) -> None:
        person = self._person(participant_id)
        before = next((s for s in person.suggested if s.name.casefold() == name.casefold()), None)
        named = Suggested(name, relationship or (before.relationship if before else ""), wanted,
                          anonymous or bool(before and before.anonymous))
        others = tuple(s for s in person.suggested if s is not before)
        self.people[participant_id] = replace(person, suggested=others + (named,))

    def keep_question(self, participant_id: int, text: str) -> None:
        person = self._person(participant_id)
        self.people[participant_id] = replace(person, asked=person.asked + (Asked(text),))

    def confirm(self, participant_id: int, at: datetime) -> None:
        self.people[participant_id] = replace(self._person(participant_id), confirmed_at=at)

    def forget(self, conversation_id: str) -> bool:
        participant_id = self.conversations.pop(conversation_id, None)
        if participant_id is not None:
            self.people.pop(participant_id, None)
        return False  # flags are the store's to keep; tested there

    def failed_joins_since(self, conversation_id: str, since: datetime) -> list[datetime]:
        return [at for sender, at in self.failed_joins if sender == conversation_id and at > since]

    def record_failed_join(self, conversation_id: str, at: datetime, forget_before: datetime) -> None:
        self.failed_joins = [(s, t) for s, t in self.failed_joins if t > forget_before] + [(conversation_id, at)]

    def join(self, conversation_id: str, code: str, telegram_user_id: int | None) -> tuple[int | None, str | None]:
        found = next((c for c in self.codes.rows.values() if c.code == normalise_code(code)), None)
        if found is None:
            return None, "unknown"
        holder = next((chat for chat, pid in self.conversations.items() if pid == found.participant_id), None)
        if found.participant_id in self.codes.revoked:
            return None, "expired"
        if holder not in (None, conversation_id):
            return None, "taken"
        if has_expired(found.expires_at, self.codes.now) and holder != conversation_id:
            return None, "expired"
        self.conversations[conversation_id] = found.participant_id  # a chat is one participant's: a new code moves it
        return found.participant_id, None

    def _person(self, participant_id: int) -> Person:
        code = self.codes.rows[participant_id]
        return self.people.setdefault(participant_id, Person(participant_id, code.name, code.role))


class FakeMeetings:
    """Meetings (MeetingRecord, kept in FakeChats so a chat finds its meeting) and who owns each."""

    def __init__(self, chats: FakeChats, participants: FakeParticipants, flags: FakeFlags, owners: dict[int, int]):
        self.chats, self.participants, self.flags, self.owners = chats, participants, flags, owners

    def of_coordinator(self, coordinator_id: int) -> list[MeetingListing]:
        mine = [m for m in self.chats.meetings.values() if self.owners.get(m.id) == coordinator_id]
        dated = sorted((m for m in mine if m.scheduled_at), key=lambda m: m.scheduled_at)
        undated = sorted((m for m in mine if not m.scheduled_at), key=lambda m: m.id, reverse=True)
        return [self._listing(m) for m in dated + undated]

    def create(self, coordinator_id: int | None, coordinator_name: str, details: MeetingDetails) -> int:
        meeting_id = max(self.chats.meetings, default=0) + 1
        self.chats.meetings[meeting_id] = MeetingRecord(meeting_id, details.title, details.kind, details.scheduled_at,
                                                        coordinator_name, details.professionals,
                                                        place=details.place, review_on=details.review_on)
        if coordinator_id is not None:
            self.owners[meeting_id] = coordinator_id
        return meeting_id

    def change(self, meeting_id: int, details: MeetingDetails) -> None:
        self.chats.meetings[meeting_id] = replace(
            self.chats.meetings[meeting_id], title=details.title, kind=details.kind,
            scheduled_at=details.scheduled_at, professionals=details.professionals, place=details.place,
            review_on=details.review_on)

    def invite_codes(self, meeting_id: int) -> list[InviteCode]:
        return sorted((c for c in self.participants.rows.values() if c.meeting_id == meeting_id),
                      key=lambda c: c.participant_id)

    def find(self, meeting_ref: str) -> MeetingListing | None:
        found = next((m for m in self.chats.meetings.values()
                      if str(m.id) == meeting_ref or m.title == meeting_ref), None)
        return self._listing(found) if found else None

    def assign(self, meeting_id: int, coordinator_id: int) -> None:
        self.owners[meeting_id] = coordinator_id

    def _listing(self, meeting: MeetingRecord) -> MeetingListing:
        codes = self.invite_codes(meeting.id)
        urgent = sum(1 for f in self.flags.rows.values() if f.meeting_id == meeting.id and f.handled_at is None)
        return MeetingListing(meeting.id, meeting.title, meeting.kind, meeting.scheduled_at, len(codes),
                              sum(1 for c in codes if c.joined_at), sum(1 for c in codes if c.confirmed_at), urgent,
                              self.owners.get(meeting.id))


class FakeMeetingRecords:
    def __init__(self, meetings: FakeMeetings, audit: FakeAuditLog, coordinators: FakeCoordinators, now: datetime):
        self.meetings, self.audit, self.coordinators, self.now = meetings, audit, coordinators, now

    def is_owned(self, coordinator_id: int, meeting_id: int) -> bool:
        return meeting_id in self.meetings.chats.meetings and self.meetings.owners.get(meeting_id) == coordinator_id

    def owned(self, coordinator_id: int, meeting_id: int) -> MeetingRecord | None:
        return self.meetings.chats.meetings[meeting_id] if self.is_owned(coordinator_id, meeting_id) else None

    def get(self, meeting_id: int) -> MeetingRecord | None:
        return self.meetings.chats.meetings.get(meeting_id)

    def audit_log(self, meeting_id: int) -> list[AuditLine]:
        people = {p.id: p.name for p in self.meetings.chats.meetings[meeting_id].people}
        return [AuditLine(self.now, self.coordinators.name_of(by), action, what, person, people.get(person))
                for by, action, what, meeting, person in reversed(self.audit.entries) if meeting == meeting_id]


class FakeOutbox:
    """Alerts in a list: each a DueAlert with its status, next try and tries (the trail)."""

    def __init__(self, flags: FakeFlags, meetings: FakeMeetings):
        self.flags, self.meetings = flags, meetings
        self.alerts: dict[int, dict] = {}
        self.escalated: dict[int, datetime] = {}  # flag id -> when last escalated

    def overdue_flags(self, now: datetime, after: timedelta) -> list[int]:
        return [f.id for f in self.flags.rows.values() if f.handled_at is None
                and alerts.escalation_due(f.created_at, self.escalated.get(f.id), False, now, after)]

    def claim_escalation(self, flag_id: int, now: datetime) -> bool:
        self.escalated[flag_id] = now
        return True

    def queue(self, flag_id: int, reason: str, now: datetime) -> None:
        flag = self.flags.rows[flag_id]
        for recipient in alerts.recipients(flag.meeting_id is not None, True, False, reason):
            alert_id = max(self.alerts, default=0) + 1
            facts = alerts.FlagFacts(flag.id, flag.category, flag.created_at, flag.meeting_id)
            self.alerts[alert_id] = {"alert": alerts.DueAlert(alert_id, flag_id, recipient.channel, recipient.whom,
                                                              reason, facts),
                                     "status": alerts.PENDING, "next_try_at": now, "tries": []}

    def take_due(self, now: datetime) -> list[alerts.DueAlert]:
        due = [a for a in self.alerts.values() if a["status"] == alerts.PENDING and a["next_try_at"] <= now]
        for held in due:
            held["next_try_at"] = now + timedelta(minutes=5)  # the lease: another worker gets none of these
        return [held["alert"] for held in due]

    def record_try(self, alert_id: int, sent_to: str, error: str | None, now: datetime) -> None:
        held = self.alerts[alert_id]
        held["tries"].append((now, sent_to, error))
        if error is None:
            held["status"] = alerts.DELIVERED
        else:
            held["next_try_at"] = alerts.next_try(sum(1 for t in held["tries"] if t[2]), now)


class FakeRetention:
    def __init__(self, chats: FakeChats, meetings: FakeMeetings):
        self.chats, self.meetings = chats, meetings
        self.pending: dict[str, int] = {}  # messages kept for Rasa, by sender

    def meeting_dates(self) -> list[MeetingDate]:
        return [MeetingDate(m.id, m.scheduled_at) for m in self.chats.meetings.values()]

    def delete_participant_data(self, meeting_ids: list[int]) -> DeletedData:
        codes = [c for m in meeting_ids for c in self.meetings.invite_codes(m)]
        people = [self.chats.people.pop(c.participant_id) for c in codes if c.participant_id in self.chats.people]
        chats = [chat for chat, pid in self.chats.conversations.items() if pid in {c.participant_id for c in codes}]
        counts = {"answers": sum(len(p.said) for p in people), "invitees": sum(len(p.suggested) for p in people),
                  "questions": sum(len(p.asked) for p in people), "contributions": sum(len(p.sent) for p in people),
                  "kept messages": self.delete_pending_messages(chats)}
        return DeletedData(counts, chats)

    def linked_conversations(self) -> set[str]:
        return set(self.chats.conversations)

    def delete_pending_messages(self, sender_ids: list[str]) -> int:
        return sum(self.pending.pop(sender, 0) for sender in sender_ids)


class FakePendingMessages:
    def __init__(self, now: datetime):
        self.rows: list[KeptMessage] = []
        self.senders_of: dict[int, str] = {}
        self.now = now

    def has_any(self, sender_id: str) -> bool:
        return bool(self.of(sender_id))

    def keep(self, sender_id: str, text: str, metadata: dict, silent_replies: int) -> None:
        message = KeptMessage(max((m.id for m in self.rows), default=0) + 1, text, metadata, silent_replies, self.now)
        self.rows.append(message)
        self.senders_of[message.id] = sender_id

    def of(self, sender_id: str) -> list[KeptMessage]:
        return [m for m in self.rows if self.senders_of[m.id] == sender_id]

    def count_silent_reply(self, message_id: int) -> None:
        self.rows = [replace(m, silent_replies=m.silent_replies + 1) if m.id == message_id else m for m in self.rows]

    def forget(self, message_id: int) -> None:
        self.rows = [m for m in self.rows if m.id != message_id]

    def senders(self, prefix: str) -> list[str]:
        return list(dict.fromkeys(self.senders_of[m.id] for m in self.rows if self.senders_of[m.id].startswith(prefix)))


class FakeTelegram:
    def __init__(self):
        self.senders: dict[int, str] = {}
        self.buttons: dict[str, str] = {}
        self.contributions: list[tuple[int, str, str | None, str]] = []
        self.conflicts = 0  # the next this many writes meet another writer's row first

    def sender_of(self, telegram_user_id: int) -> str:
        return self.senders.setdefault(telegram_user_id, f"tg-{secrets.token_urlsafe(18)}")

    def user_of(self, sender_id: str) -> int | None:
        return next((user for user, sender in self.senders.items() if sender == sender_id), None)

    def button_payload(self, key: str) -> str | None:
        return self.buttons.get(key)

    def save_button(self, payload: str) -> str:
        if self.conflicts:
            self.conflicts -= 1
            raise Conflict()
        self.buttons[button_key_for(payload)] = payload
        return button_key_for(payload)

    def keep_contribution(self, participant_id: int, kind: str, file_id: str | None, visibility: str) -> None:
        self.contributions.append((participant_id, kind, file_id, visibility))


class FakeReminders:
    def __init__(self, people: list[ToRemind]):
        self.people = {p.participant_id: p for p in people}
        self.sent: set[tuple[int, str, datetime]] = set()

    def to_remind(self, since: datetime) -> list[ToRemind]:
        return [self.one(p.participant_id) for p in self.people.values()
                if p.meeting_at >= since or (p.review_on and p.review_on >= since.date())]

    def one(self, participant_id: int) -> ToRemind | None:
        person = self.people.get(participant_id)
        if person is None:
            return None
        return replace(person, sent=frozenset(k for p, k, at in self.sent if p == participant_id and at == person.meeting_at))

    def record_sent(self, participant_id: int, kind: str, meeting_at: datetime) -> None:
        if (participant_id, kind, meeting_at) in self.sent:
            raise Conflict()
        self.sent.add((participant_id, kind, meeting_at))

    def forget_sent(self, participant_id: int, kind: str, meeting_at: datetime) -> None:
        self.sent.discard((participant_id, kind, meeting_at))


@dataclass
class Account:
    """A coordinator's login details, as the fake keeps them (the store keeps only hashes)."""
    id: int
    email: str
    name: str
    password: str
    secret: str | None = None
    recovery_codes: list[str] = field(default_factory=list)


class FakeLogins:
    def __init__(self, accounts: dict[int, Account], coordinators: FakeCoordinators):
        self.accounts, self.coordinators = accounts, coordinators
        self.sessions: dict[str, dict] = {}
        self.failures: list[tuple[str, str, datetime]] = []

    def wait_before_trying(self, email: str, address: str, now: datetime) -> timedelta:
        return logins.wait_before_trying([t for e, _, t in self.failures if e == email.lower()],
                                         [t for _, a, t in self.failures if a == address], now)

    def record_failure(self, email: str, address: str, now: datetime) -> None:
        self.failures.append((email.lower(), address, now))

    def forget_failures(self, email: str) -> None:
        self.failures = [f for f in self.failures if f[0] != email.lower()]

    def authenticate(self, email: str, password: str) -> int | None:
        return next((a.id for a in self.accounts.values() if (a.email, a.password) == (email.lower(), password)), None)

    def email_of(self, coordinator_id: int) -> str:
        return self.accounts[coordinator_id].email

    def password_matches(self, coordinator_id: int, password: str) -> bool:
        return self.accounts[coordinator_id].password == password

    def set_password(self, coordinator_id: int, password: str, now: datetime) -> None:
        account = self.accounts[coordinator_id]
        problem = logins.password_problem(password, [account.email, account.name, *account.name.split()])
        if problem:
            raise ValueError(problem)
        account.password = password
        for live in self.sessions.values():
            if live["coordinator_id"] == coordinator_id:
                live["revoked_at"] = live["revoked_at"] or now

    def start_session(self, coordinator_id: int, now: datetime, mfa_passed: bool) -> str:
        token = secrets.token_urlsafe(16)
        self.sessions[token] = {"coordinator_id": coordinator_id, "created_at": now, "last_seen_at": now,
                                "revoked_at": None, "mfa_passed": mfa_passed}
        return token

    def live_login(self, token: str, now: datetime) -> Login | None:
        live = self.sessions.get(token)
        if live is None or not logins.session_alive(live["created_at"], live["last_seen_at"], live["revoked_at"], now):
            return None
        live["last_seen_at"] = now
        account = self.accounts[live["coordinator_id"]]
        return Login(account.id, account.name, live["mfa_passed"], account.secret is not None)

    def end_session(self, token: str | None, now: datetime) -> None:
        if token in self.sessions:
            self.sessions[token]["revoked_at"] = self.sessions[token]["revoked_at"] or now

    def id_by_email(self, email: str) -> int | None:
        return next((a.id for a in self.accounts.values() if a.email == logins.normalise_email(email)), None)

    def create_account(self, email: str, name: str, password: str) -> int:
        if self.id_by_email(email) is not None:
            raise ValueError("There is already a coordinator with that email address.")
        problem = logins.password_problem(password, [email, name, *name.split()])
        if problem:
            raise ValueError(problem)
        account = Account(max(self.accounts, default=0) + 1, logins.normalise_email(email), name.strip(), password)
        self.accounts[account.id] = account
        self.coordinators.rows[account.id] = TelegramLink(account.id, account.name, None, None, None)
        return account.id

    def authenticator_uri(self, coordinator_id: int, secret: str) -> str:
        return f"otpauth://totp/meeting-prep:{self.accounts[coordinator_id].email}?secret={secret}"

    def enrol(self, coordinator_id: int, secret: str, now: datetime) -> list[str]:
        account = self.accounts[coordinator_id]
        account.secret, account.recovery_codes = secret, [secrets.token_hex(3) for _ in range(3)]
        return list(account.recovery_codes)

    def second_factor_ok(self, coordinator_id: int, code: str, now: datetime) -> bool:
        account = self.accounts[coordinator_id]
        if account.secret and logins.code_is_right(account.secret, code, now):
            return True
        if code.strip().lower() in account.recovery_codes:
            account.recovery_codes.remove(code.strip().lower())  # used up
            return True
        return False


class FakeAuditLog:
    def __init__(self):
        self.entries: list[tuple] = []

    def record(self, coordinator_id: int, action: str, what: str, meeting_id: int | None = None,
               participant_id: int | None = None) -> None:
        self.entries.append((coordinator_id, action, what, meeting_id, participant_id))


class FakeUnitOfWork:
    """Call it like the class the use cases default to: `uow=fake`, then `fake()` opens it."""

    def __init__(self, now: datetime, flags=(), coordinators=(), participants=(), meetings=(), owners=None,
                 accounts=(), to_remind=()):
        self.flags = FakeFlags({f.id: f for f in flags})
        self.coordinators = FakeCoordinators({c.coordinator_id: c for c in coordinators})
        self.participants = FakeParticipants({p.participant_id: p for p in participants}, now)
        self.chats = FakeChats(self.participants, {m.id: m for m in meetings})
        self.audit = FakeAuditLog()
        self.logins = FakeLogins({a.id: a for a in accounts}, self.coordinators)
        self.meetings = FakeMeetings(self.chats, self.participants, self.flags, dict(owners or {}))
        self.retention = FakeRetention(self.chats, self.meetings)
        self.pending, self.telegram = FakePendingMessages(now), FakeTelegram()
        self.reminders = FakeReminders(list(to_remind))
        self.outbox = FakeOutbox(self.flags, self.meetings)
        self.records = FakeMeetingRecords(self.meetings, self.audit, self.coordinators, now)
        self.committed = 0

    def __call__(self, read_only: bool = False) -> FakeUnitOfWork:
        return self

    # What a `with` block that raises puts back: (repository, attribute) for every piece of state.
    KEPT = (("flags", "rows"), ("flags", "conversations"), ("coordinators", "rows"), ("participants", "rows"),
            ("participants", "revoked"), ("chats", "people"), ("chats", "conversations"), ("chats", "failed_joins"),
            ("chats", "meetings"), ("meetings", "owners"), ("outbox", "alerts"), ("outbox", "escalated"), ("retention", "pending"),
            ("pending", "rows"), ("pending", "senders_of"), ("telegram", "senders"), ("telegram", "buttons"),
            ("telegram", "contributions"), ("reminders", "sent"),
            ("logins", "accounts"), ("logins", "sessions"), ("logins", "failures"), ("audit", "entries"))

    def __enter__(self) -> FakeUnitOfWork:
        self._before = copy.deepcopy([getattr(getattr(self, repo), name) for repo, name in self.KEPT])
        return self

    def __exit__(self, error_type, *_) -> None:
        if error_type is None:
            self.committed += 1
        else:
            for (repo, name), value in zip(self.KEPT, self._before):
                setattr(getattr(self, repo), name, value)
