"""catalog imports: where each procedure came from (file, time, who), the import's result
and rejects; procedures hidden from citizens without being deleted

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 11:35:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("running", sa.Integer(), nullable=True),
        sa.Column("owner", sa.String(length=255), nullable=False, server_default=""),
        sa.Column("skip_invalid", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("read", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("inserted", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("updated", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("unchanged", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("rejects", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id"),
        # At most one row with running = 1: one import at a time, on every server.
        sa.UniqueConstraint("running", name="uq_catalog_import_running"),
    )
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("hidden", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_foreign_key(
            "fk_procedure_import_id_catalog_import", "catalog_import", ["import_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.drop_constraint("fk_procedure_import_id_catalog_import", type_="foreignkey")
        batch_op.drop_column("hidden")
        batch_op.drop_column("import_id")
    op.drop_table("catalog_import")
