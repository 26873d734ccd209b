"""safeguarding flags: said_again and last_said_at where the first version of 0006 left them out

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 20:30:00

0006 gained these two columns in a later commit of the same day; a database migrated to 0006 before
that commit has neither, and every safeguarding reply then failed on it. A fresh database already has
them from 0006, so this adds only what is missing.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("safeguarding_flags")}
    missing = [sa.Column('said_again', sa.Integer(), server_default='0', nullable=False),
               sa.Column('last_said_at', sa.DateTime(), nullable=True)]
    missing = [column for column in missing if column.name not in present]
    if missing:
        with op.batch_alter_table('safeguarding_flags', schema=None) as batch_op:
            for column in missing:
                batch_op.add_column(column)


def downgrade() -> None:
    pass  # 0006's downgrade removes the columns
