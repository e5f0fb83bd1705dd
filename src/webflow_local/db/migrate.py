"""Schema migrations (Alembic), applied on start and by `webflow-local db upgrade`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _head_from_files() -> str:
    """The newest revision, from the migration files' names (NNNN_what.py, revision "NNNN"): start-up
    compares the database with it and imports Alembic, a quarter second, only when there is work to do.
    tests/test_migrations.py checks it against Alembic's own head."""
    names = sorted(p.name for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return names[-1][:4]


HEAD = _head_from_files()

UPGRADE_HINT = "run `webflow-local db upgrade` against this database"


class DatabaseNotReady(Exception):
    """The database cannot serve this code: unreachable, or its schema is not the code's revision.

    The message is meant for the operator, as is."""


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision (None before the first migration), read without Alembic."""
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            return None


def describe(engine: Engine) -> str:
    """The database URL without its password, for messages."""
    return engine.url.render_as_string(hide_password=True)


def check_reachable(engine: Engine) -> None:
    try:
        with engine.connect():
            pass
    except DBAPIError as e:
        reason = (str(e.orig or e).strip().splitlines() or [type(e).__name__])[0]
        raise DatabaseNotReady(f"cannot reach the database {describe(engine)}: {reason}") from None


def schema_problem(engine: Engine) -> str | None:
    """None when the database's schema revision is the code's head; else what is wrong and what to do."""
    current = current_revision(engine)
    if current == HEAD:
        return None
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    head = head_revision()
    where = describe(engine)
    if current is None:
        return f"the database {where} has no webflow-local schema (this code needs revision {head}): {UPGRADE_HINT}"
    try:
        known = ScriptDirectory.from_config(_config()).get_revision(current) is not None
    except CommandError:
        known = False
    if not known:
        return (f"the database {where} is at schema revision {current}, which this code does not know "
                f"(its newest is {head}): run a webflow-local at least as new as the one that migrated it")
    return f"the database {where} is at schema revision {current}, older than this code's {head}: {UPGRADE_HINT}"


def ensure_current(engine: Engine) -> None:
    """Raises DatabaseNotReady unless the database is reachable and its schema is exactly the code's."""
    check_reachable(engine)
    problem = schema_problem(engine)
    if problem:
        raise DatabaseNotReady(problem)


def previous_revision(revision: str) -> str | None:
    """The revision before `revision` (None before the first), e.g. to build a schema one step behind."""
    from alembic.script import ScriptDirectory

    down = ScriptDirectory.from_config(_config()).get_revision(revision).down_revision
    return down if isinstance(down, str) or down is None else down[0]


def upgrade(engine: Engine, target: str = "head") -> None:
    if target == "head" and current_revision(engine) == HEAD:
        return
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Several processes may start at once: one migrates, the others wait for it.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(727072)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def revision(message: str, url: str) -> None:
    """Developer helper: migrate the database at `url` to the head, then autogenerate a migration from the
    difference to the tables (the platform's and every family's)."""
    from alembic import command

    from webflow_local.db.engine import make_oneshot_engine

    engine = make_oneshot_engine(url)
    upgrade(engine)
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)
