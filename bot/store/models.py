"""SQLAlchemy 2.0 models: meetings, the people in them, and what each person told the assistant."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.domain.clock import utcnow  # noqa: F401 (also imported from here by the store and the tests)
from bot.store.crypto import EncryptedText  # free text people wrote, encrypted at rest


class Base(DeclarativeBase):
    pass


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), default="family group conference")
    # None means "to be agreed": families help choose the time.
    scheduled_at: Mapped[datetime | None]
    coordinator_name: Mapped[str] = mapped_column(String(120))
    # The coordinator account that owns it on the web page (None: made on the command line).
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"), index=True)
    place: Mapped[str | None] = mapped_column(String(200))  # where it is, once agreed (for reminders)
    review_on: Mapped[date | None]  # the review meeting, once set: a check-in comes a week before it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    participants: Mapped[list[Participant]] = relationship(back_populates="meeting")
    professionals: Mapped[list[Professional]] = relationship(back_populates="meeting")
    coordinator: Mapped[Coordinator | None] = relationship()


class Professional(Base):
    """Someone the coordinator expects at the meeting in a work role; the assistant explains them."""

    __tablename__ = "professionals"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(40))

    meeting: Mapped[Meeting] = relationship(back_populates="professionals")


class Participant(Base):
    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    invite_code: Mapped[str] = mapped_column(String(32), unique=True)
    # A code stops working for new chats when it expires (None: never) or is revoked.
    code_expires_at: Mapped[datetime | None]
    code_revoked_at: Mapped[datetime | None]
    # The chat's sender id in Rasa ("tg-<user id>", "local-<name>"), set when the code is used.
    conversation_id: Mapped[str | None] = mapped_column(String(80), unique=True)
    # Telegram user ids need more than 32 bits.
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(20), default="en")
    joined_at: Mapped[datetime | None]
    # When they checked their summary and agreed it goes to the coordinator.
    confirmed_at: Mapped[datetime | None]

    meeting: Mapped[Meeting] = relationship(back_populates="participants")
    preferences: Mapped[list[Preference]] = relationship(back_populates="participant")
    invitees: Mapped[list[Invitee]] = relationship(back_populates="participant")
    questions: Mapped[list[OpenQuestion]] = relationship(back_populates="participant")


class Preference(Base):
    """One answer, structured: topic + key, a value, and who may see it. Re-answering replaces it."""

    __tablename__ = "preferences"
    __table_args__ = (UniqueConstraint("participant_id", "topic", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    topic: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(EncryptedText)
    visibility: Mapped[str] = mapped_column(String(20), default="coordinator")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="preferences")


class Invitee(Base):
    """Someone a participant would like invited (or, with wanted=False, would rather not see there)."""

    __tablename__ = "invitees"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    name: Mapped[str] = mapped_column(EncryptedText)
    relationship_to: Mapped[str] = mapped_column(EncryptedText, default="")
    wanted: Mapped[bool] = mapped_column(default=True)
    anonymous: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="invitees")


class OpenQuestion(Base):
    """A question the assistant could not answer, kept for the coordinator to follow up."""

    __tablename__ = "open_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    text: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="questions")


class ButtonPayload(Base):
    """Telegram's callback_data holds at most 64 bytes, so buttons carry a short key for a payload."""

    __tablename__ = "button_payloads"

    key: Mapped[str] = mapped_column(String(16), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)


class SafeguardingFlag(Base):
    """An urgent flag: someone may have disclosed harm or risk. Minimum data: who, what kind, when.

    Kept when a participant asks to be forgotten, so the coordinator can still act on it.
    """

    __tablename__ = "safeguarding_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Not a foreign key: the flag outlives the participant's other data (/forget).
    participant_id: Mapped[int | None] = mapped_column(index=True)
    meeting_id: Mapped[int | None] = mapped_column(index=True)
    conversation_id: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    handled_at: Mapped[datetime | None]
    handled_by: Mapped[str | None] = mapped_column(String(120))
    handled_note: Mapped[str | None] = mapped_column(EncryptedText)  # what they did, in a few words
    escalated_at: Mapped[datetime | None]  # last sent to the duty contact because nobody handled it
    said_again: Mapped[int] = mapped_column(default=0)  # more disclosures in the same chat, added to this flag
    last_said_at: Mapped[datetime | None]

    notifications: Mapped[list[Notification]] = relationship(back_populates="flag", order_by="Notification.id")


class Notification(Base):
    """The outbox: one alert about a flag to one recipient on one channel. Written in the same
    transaction as the flag (or its escalation); sent by the alerts worker, tried again until it is
    delivered. Holds no message text: the words are made from the flag when it is sent."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("safeguarding_flags.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))    # email | telegram
    recipient: Mapped[str] = mapped_column(String(20))  # coordinator | duty
    reason: Mapped[str] = mapped_column(String(20))     # raised | escalated
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)  # pending | delivered | gave_up
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_try_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    delivered_at: Mapped[datetime | None]

    flag: Mapped[SafeguardingFlag] = relationship(back_populates="notifications")
    attempts: Mapped[list[NotificationAttempt]] = relationship(back_populates="notification",
                                                               order_by="NotificationAttempt.id")


class NotificationAttempt(Base):
    """One try at sending a notification, for the trail on the flag ("emailed Amira 23:02, delivered")."""

    __tablename__ = "notification_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_to: Mapped[str] = mapped_column(String(120))  # "Amira", "the duty contact": a name, never an address
    delivered: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str | None] = mapped_column(String(200))  # why not, in a few words

    notification: Mapped[Notification] = relationship(back_populates="attempts")


class Contribution(Base):
    """Something a young person sent for the meeting: a message, drawing, photo, voice note or video."""

    __tablename__ = "contributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # text | photo | voice | video | document
    telegram_file_id: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(EncryptedText)
    visibility: Mapped[str] = mapped_column(String(20), default="coordinator")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    participant: Mapped[Participant] = relationship()


class Coordinator(Base):
    """Someone who logs in to the web page; sees only the meetings they own."""

    __tablename__ = "coordinators"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Their own Telegram chat with the bot, for safeguarding alerts: linked with a one-time code.
    telegram_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    telegram_link_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    telegram_link_expires_at: Mapped[datetime | None]
    # Second factor: a TOTP secret for an authenticator app, in use once a first code confirmed it.
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText)
    mfa_enrolled_at: Mapped[datetime | None]
    recovery_codes: Mapped[list[RecoveryCode]] = relationship(cascade="all, delete-orphan")


class ChatSender(Base):
    """Which Rasa conversation a Telegram user's chat is: a random id ("tg-" and 24 random characters),
    so knowing someone's Telegram id is no way to reach their conversation."""

    __tablename__ = "chat_senders"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    sender_id: Mapped[str] = mapped_column(String(80), unique=True)


class RecoveryCode(Base):
    """A one-time code for logging in without the authenticator app (kept as an argon2id hash)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("coordinators.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[datetime | None]


class WebSession(Base):
    """A login to the coordinator page, held on the server: the cookie carries only a random token,
    whose SHA-256 is kept here. Ends when idle or old (bot/domain/logins.py), or when revoked."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("coordinators.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    mfa_passed: Mapped[bool] = mapped_column(default=False)  # False: only the second step is open
    revoked_at: Mapped[datetime | None]


class LoginFailure(Base):
    """A wrong password or code: counted per account and per address to slow down guessing."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class AuditEntry(Base):
    """Who viewed, exported or changed what on the web page, and when. Never the content itself."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("coordinators.id"), index=True)
    # Not foreign keys: the record of access outlives what was looked at.
    meeting_id: Mapped[int | None] = mapped_column(index=True)
    participant_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(20))  # viewed | exported | changed
    what: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    coordinator: Mapped[Coordinator] = relationship()


class ReminderSent(Base):
    """A Telegram reminder sent to a participant, so a restart neither repeats nor loses one."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("participant_id", "kind", "meeting_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Not a foreign key: the record outlives the participant's data (/forget).
    participant_id: Mapped[int] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(30))  # week_before | three_days_before | day_before | after
    meeting_at: Mapped[datetime]  # the meeting time it was for: a new date means new reminders
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class PendingMessage(Base):
    """A message Rasa could not take (down or too slow), kept to deliver in order when it is back."""

    __tablename__ = "pending_messages"

    id: Mapped[int] = mapped_column(primary_key=True)  # delivery order: oldest (lowest id) first
    sender_id: Mapped[str] = mapped_column(String(80), index=True)
    text: Mapped[str] = mapped_column(EncryptedText)
    # What the front end sends Rasa with the message ("metadata" is taken in SQLAlchemy models).
    message_metadata: Mapped[dict] = mapped_column("metadata", JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Times Rasa took it but answered nothing (it could not run an action): tried again, up to a limit.
    silent_replies: Mapped[int] = mapped_column(default=0, server_default="0")


class FailedJoin(Base):
    """An invite code a chat tried that did not work, kept only while it counts towards the limit
    on tries (bot/domain/join_attempts.py), so the limit holds across action servers and restarts."""

    __tablename__ = "failed_joins"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(80), index=True)
    failed_at: Mapped[datetime] = mapped_column(index=True)
