"""the center's own settings (name, address, time zone, retention, guest Wi-Fi), the kiosk
home's tiles and the counters that receive each field's or procedure's applications

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 11:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "center",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("retention_days", sa.Integer(), nullable=True),
        sa.Column("guest_wifi", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_center")),
    )
    for table in ("home_tile", "reception"):
        extra = (
            [sa.Column("position", sa.Integer(), nullable=False)] if table == "home_tile" else []
        )
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("center_id", sa.Integer(), nullable=False),
            *extra,
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column("value", sa.String(length=255), nullable=False),
            *([sa.Column("counters", sa.JSON(), nullable=False)] if table == "reception" else []),
            sa.ForeignKeyConstraint(
                ["center_id"],
                ["center.id"],
                name=op.f(f"fk_{table}_center_id_center"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint("center_id", "kind", "value", name=op.f(f"uq_{table}_center_id")),
        )


def downgrade() -> None:
    op.drop_table("reception")
    op.drop_table("home_tile")
    op.drop_table("center")
