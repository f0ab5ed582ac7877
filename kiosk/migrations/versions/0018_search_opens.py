"""Procedures opened after a search, counted per week and folded text (search learns from them)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 03:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_open",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("query", sa.String(length=255), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("week", "query", "code", name=op.f("pk_search_open")),
    )


def downgrade() -> None:
    op.drop_table("search_open")
