"""Scale-out: requests/s for GET item and for bulk create, with 1 and 2 server processes on PostgreSQL and
with 1 on SQLite, all in the same run, next to the ceiling of a bare ASGI app (1 process) measured in it too.

    python3 dev.py run python bench/scale.py [--duration 5] [--rounds 1]   (from the repository root; ~2 min)

Each configuration is `webflow-local serve --workers N --demo` as a subprocess on 127.0.0.1 (PostgreSQL: a
scratch database on WEBFLOW_LOCAL_BENCH_PG, dropped after, see bench/postgres.py; SQLite: a new file). wrk
(installed with apt-get when missing) drives GET of one item in 3 locales with 16 connections, then bulk
create of 100 items x 3 locales per request with 4 connections; every answer must be 2xx. wrk runs on the
same machine as the servers and the database, so on a small machine the figures are shares of the same few
cores, not capacity per core.
bench/run.py prints GET item and bulk create on PostgreSQL with 1 and 2 processes next to their ceilings;
this script compares the configurations with each other (bulk create with 4 connections)."""

from __future__ import annotations

import argparse
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import bulk_create
from harness import WebflowServer, WrkResult, bare_server, ensure_wrk, log, machine, run_wrk, webflow_server
from postgres import PG_ADMIN, scratch_database
from run import create_get_target

CONFIGS = [("sqlite", 1), ("postgresql", 1), ("postgresql", 2)]
GET_CONNECTIONS = 16
BULK_CONNECTIONS = 4


@dataclass
class Figures:
    name: str
    get: WrkResult
    bulk: WrkResult


@contextmanager
def server(backend: str, workers: int, workdir: Path, pg: str) -> Iterator[WebflowServer]:
    if backend == "sqlite":
        with webflow_server(workdir) as s:
            yield s
        return
    with scratch_database(pg) as url, webflow_server(workdir, database_url=url, workers=workers) as s:
        yield s


def checked(res: WrkResult, what: str) -> WrkResult:
    if res.errors or res.requests == 0:
        raise RuntimeError(f"{what}: {res.errors} failed requests of {res.requests}")
    return res


def measure(backend: str, workers: int, workdir: Path, duration: float, rounds: int, pg: str) -> Figures:
    name = f"{'PostgreSQL' if backend == 'postgresql' else 'SQLite'}, {workers} process{'es' if workers > 1 else ''}"
    log(f"{name}: starting")
    with server(backend, workers, workdir, pg) as s:
        assert s.site is not None
        path, _ = create_get_target(s)
        auth = {"Authorization": f"Bearer {s.token}"}
        log(f"{name}: GET item, {GET_CONNECTIONS} connections, {duration:g} s x {rounds}")
        gets = [checked(run_wrk(s.base + path, connections=GET_CONNECTIONS, duration_s=duration, headers=auth,
                                workdir=workdir), f"{name} GET") for _ in range(rounds)]
        cid = s.site.collections[bulk_create.COLLECTION]
        bulk_path = f"/v2/collections/{cid}/items/bulk"
        log(f"{name}: bulk create, {BULK_CONNECTIONS} connections, {duration:g} s x {rounds}")
        bulks = []
        for r in range(rounds):
            script = bulk_create.bulk_lua(bulk_path, s.token, s.site.locale_ids[:3], f"s{r}{secrets.token_hex(3)}")
            bulks.append(checked(run_wrk(s.base + bulk_path, connections=BULK_CONNECTIONS, duration_s=duration,
                                         script=script, workdir=workdir), f"{name} bulk"))
    # Best of the rounds: load from others sharing the machine only ever lowers a figure.
    return Figures(name, max(gets, key=lambda w: w.rps), max(bulks, key=lambda w: w.rps))


def ceiling(workdir: Path, duration: float, rounds: int) -> WrkResult:
    """GET on bench/bare_asgi.py (uvicorn, 1 process) answering a body the size of a real item."""
    body = (b'{"id":"0123456789abcdef01234567","cmsLocaleId":"0123456789abcdef01234567","lastPublished":null,'
            b'"fieldData":{"name":"Bench item","slug":"bench-item","summary":"' + b"x" * 400 + b'"}}')
    with bare_server(workdir, body, b'{"items":[]}') as bare:
        log(f"ceiling: bare ASGI GET, {GET_CONNECTIONS} connections")
        runs = [checked(run_wrk(bare.base + "/item", connections=GET_CONNECTIONS, duration_s=duration,
                                workdir=workdir), "bare GET") for _ in range(rounds)]
    return max(runs, key=lambda w: w.rps)


def render(figs: list[Figures], bare: WrkResult) -> str:
    rows_per_request = bulk_create.ITEMS_PER_REQUEST * 3
    out = [f"{'configuration':<26} {'GET item req/s':>15} {'p50':>9} {'vs bare':>8}   "
           f"{'bulk create req/s':>18} {'rows/s':>8} {'p50':>9}"]
    for f in figs:
        out.append(f"{f.name:<26} {f.get.rps:>15,.0f} {f.get.p50_ms:>7.1f}ms {f.get.rps / bare.rps:>8.2f}   "
                   f"{f.bulk.rps:>18,.1f} {f.bulk.rps * rows_per_request:>8,.0f} {f.bulk.p50_ms:>7.0f}ms")
    out.append(f"{'ceiling: bare ASGI, 1 proc':<26} {bare.rps:>15,.0f} {bare.p50_ms:>7.1f}ms {1:>8.2f}")
    by = {f.name: f for f in figs}
    one, two = by.get("PostgreSQL, 1 process"), by.get("PostgreSQL, 2 processes")
    if one and two:
        out.append(f"PostgreSQL 2 processes / 1: GET x{two.get.rps / one.get.rps:.2f}, "
                   f"bulk create x{two.bulk.rps / one.bulk.rps:.2f}")
    m = machine()
    out.append(f"machine: {m['nproc']} cores ({m['cpu']}), {m['memory']}, load average now {m['load']}")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=5.0, help="seconds per wrk run (default 5)")
    ap.add_argument("--rounds", type=int, default=1, help="wrk runs per figure; the best is kept (default 1)")
    ap.add_argument("--pg", default=PG_ADMIN, help=f"PostgreSQL server for scratch databases (default {PG_ADMIN})")
    args = ap.parse_args()
    ensure_wrk()
    log(f"machine before the run: load average {machine()['load']}")
    with tempfile.TemporaryDirectory(prefix="wfl-scale-") as tmp:
        workdir = Path(tmp)
        bare = ceiling(workdir, args.duration, args.rounds)
        figs = [measure(b, w, workdir, args.duration, args.rounds, args.pg) for b, w in CONFIGS]
    print(render(figs, bare))


if __name__ == "__main__":
    main()
