"""The Alembic migrations build exactly the schema that db/schema.py describes, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from webflow_local.db import migrate
from webflow_local.db.engine import make_oneshot_engine
from webflow_local.db.schema import metadata


def test_migrations_match_schema(database_url: str) -> None:
    engine = make_oneshot_engine(database_url)
    try:
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision() == migrate.HEAD
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, metadata)
        assert diff == [], diff
    finally:
        engine.dispose()
