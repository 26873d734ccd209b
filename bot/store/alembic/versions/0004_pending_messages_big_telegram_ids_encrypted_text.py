"""pending messages, big Telegram ids, encrypted text: messages kept while Rasa is down; 64-bit
Telegram user ids; free text people wrote encrypted at rest (bot/store/crypto.py)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 07:00:00
"""
from alembic import op
import sqlalchemy as sa

from bot.store.crypto import decrypt, encrypt, is_encrypted


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# (table, column) of free text now stored encrypted. Names and relationships were VARCHAR(120):
# encrypted, they are longer, so they become TEXT.
ENCRYPTED = [('preferences', 'value'), ('invitees', 'name'), ('invitees', 'relationship_to'),
             ('open_questions', 'text'), ('contributions', 'text')]
WIDENED = [('invitees', 'name'), ('invitees', 'relationship_to')]


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

    with op.batch_alter_table('invitees', schema=None) as batch_op:
        for _, column in WIDENED:
            batch_op.alter_column(column, type_=sa.Text(), existing_type=sa.String(length=120), existing_nullable=False)
    _convert(lambda value: value if is_encrypted(value) else encrypt(value))


def downgrade() -> None:
    _convert(lambda value: decrypt(value) if is_encrypted(value) else value)
    with op.batch_alter_table('invitees', schema=None) as batch_op:
        for _, column in WIDENED:
            batch_op.alter_column(column, type_=sa.String(length=120), existing_type=sa.Text(), existing_nullable=False)

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.alter_column('telegram_user_id', type_=sa.Integer(), existing_type=sa.BigInteger(),
                              existing_nullable=True)
    with op.batch_alter_table('pending_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_messages_sender_id'))

    op.drop_table('pending_messages')


def _convert(change) -> None:
    """Rewrite every stored value of the encrypted columns with `change` (None stays None)."""
    connection = op.get_bind()
    for table_name, column in ENCRYPTED:
        table = sa.table(table_name, sa.column('id', sa.Integer()), sa.column(column, sa.Text()))
        rows = connection.execute(sa.select(table.c.id, table.c[column]).where(table.c[column].is_not(None))).all()
        for row_id, value in rows:
            connection.execute(table.update().where(table.c.id == row_id).values({column: change(value)}))
