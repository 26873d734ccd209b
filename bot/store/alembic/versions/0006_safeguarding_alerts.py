"""safeguarding alerts: outbox, attempts, handled notes, coordinators linked on Telegram

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 16:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('flag_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('recipient', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('next_try_at', sa.DateTime(), nullable=False),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['flag_id'], ['safeguarding_flags.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_flag_id'), ['flag_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_next_try_at'), ['next_try_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_status'), ['status'], unique=False)

    op.create_table('notification_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('notification_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('sent_to', sa.String(length=120), nullable=False),
    sa.Column('delivered', sa.Boolean(), nullable=False),
    sa.Column('error', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notification_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_attempts_notification_id'), ['notification_id'], unique=False)

    with op.batch_alter_table('coordinators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('telegram_chat_id', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('telegram_link_code', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('telegram_link_expires_at', sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint('uq_coordinators_telegram_link_code', ['telegram_link_code'])

    with op.batch_alter_table('safeguarding_flags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handled_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('escalated_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('said_again', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('last_said_at', sa.DateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('safeguarding_flags', schema=None) as batch_op:
        batch_op.drop_column('last_said_at')
        batch_op.drop_column('said_again')
        batch_op.drop_column('escalated_at')
        batch_op.drop_column('handled_note')

    with op.batch_alter_table('coordinators', schema=None) as batch_op:
        batch_op.drop_constraint('uq_coordinators_telegram_link_code', type_='unique')
        batch_op.drop_column('telegram_link_expires_at')
        batch_op.drop_column('telegram_link_code')
        batch_op.drop_column('telegram_chat_id')

    with op.batch_alter_table('notification_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_attempts_notification_id'))

    op.drop_table('notification_attempts')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_status'))
        batch_op.drop_index(batch_op.f('ix_notifications_next_try_at'))
        batch_op.drop_index(batch_op.f('ix_notifications_flag_id'))

    op.drop_table('notifications')
