"""statistics: daily search counts per folded text, daily kiosk and printer uptime, the
queue's daily roll-up, and the indexes the statistics read by

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_count",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("query", sa.String(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "query", name=op.f("pk_search_count")),
    )
    op.create_table(
        "device_uptime",
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minutes_seen", sa.Integer(), nullable=False),
        sa.Column("printer_ok_minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["device.id"],
            name=op.f("fk_device_uptime_device_id_device"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("device_id", "day", name=op.f("pk_device_uptime")),
    )
    op.create_table(
        "stats_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=False),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("served", sa.Integer(), nullable=False),
        sa.Column("no_show", sa.Integer(), nullable=False),
        sa.Column("very_satisfied", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("neutral", sa.Integer(), nullable=False),
        sa.Column("unsatisfied", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "service_id", "counter_id", name=op.f("pk_stats_day")),
        sqlite_with_rowid=False,  # SQLite: the rows kept in day order, read without lookups
    )
    op.create_table(
        "stats_step",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "service_id", "counter_id", "kind", "value", name=op.f("pk_stats_step")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "stats_day_done",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_stats_day_done")),
    )
    op.create_table(
        "stats_mark",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_stats_mark")),
    )
    op.create_index("ix_ticket_day_service", "ticket", ["day", "service_id"])
    op.create_index("ix_ticket_event_ticket_kind_at", "ticket_event", ["ticket_id", "kind", "at"])


def downgrade() -> None:
    op.drop_index("ix_ticket_event_ticket_kind_at", table_name="ticket_event")
    op.drop_index("ix_ticket_day_service", table_name="ticket")
    op.drop_table("stats_mark")
    op.drop_table("stats_day_done")
    op.drop_table("stats_step")
    op.drop_table("stats_day")
    op.drop_table("device_uptime")
    op.drop_table("search_count")
