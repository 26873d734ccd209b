"""Telegram chats get random Rasa sender ids instead of "tg-<Telegram user id>"

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 05:30:00

Chats that already joined get a random id too: everything under their old id moves to it (our
tables, and their conversation in Rasa's tracker store), so they carry on where they were.
"""
import re
import secrets

from alembic import op
import sqlalchemy as sa

from bot.store.rasa_tracker import tracker_database_url


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

OLD_STYLE = re.compile(r"^tg-(\d+)$")


def upgrade() -> None:
    senders = op.create_table(
        'chat_senders',
        sa.Column('telegram_user_id', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('sender_id', sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint('telegram_user_id'),
        sa.UniqueConstraint('sender_id'),
    )
    connection = op.get_bind()
    holders = (("participants", "conversation_id"), ("pending_messages", "sender_id"),
               ("failed_joins", "sender_id"), ("safeguarding_flags", "conversation_id"))
    old = set()
    for table, column in holders:
        old |= {row[0] for row in connection.execute(sa.text(f"SELECT DISTINCT {column} FROM {table}")) if row[0]}
    renamed = {m[0]: (int(m[1]), f"tg-{secrets.token_urlsafe(18)}") for m in map(OLD_STYLE.match, sorted(old)) if m}
    if not renamed:
        return
    op.bulk_insert(senders, [{"telegram_user_id": user, "sender_id": new} for user, new in renamed.values()])
    for before, (_, after) in renamed.items():
        for table, column in holders:
            connection.execute(sa.text(f"UPDATE {table} SET {column} = :after WHERE {column} = :before"),
                               {"after": after, "before": before})
    _rename_in_rasa({before: after for before, (_, after) in renamed.items()})


def _rename_in_rasa(renamed: dict) -> None:
    """The conversations in Rasa's tracker store (its own SQLite file, or a table in PostgreSQL)."""
    engine = sa.create_engine(tracker_database_url())
    try:
        with engine.begin() as connection:
            if not sa.inspect(connection).has_table("events"):
                return
            for before, after in renamed.items():
                connection.execute(sa.text("UPDATE events SET sender_id = :after WHERE sender_id = :before"),
                                   {"after": after, "before": before})
    finally:
        engine.dispose()


def downgrade() -> None:
    op.drop_table('chat_senders')
