"""searches that look like personal data are not kept; staff session versions

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 17:30:00
"""

import sqlalchemy as sa
from alembic import op

from kiosk.catalog.misses import looks_personal

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

search_miss = sa.table(
    "search_miss",
    sa.column("id", sa.Integer),
    sa.column("query", sa.String),
    sa.column("personal", sa.Boolean),
)


def upgrade() -> None:
    with op.batch_alter_table("search_miss", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("personal", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), server_default="0", nullable=False)
        )
    _forget_personal_searches()


def _forget_personal_searches() -> None:
    """Searches stored before this version may hold ID card data: keep only their count."""
    connection = op.get_bind()
    rows = connection.execute(sa.select(search_miss.c.id, search_miss.c.query))
    personal = [row.id for row in rows if looks_personal(row.query or "")]
    for start in range(0, len(personal), 500):
        connection.execute(
            search_miss.update()
            .where(search_miss.c.id.in_(personal[start : start + 500]))
            .values(query="", personal=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_column("session_version")
    with op.batch_alter_table("search_miss", schema=None) as batch_op:
        batch_op.drop_column("personal")
