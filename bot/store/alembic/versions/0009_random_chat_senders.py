"""Telegram chats get random Rasa sender ids instead of "tg-<Telegram user id>"

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 05:30:00

Chats that already joined keep their old id (their conversation and kept messages are under it),
so the table starts with those; every new chat gets a random one.
"""
import re

from alembic import op
import sqlalchemy as sa


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
    old = set()
    for table, column in (("participants", "conversation_id"), ("pending_messages", "sender_id")):
        old |= {row[0] for row in connection.execute(sa.text(f"SELECT DISTINCT {column} FROM {table}")) if row[0]}
    rows = [{"telegram_user_id": int(m[1]), "sender_id": m[0]} for m in map(OLD_STYLE.match, sorted(old)) if m]
    if rows:
        op.bulk_insert(senders, rows)


def downgrade() -> None:
    op.drop_table('chat_senders')
