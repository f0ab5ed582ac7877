"""satisfaction ratings (one per visit), the center's rating scale and complaint contact, and
each service's longest-wait alert for the live board

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 12:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_rating_ticket_id_ticket")
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submission.id"], name=op.f("fk_rating_submission_id_submission")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["service.id"], name=op.f("fk_rating_service_id_service")
        ),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_rating_counter_id_counter")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_rating_ticket_id")),
    )
    op.create_index("ix_rating_rated_at", "rating", ["rated_at"])
    op.create_index(op.f("ix_rating_service_id"), "rating", ["service_id"])
    op.create_index(op.f("ix_rating_staff_id"), "rating", ["staff_id"])
    with op.batch_alter_table("center", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rating_scale", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("complaint_contact", sa.Text(), nullable=True))
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wait_alert_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("wait_alert_minutes")
    with op.batch_alter_table("center", schema=None) as batch_op:
        batch_op.drop_column("complaint_contact")
        batch_op.drop_column("rating_scale")
    op.drop_index(op.f("ix_rating_staff_id"), table_name="rating")
    op.drop_index(op.f("ix_rating_service_id"), table_name="rating")
    op.drop_index("ix_rating_rated_at", table_name="rating")
    op.drop_table("rating")
