"""pending messages and big Telegram ids: messages kept while Rasa is down; 64-bit Telegram user ids

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 07:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pending_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('metadata', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pending_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_messages_sender_id'), ['sender_id'], unique=False)

    # Telegram user ids do not fit in 32 bits (PostgreSQL's INTEGER); SQLite copies the table to change it.
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.alter_column('telegram_user_id', type_=sa.BigInteger(), existing_type=sa.Integer(),
                              existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.alter_column('telegram_user_id', type_=sa.Integer(), existing_type=sa.BigInteger(),
                              existing_nullable=True)
    with op.batch_alter_table('pending_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_messages_sender_id'))

    op.drop_table('pending_messages')
