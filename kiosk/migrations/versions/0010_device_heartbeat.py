"""kiosk devices: when each was last seen (the kiosk page and the print agent report every
30 s), and when it was revoked

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 08:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("revoked_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_column("revoked_at")
        batch_op.drop_column("last_seen_at")
