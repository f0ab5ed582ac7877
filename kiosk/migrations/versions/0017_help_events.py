""" "Digital Citizen Saturday": events with help desks, help-desk outcomes, and the help topic
a ticket was taken for; a service's kind (the help desks' service is "help")

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "help_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("desks", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_event")),
    )
    op.create_index(op.f("ix_help_event_first_day"), "help_event", ["first_day"])
    op.create_table(
        "help_outcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("age_group", sa.String(length=16), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("help_seconds", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_help_outcome_ticket_id_ticket")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["help_event.id"], name=op.f("fk_help_outcome_event_id_help_event")
        ),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_help_outcome_counter_id_counter")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_outcome")),
    )
    op.create_index(op.f("ix_help_outcome_ticket_id"), "help_outcome", ["ticket_id"])
    op.create_index(op.f("ix_help_outcome_event_id"), "help_outcome", ["event_id"])
    op.create_index(op.f("ix_help_outcome_day"), "help_outcome", ["day"])
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.add_column(sa.Column("help_topic", sa.String(length=40), nullable=True))
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), server_default="queue", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("kind")
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_column("help_topic")
    op.drop_index(op.f("ix_help_outcome_day"), table_name="help_outcome")
    op.drop_index(op.f("ix_help_outcome_event_id"), table_name="help_outcome")
    op.drop_index(op.f("ix_help_outcome_ticket_id"), table_name="help_outcome")
    op.drop_table("help_outcome")
    op.drop_index(op.f("ix_help_event_first_day"), table_name="help_event")
    op.drop_table("help_event")
