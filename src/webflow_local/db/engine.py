"""Engine construction: SQLite pragmas (WAL, foreign keys, busy timeout) or a PostgreSQL pool."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from webflow_local.db import upkeep
from webflow_local.db.session import track_cached_writes

CONNECT_TIMEOUT = 10  # seconds to open a PostgreSQL connection
POOL_TIMEOUT = 30  # seconds a request waits for a free pooled connection
SYNCHRONOUS = frozenset({"NORMAL", "FULL"})


def normalise_url(url: str) -> str:
    u = make_url(url)
    if u.drivername in {"postgresql", "postgres"}:
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _pg_connect_args(url: str) -> dict[str, Any]:
    # An unreachable host should fail start-up in seconds, not hang on the OS's TCP timeout.
    return {} if "connect_timeout" in make_url(url).query else {"connect_timeout": CONNECT_TIMEOUT}


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _json_loads(value: Any) -> Any:
    # SQLite's numeric affinity hands a stored JSON number back as a number, not as text.
    return orjson.loads(value) if isinstance(value, str | bytes) else value


# orjson for JSON columns: fieldData is most of what a bulk write stores and a list reads.
JSON_CODEC: dict[str, Any] = {"json_serializer": _json_dumps, "json_deserializer": _json_loads}


def make_engine(url: str, pool_size: int = 10, sqlite_synchronous: str = "normal") -> Engine:
    """The engine of one server process: at most 2 x pool_size connections (pool_size kept open,
    as many again opened under load and closed after). See docs/deployment.md for the sizing rule."""
    url = normalise_url(url)
    if is_sqlite(url):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=pool_size,
            max_overflow=pool_size,
            **JSON_CODEC,
        )
        _sqlite_discipline(engine, sqlite_synchronous)
        upkeep.checkpoint_in_background(engine)
    else:
        # No pool_pre_ping (a round trip per request): dead connections are caught at checkout without one.
        engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_timeout=POOL_TIMEOUT,
                               connect_args=_pg_connect_args(url), **JSON_CODEC)
        upkeep.replace_dead_connections(engine)
    track_cached_writes(engine)
    return engine


def connection_budget(engine: Engine) -> int | None:
    """How many connections PostgreSQL admits for ordinary roles (max_connections less the superuser
    reserve); None on SQLite. Every process of every host shares this budget."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        total = int(conn.exec_driver_sql("SHOW max_connections").scalar_one())
        reserved = int(conn.exec_driver_sql("SHOW superuser_reserved_connections").scalar_one())
    return total - reserved


def make_oneshot_engine(url: str, sqlite_synchronous: str = "normal") -> Engine:
    """For CLI commands and migrations: no pool kept around."""
    url = normalise_url(url)
    if is_sqlite(url):
        engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 30}, **JSON_CODEC)
        _sqlite_discipline(engine, sqlite_synchronous)
    else:
        engine = create_engine(url, poolclass=NullPool, connect_args=_pg_connect_args(url), **JSON_CODEC)
    track_cached_writes(engine)
    return engine


_BEGIN = {"IMMEDIATE": "BEGIN IMMEDIATE", "DEFERRED": "BEGIN DEFERRED"}


def _sqlite_discipline(engine: Engine, synchronous: str) -> None:
    # NORMAL in WAL mode survives a process crash but may lose the last commits on power loss; FULL does not.
    if synchronous.upper() not in SYNCHRONOUS:
        raise ValueError(f"sqlite synchronous must be one of {sorted(SYNCHRONOUS)}, not {synchronous!r}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control away from pysqlite so BEGIN IMMEDIATE can be issued for writes.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute(f"PRAGMA synchronous={synchronous.upper()}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the lock up front: a deferred transaction that later upgrades can deadlock.
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        # On the driver connection: SQLAlchemy's own execute path costs more than the BEGIN.
        conn.connection.driver_connection.execute(_BEGIN[mode])
