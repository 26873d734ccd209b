"""A young person's answer shared "with my family too" becomes shared with everyone at the meeting

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 10:30:00

Young people now choose from three (bot/domain/visibility.py): only the coordinator, the coordinator
may tell the professionals, or everyone at the meeting (family included). The old "my family too"
meant everyone: its visibility and the stored sharing answers (share_<slot>, encrypted) say so now.
"""
from alembic import op
import sqlalchemy as sa

from bot.store.crypto import decrypt, encrypt

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    _rename("family", "everyone")


def downgrade() -> None:
    # "professionals" had no place before: it goes back to the coordinator only, the less shared.
    _rename("everyone", "family")
    for table in ("preferences", "contributions"):
        op.execute(sa.text(f"UPDATE {table} SET visibility = 'coordinator' WHERE visibility = 'professionals'"))
    _rewrite_answers("professionals", "coordinator")


def _rename(before: str, after: str) -> None:
    for table in ("preferences", "contributions"):
        op.execute(sa.text(f"UPDATE {table} SET visibility = :after WHERE visibility = :before")
                   .bindparams(after=after, before=before))
    _rewrite_answers(before, after)


def _rewrite_answers(before: str, after: str) -> None:
    """The sharing answers themselves (share_going_well = "family"), stored encrypted."""
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, value FROM preferences WHERE key LIKE 'share\\_%' ESCAPE '\\'"))
    for row_id, value in list(rows):
        if value is not None and decrypt(value) == before:
            connection.execute(sa.text("UPDATE preferences SET value = :value WHERE id = :id"),
                               {"value": encrypt(after), "id": row_id})
