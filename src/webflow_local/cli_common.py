"""What every webflow-local command shares: the consoles, the common options, one-line errors (exit 2),
settings, the database engine and one transaction per command. The commands themselves are in cli.py and
the cli_*.py modules, which all import from here (and never from each other)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from webflow_local.config import Settings

console = Console(stderr=True)  # errors and notes
out = Console(soft_wrap=True)  # answers: stdout, so `webflow-local tokens --create | …` works

DB_OPT = typer.Option(None, "--database-url", envvar="WEBFLOW_LOCAL_DATABASE_URL",
                      help="SQLAlchemy URL; default: a SQLite file ./webflow-local.sqlite3")
JSON_OPT = typer.Option(False, "--json", help="Print machine-readable JSON.")
T = TypeVar("T")


def _error(text: str) -> NoReturn:
    """One line on stderr (never wrapped, whatever the terminal), exit code 2: bad input, not a crash."""
    console.print(f"[red]error:[/red] {escape(' '.join(text.split()))}", soft_wrap=True)
    raise typer.Exit(2)


def _problems(exc: ValidationError, names: Mapping[str, str] | None = None) -> str:
    """A pydantic error as `where: what; ...`, `where` named as the user wrote it (an option, a variable)."""
    parts = []
    for e in exc.errors(include_url=False):
        loc = [str(p) for p in e["loc"]]
        where = (names or {}).get(loc[0], ".".join(loc)) if loc else "input"
        parts.append(f"{where}: {str(e['msg']).removeprefix('Value error, ')}")
    return "; ".join(parts)


def _valid(build: Callable[[], T], names: Mapping[str, str] | None = None) -> T:
    """Builds a request model (or the settings) from what the user typed; refuses it in one line."""
    try:
        return build()
    except ValidationError as e:
        _error(_problems(e, names))


def _env_names() -> dict[str, str]:
    return {name: f"WEBFLOW_LOCAL_{name.upper()}" for name in Settings.model_fields}


def _settings(database_url: str | None) -> Settings:
    s = _valid(Settings, _env_names())
    if database_url:
        s.database_url = database_url
    return s


def _engine(settings: Settings, *, write: bool) -> Any:
    """An engine on the database the user named, refusing in one line what cannot work: a scheme other than
    SQLite's or PostgreSQL's, a database that is unreachable or (for a read) absent or without our schema.
    A writing command creates or migrates the schema, and says so on stderr; a read never does (it could be
    pointed at any database, a server's maintenance database included)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from webflow_local.db import migrate
    from webflow_local.db.engine import make_oneshot_engine

    raw = settings.database_url
    try:
        url = make_url(raw)
    except ArgumentError:
        _error(f"--database-url / WEBFLOW_LOCAL_DATABASE_URL {raw!r} is not a database URL: "
               f"{SCHEMES}")
    if url.get_backend_name() not in {"sqlite", "postgresql", "postgres"}:
        _error(f"unknown database URL scheme {url.drivername!r} in {url.render_as_string(hide_password=True)}: "
               f"{SCHEMES}")
    local_file = url.get_backend_name() == "sqlite" and url.database not in {None, "", ":memory:"}
    if local_file and not write and not Path(str(url.database)).exists():
        _error(f"no database at {url.database}: `webflow-local serve` or `webflow-local db upgrade` creates "
               "it (or pass --database-url)")
    engine = make_oneshot_engine(raw, settings.sqlite_synchronous)
    try:
        migrate.check_reachable(engine)
        if write:
            _migrate(engine)
        else:
            migrate.ensure_current(engine)
    except migrate.DatabaseNotReady as e:
        engine.dispose()
        absent = "does not exist" in str(e)
        hint = ": create it first (e.g. `createdb`), or pass another --database-url" if absent else ""
        _error(f"{e}{hint}")
    except Exception as e:  # a migration that failed: what the database said, not a traceback
        engine.dispose()
        _error(f"cannot migrate the database {migrate.describe(engine)}: {e}")
    return engine


SCHEMES = "use sqlite:///FILE or postgresql+psycopg://USER@HOST:PORT/DATABASE"


def _migrate(engine: Any) -> None:
    """Brings the schema to the code's revision; a note on stderr when that created or changed it."""
    from webflow_local.db import migrate

    before = migrate.current_revision(engine)
    migrate.upgrade(engine)
    if before != migrate.HEAD:
        what = "created the webflow-local schema" if before is None else f"migrated from revision {before}"
        console.print(f"note: {what} in {migrate.describe(engine)} (revision {migrate.HEAD})", soft_wrap=True,
                      markup=False)


def _with_ctx(database_url: str | None, fn: Callable[[Any], Any], *, write: bool = False) -> Any:
    """Runs fn(ctx) in one transaction against the database (no server needed)."""
    from webflow_local.context import Ctx
    from webflow_local.db.session import transaction
    from webflow_local.runtime import Runtime

    settings = _settings(database_url)
    engine = _engine(settings, write=write)
    try:
        # The server's own transaction boundary: events reach the webhooks family, caches are invalidated.
        with transaction(engine) as conn:
            return fn(Ctx(conn, Runtime.create(settings, engine)))
    finally:
        engine.dispose()


def _print(data: Any, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        out.print_json(data=data)


def _fail(exc: Exception) -> None:
    from sqlalchemy.exc import DBAPIError

    from webflow_local.errors import WebflowError

    if isinstance(exc, WebflowError):
        parts = [f"{d.get('param', '')}: {d.get('description', '')}".strip(": ") if isinstance(d, dict) else str(d)
                 for d in exc.details or []]
        _error(exc.message + (f" ({'; '.join(parts)})" if parts else ""))
    if isinstance(exc, ValidationError):  # a model a service builds from what it was given
        _error(_problems(exc))
    if isinstance(exc, DBAPIError):  # e.g. the database went away mid-command
        _error(f"the database refused the command: {(str(exc.orig or exc).strip().splitlines() or ['?'])[0]}")
    raise exc


def _run(database_url: str | None, as_json: bool, fn: Callable[[Any], Any], *, write: bool = False) -> None:
    try:
        _print(_with_ctx(database_url, fn, write=write), as_json)
    except typer.Exit:
        raise
    except Exception as e:
        _fail(e)
