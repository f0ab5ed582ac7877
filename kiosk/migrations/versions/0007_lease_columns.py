"""print jobs and outbox messages share their lease columns: print_job.error is last_error

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 18:40:00
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.alter_column("error", new_column_name="last_error")


def downgrade() -> None:
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.alter_column("last_error", new_column_name="error")
