"""A real webflow-local server on loopback, in a thread of the test process."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from webflow_local.app import create_app
from webflow_local.config import Settings
from webflow_local.db import migrate
from webflow_local.db.engine import make_oneshot_engine
from webflow_local.server import server_config

PG_ADMIN_URL = os.environ.get("WEBFLOW_LOCAL_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@dataclass
class RunningServer:
    url: str
    database_url: str
    settings: Settings


def pg_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN_URL.replace("+psycopg", ""), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@contextmanager
def fresh_database(backend: str, tmp: Path) -> Iterator[str]:
    """A new empty database for one test run: a SQLite file, or a PostgreSQL database dropped after."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'webflow-local-test.sqlite3'}"
        return
    import psycopg

    name = f"wfl_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = PG_ADMIN_URL.replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def serve(database_url: str, hooks: list[Any] | None = None, **overrides: object) -> Iterator[RunningServer]:
    """Migrates the database, then runs the app with uvicorn in a thread until the block ends."""
    engine = make_oneshot_engine(database_url)
    migrate.upgrade(engine)
    engine.dispose()
    sock = free_socket()
    port = sock.getsockname()[1]
    scheme = "https" if overrides.get("tls_cert") else "http"  # TLS: Settings.tls_cert/tls_key (tests/tls)
    overrides = {"public_url": f"{scheme}://127.0.0.1:{port}", **overrides}  # a test may name another
    settings = Settings(database_url=database_url, **overrides)  # type: ignore[arg-type]
    app = create_app(settings, hooks=hooks)
    # The same uvicorn configuration as `webflow-local serve`: connection limits and timeouts included.
    config = server_config(app, settings, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield RunningServer(f"{scheme}://127.0.0.1:{port}", database_url, settings)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
