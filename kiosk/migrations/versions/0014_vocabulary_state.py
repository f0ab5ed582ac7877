"""vocabulary state: a version bumped on each change to the staff's everyday words, so every
server process swaps its search index's alias layer within seconds, without a restart

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 11:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vocabulary_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vocabulary_state")),
    )


def downgrade() -> None:
    op.drop_table("vocabulary_state")
