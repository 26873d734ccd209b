"""Meetings get the date of their review meeting (for the check-in a week before it)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 12:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meetings') as batch:
        batch.add_column(sa.Column('review_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('meetings') as batch:
        batch.drop_column('review_on')
