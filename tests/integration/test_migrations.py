"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kiosk.db import database
from kiosk.models import Base


def test_the_migrated_schema_matches_the_models(app):
    with app.app_context(), database().engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
