"""counters as the administration area sets them: agency, kind (a guidance desk is a counter
too), in service or not, and the order of the services each serves

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 08:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("counter", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("agency", sa.String(length=32), nullable=False, server_default="commune")
        )
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), nullable=False, server_default="counter")
        )
        batch_op.add_column(
            sa.Column("in_service", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("counter_service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("counter_service", schema=None) as batch_op:
        batch_op.drop_column("position")
    with op.batch_alter_table("counter", schema=None) as batch_op:
        batch_op.drop_column("in_service")
        batch_op.drop_column("kind")
        batch_op.drop_column("agency")
