"""Alembic environment: the connection is handed in by webflow_local.db.migrate."""

from __future__ import annotations

from alembic import context

from webflow_local.db.schema import metadata
from webflow_local.runtime import discover_families

# The families' tables live in their own packages, on the same metadata: find them all.
discover_families()

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic is run by hand
    from webflow_local.db.engine import make_oneshot_engine

    engine = make_oneshot_engine(config.get_main_option("sqlalchemy.url") or "")
    connection = engine.connect()

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
