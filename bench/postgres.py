"""Scratch PostgreSQL databases for the benchmarks: created on a server the bench is given, dropped after.

The server is WEBFLOW_LOCAL_BENCH_PG (or the --pg argument of run.py and scale.py), a URL whose user may
create databases; default postgresql://postgres@127.0.0.1:5432/postgres (trust authentication). Nothing is
written to the database the URL names: each scratch database is `wfl_bench_<random>`, dropped (WITH FORCE)
when the benchmark that made it ends, even on failure."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

PG_ADMIN = os.environ.get("WEBFLOW_LOCAL_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def reachable(admin_url: str) -> str | None:
    """None when the server answers and the user may create databases; otherwise why not."""
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            row = conn.execute("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
            return None if row and row[0] else "the user may not create databases"
    except psycopg.Error as e:
        return str(e).strip() or type(e).__name__


@contextmanager
def scratch_database(admin_url: str = PG_ADMIN) -> Iterator[str]:
    """A new, empty database; yields its URL (for webflow-local and SQLAlchemy: postgresql://...)."""
    name = f"wfl_bench_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
