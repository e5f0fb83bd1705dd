"""What a test suite waits for between tests: the pytest plugin's reset (the demo world's rows, kept in
memory, written back in one transaction) and a snapshot restore (the same, from the JSON stored in the
database), on SQLite and PostgreSQL, against a ceiling measured in the same run: the raw driver (sqlite3,
psycopg) deleting every table and inserting the same rows in one transaction, with nothing else.

    python3 dev.py run python bench/testing_kit.py [--runs 30] [--posts 0] [--no-pg]   (from the repository root)
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from bench.postgres import PG_ADMIN, reachable, scratch_database  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from webflow_local.admin import service as admin  # noqa: E402
from webflow_local.admin.schemas import SeedIn  # noqa: E402
from webflow_local.api.snapshots import service as snapshots  # noqa: E402
from webflow_local.api.snapshots.schemas import SnapshotIn  # noqa: E402
from webflow_local.config import Settings  # noqa: E402
from webflow_local.context import Ctx  # noqa: E402
from webflow_local.db import migrate  # noqa: E402
from webflow_local.db.engine import make_engine  # noqa: E402
from webflow_local.db.session import transaction  # noqa: E402
from webflow_local.demo import demo_seed  # noqa: E402
from webflow_local.pytest_plugin import Rows  # noqa: E402
from webflow_local.runtime import Runtime  # noqa: E402


def _median_ms(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm: caches, prepared plans
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _world(posts: int) -> dict[str, Any]:
    seed = copy.deepcopy(demo_seed())
    blog = next(c for c in seed["workspaces"][0]["sites"][0]["collections"] if c["displayName"] == "Blog Posts")
    blog["items"] = blog.get("items", []) + [
        {"fieldData": {"name": f"Post {i}", "slug": f"post-{i}"}, "locales": ["en", "fr-FR", "de-DE"]}
        for i in range(posts)]
    return {"reset": True, **seed}


def _raw(url: str, tables: list[str]) -> Callable[[], None]:
    """The ceiling: the same rows, read once as the driver gives them, deleted and written again in one
    transaction (executemany on SQLite; COPY, the fastest way in, on PostgreSQL)."""
    if url.startswith("sqlite"):
        import sqlite3

        lite = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        rows = {t: lite.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}

        def run_sqlite() -> None:
            lite.execute("BEGIN IMMEDIATE")
            for t in reversed(tables):
                lite.execute(f'DELETE FROM "{t}"')
            for t in tables:
                if rows[t]:
                    lite.executemany(f'INSERT INTO "{t}" VALUES ({", ".join("?" * len(rows[t][0]))})', rows[t])
            lite.execute("COMMIT")

        return run_sqlite
    pg = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
    # Foreign keys are the database's to check, not the ceiling's: no trigger runs in this session.
    pg.execute("SET session_replication_role = replica")
    dumps = {}
    with pg.cursor() as cur:
        for t in tables:
            with cur.copy(f'COPY "{t}" TO STDOUT') as copy:
                dumps[t] = b"".join(bytes(chunk) for chunk in copy)
    pg.commit()

    def run_pg() -> None:
        with pg.cursor() as cur:
            for t in reversed(tables):
                cur.execute(f'DELETE FROM "{t}"')
            for t in tables:
                with cur.copy(f'COPY "{t}" FROM STDIN') as copy:
                    copy.write(dumps[t])
        pg.commit()

    return run_pg


def measure(url: str, runs: int, posts: int) -> dict[str, float]:
    engine: Engine = make_engine(url)
    migrate.upgrade(engine)
    runtime = Runtime.create(Settings(database_url=url), engine)
    with transaction(engine) as conn:
        admin.seed(Ctx(conn, runtime), SeedIn.model_validate(_world(posts)))
    with transaction(engine) as conn:
        snapshots.save(Ctx(conn, runtime), SnapshotIn(name="bench"))
    rows = Rows(engine)

    def restore_snapshot() -> None:
        with transaction(engine) as conn:
            snapshots.restore(Ctx(conn, runtime), "bench")

    out = {"rows": float(sum(len(r) for _, r in rows.world.values())),
           "plugin reset": _median_ms(lambda: rows.restore(engine), runs),
           "snapshot restore": _median_ms(restore_snapshot, runs)}
    engine.dispose()
    out["raw driver"] = _median_ms(_raw(url, [t.name for t in snapshots.snapshot_tables()]), runs)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--posts", type=int, default=0, help="blog posts added to the demo world (3 locales each)")
    ap.add_argument("--no-pg", action="store_true")
    args = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="wfl-kit-") as tmp:
        results["sqlite"] = measure(f"sqlite:///{Path(tmp) / 'kit.sqlite3'}", args.runs, args.posts)
    why = None if args.no_pg else reachable(PG_ADMIN)
    if not args.no_pg and why is None:
        with scratch_database() as url:
            results["postgresql"] = measure(url, args.runs, args.posts)
    elif not args.no_pg:
        print(f"postgresql: skipped ({why})")
    for backend, r in results.items():
        ceiling = r["raw driver"]
        print(f"{backend}: {int(r['rows'])} rows, median of {args.runs}")
        for what in ("plugin reset", "snapshot restore", "raw driver"):
            print(f"  {what:<17} {r[what]:7.1f} ms   {r[what] / ceiling:4.1f}x the raw driver")


if __name__ == "__main__":
    main()
