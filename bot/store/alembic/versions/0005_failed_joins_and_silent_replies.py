"""failed joins, silent replies: invite codes a chat tried that did not work (for the limit on
tries); how often Rasa answered a kept message with nothing (the action server was down)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('failed_joins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=80), nullable=False),
    sa.Column('failed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('failed_joins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_failed_joins_sender_id'), ['sender_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_failed_joins_failed_at'), ['failed_at'], unique=False)
    with op.batch_alter_table('pending_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('silent_replies', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('pending_messages', schema=None) as batch_op:
        batch_op.drop_column('silent_replies')
    with op.batch_alter_table('failed_joins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_failed_joins_failed_at'))
        batch_op.drop_index(batch_op.f('ix_failed_joins_sender_id'))
    op.drop_table('failed_joins')
