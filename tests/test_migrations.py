"""The Alembic migrations build exactly the schema that db/schema.py and the families' tables.py describe, on both
databases; every table belongs to the platform or to the family that declares it."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from webflow_local.db import migrate
from webflow_local.db.engine import make_oneshot_engine
from webflow_local.db.schema import metadata
from webflow_local.runtime import all_tables, discover_families


def test_migrations_match_schema(database_url: str) -> None:
    engine = make_oneshot_engine(database_url)
    try:
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision() == migrate.HEAD
        discover_families()
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, metadata)
        assert diff == [], diff
    finally:
        engine.dispose()


def test_every_table_is_declared() -> None:
    """A table on the metadata that no family declares (and the platform does not own) is a mistake."""
    discover_families()
    assert {t.name for t in all_tables()} == set(metadata.tables)
