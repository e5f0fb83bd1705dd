"""All benchmarks, one table: each figure next to the ceiling it is compared to, measured in the same run.

    python3 dev.py run python bench/run.py                 (from the repository root; about 7 minutes)
    python3 dev.py run python bench/run.py --duration 5    (about 3 minutes)
    python3 dev.py run python bench/run.py --skip postgres --skip prism --skip big   (about 1 minute)

SQLite (the default database; one process):
1. GET one item over HTTP, 16 connections, in rounds alternated with its ceilings: a bare ASGI endpoint
   answering the same JSON body, served by uvicorn with the same settings (bench/bare_asgi.py), and
   Stoplight Prism 5.x mocking the same path from Webflow's OpenAPI file (bench/prism.py).
2. Bulk create, 100 items x 3 locales per request, against raw sqlite3 executemany of the same rows with one
   commit per 300-row request, and in one transaction (bench/bulk_create.py).
3. List 100 items per page from collections of 1,000 and 100,000 items, at offset 0 and at the last page,
   16 connections, alternated with the bare endpoint answering a 100-item page.
4. Start-up (process start to the first 200) on a new database and on the one holding 100,000 items; RSS
   after loading them.
PostgreSQL (a scratch database; see bench/postgres.py), one process and `--workers 2`: GET item against the
bare endpoint, bulk create against raw psycopg executemany with one commit per request and in one
transaction.

Every figure includes the CPU the server process (and its workers) used per request. `--skip` leaves out
the slow parts: big (the 100,000-item collection: its list rows and its start-up), prism, postgres, list.
Load comes from wrk (installed with apt-get when missing). Servers are subprocesses on 127.0.0.1. Progress
goes to stderr; the table to stdout."""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bulk_create
import postgres
import prism
from harness import (
    Process,
    WebflowServer,
    WrkResult,
    bare_server,
    ensure_wrk,
    log,
    machine,
    run_wrk,
    wait_for_quiet,
    webflow_server,
)

GET_CONNECTIONS = 16
LIST_CONNECTIONS = 16
PAGE = 100
SIZES = (1_000, 100_000)
PARTS = ("big", "prism", "postgres", "list")
LIST_FIELDS = [{"type": "PlainText", "displayName": "Summary"}, {"type": "RichText", "displayName": "Post Body"},
               {"type": "Number", "displayName": "Reading Time"}, {"type": "Switch", "displayName": "Featured"}]


@dataclass
class Row:
    name: str
    measured: str
    ceiling: str
    ratio: str
    target: str
    met: bool | None  # None: no target for this row
    cpu: str = ""  # server CPU per request: webflow-local / ceiling


def ms(x: float) -> str:
    return f"{x:.2f} ms" if x < 10 else f"{x:.1f} ms"


def best(results: list[WrkResult]) -> WrkResult:
    """The best of several rounds: other load on a shared machine only ever makes a figure worse."""
    return max(results, key=lambda r: r.rps)


def min_cpu(results: list[WrkResult]) -> float:
    """The least server CPU per request over the rounds (the least disturbed round)."""
    return min(r.cpu_us_per_request or float("inf") for r in results)


def us(x: float) -> str:
    return f"{x:,.0f} us"


def checked(res: WrkResult, what: str) -> WrkResult:
    if res.errors or res.requests == 0:
        raise RuntimeError(f"{what}: {res.errors} failed requests of {res.requests}")
    return res


# -- setup through the API -----------------------------------------------------------------------------
def create_get_target(server: WebflowServer) -> tuple[str, bytes]:
    """One Blog Posts item in the site's three locales; returns its GET path and the GET answer."""
    assert server.site is not None
    cid = server.site.collections[bulk_create.COLLECTION]
    with server.client() as c:
        body = {"cmsLocaleIds": server.site.locale_ids[:3], "isDraft": False,
                "fieldData": bulk_create.field_data("get-item-target")}
        item_id = c.post(f"/v2/collections/{cid}/items/bulk", json=body).raise_for_status().json()["id"]
        path = f"/v2/collections/{cid}/items/{item_id}"
        return path, c.get(path).raise_for_status().content


def load_collection(server: WebflowServer, name: str, n: int) -> tuple[str, float]:
    """A new collection holding n items (primary locale), created 100 per bulk request; (id, seconds)."""
    assert server.site is not None
    with server.client() as c:
        coll = c.post(f"/v2/sites/{server.site.site_id}/collections",
                      json={"displayName": name, "singularName": name, "fields": LIST_FIELDS})
        cid = str(coll.raise_for_status().json()["id"])
        start = time.perf_counter()
        prefix = name.lower().replace(" ", "-")
        for r in range(0, n, PAGE):  # bounded: n / 100 requests
            datas = [bulk_create.field_data(f"{prefix}-{i}") for i in range(r, min(r + PAGE, n))]
            c.post(f"/v2/collections/{cid}/items/bulk", json={"fieldData": datas}).raise_for_status()
        seconds = time.perf_counter() - start
        total = c.get(f"/v2/collections/{cid}/items", params={"limit": 1}).raise_for_status().json()
        if total["pagination"]["total"] != n:
            raise RuntimeError(f"{name}: expected {n} items, the server lists {total['pagination']['total']}")
    return cid, seconds


# -- the run -------------------------------------------------------------------------------------------
@dataclass
class Options:
    duration: float
    rounds: int
    list_duration: float
    bulk_duration: float
    bulk_connections: int
    big: int
    skip: set[str] = field(default_factory=set)
    spec_dir: Path = prism.SPEC_DIR
    prism_cache: Path = prism.CACHE_DIR
    pg: str = postgres.PG_ADMIN


@dataclass
class Target:
    """One endpoint of an alternated GET comparison."""

    name: str
    url: str
    pid: int
    headers: dict[str, str] = field(default_factory=dict)
    runs: list[WrkResult] = field(default_factory=list)


def alternate(targets: list[Target], opts: Options, workdir: Path, connections: int, duration: float) -> None:
    """opts.rounds rounds; in each, one wrk run per target in turn, so drift in the machine's load is shared."""
    for _ in range(opts.rounds):
        for t in targets:
            t.runs.append(checked(run_wrk(t.url, connections=connections, duration_s=duration, headers=t.headers,
                                          workdir=workdir, server_pid=t.pid), t.name))


def get_rows(label: str, app: Target, bare: Target, prism_target: Target | None) -> list[Row]:
    a, b = best(app.runs), best(bare.runs)
    ratio = a.rps / b.rps
    a_cpu, b_cpu = min_cpu(app.runs), min_cpu(bare.runs)
    rows = [Row(f"GET item, {label}, {GET_CONNECTIONS} conn: req/s", f"{a.rps:,.0f}", f"{b.rps:,.0f} (bare ASGI)",
                f"{ratio:.2f}", ">= 0.5", ratio >= 0.5, f"{us(a_cpu)} / {us(b_cpu)}")]
    if prism_target is not None:
        p = best(prism_target.runs)
        times = a.rps / p.rps
        rows.append(Row(f"GET item, {label}, {GET_CONNECTIONS} conn: req/s vs Prism", f"{a.rps:,.0f}",
                        f"{p.rps:,.0f} (Prism mock)", f"{times:.1f}x", ">= 10x", times >= 10,
                        f"{us(a_cpu)} / {us(min_cpu(prism_target.runs))}"))
    rows.append(Row(f"GET item, {label}: p50 / p99", f"{ms(a.p50_ms)} / {ms(a.p99_ms)}",
                    f"{ms(b.p50_ms)} / {ms(b.p99_ms)}", f"{a.p50_ms / b.p50_ms:.1f}x", "", None))
    return rows


def bulk_rows(label: str, bulk: bulk_create.BulkResult, connections: int, driver: str) -> list[Row]:
    h = bulk.http
    server_cpu = f"{(h.wrk.cpu_us_per_request or 0) / 1e3:.1f} ms"
    per, one = bulk.per_request, bulk.one_tx
    return [
        Row(f"Bulk create 100 x 3 locales, {label}, {connections} conn: rows/s", f"{h.rows_per_s:,.0f}",
            f"{per.rows_per_s:,.0f} ({driver}, commit/request)", f"{bulk.ratio:.2f}", ">= 0.5", bulk.ratio >= 0.5,
            f"{server_cpu} / {per.cpu_ms_per_request:.1f} ms"),
        Row(f"Bulk create, {label}: vs one transaction", f"{h.rows_per_s:,.0f}",
            f"{one.rows_per_s:,.0f} ({driver}, one transaction)", f"{bulk.ratio_one_tx:.2f}", "", None,
            f"{server_cpu} / {one.cpu_ms_per_request:.1f} ms"),
    ]


def sqlite_part(opts: Options, workdir: Path, notes: dict[str, Any]) -> list[Row]:
    sizes = (SIZES[0],) if "big" in opts.skip else (SIZES[0], opts.big)
    lists: dict[int, str] = {}
    list_targets: dict[tuple[int, int], Target] = {}
    rows: list[Row] = []

    log("starting webflow-local serve on a new database (migrations + demo world)")
    with webflow_server(workdir) as server:
        cold_start = server.startup_s
        db_path, token = server.db_path, server.token
        auth = {"Authorization": f"Bearer {token}"}
        item_path, item_body = create_get_target(server)

        log("bulk create")
        bulk = bulk_create.measure(server, workdir, opts.bulk_duration, opts.bulk_connections)
        notes["sqlite_bulk"] = {"requests": bulk.http.wrk.requests, "p50_ms": bulk.http.wrk.p50_ms,
                                "p99_ms": bulk.http.wrk.p99_ms}

        for n in sizes:
            log(f"loading a collection of {n:,} items through the bulk endpoint")
            cid, seconds = load_collection(server, f"Bench {n}", n)
            lists[n] = cid
            notes[f"load_{n}_items_per_s"] = round(n / seconds)
        rss_loaded = server.rss_mb()
        with server.client() as c:
            page_body = c.get(f"/v2/collections/{lists[sizes[0]]}/items", params={"limit": PAGE}).content

        with bare_server(workdir, item_body, page_body) as bare, contextlib.ExitStack() as stack:
            bare_start = bare.startup_s
            if "list" not in opts.skip:
                log(f"list: {LIST_CONNECTIONS} connections, offset 0 and last page, alternated with the bare page")
                bare_page = Target("bare page", bare.base + "/page", bare.pid)
                for n in sizes:
                    for off in (0, n - PAGE):
                        url = f"{server.base}/v2/collections/{lists[n]}/items?limit={PAGE}&offset={off}"
                        list_targets[(n, off)] = Target(f"list {n}@{off}", url, server.pid, auth)
                alternate([*list_targets.values(), bare_page], opts, workdir, LIST_CONNECTIONS, opts.list_duration)
            prism_proc: Process | None = None
            if "prism" not in opts.skip:
                log("starting Prism (parsing the spec takes it a while)")
                prism_path = item_path.removeprefix("/v2")
                prism_proc = stack.enter_context(prism.prism_server(workdir, prism_path, opts.spec_dir,
                                                                    opts.prism_cache))
                notes["prism"] = {"version": prism.prism_version(prism.ensure_prism(opts.prism_cache)),
                                  "startup_s": round(prism_proc.startup_s, 2), "path": prism_path,
                                  "spec": str(opts.spec_dir / prism.SPEC_FILE)}
            log("GET item: webflow-local, the bare endpoint" + (", Prism" if prism_proc else "") + ", alternating")
            app_t = Target("webflow-local GET", server.base + item_path, server.pid, auth)
            bare_t = Target("bare GET", bare.base + "/item", bare.pid)
            prism_t = None
            if prism_proc is not None:
                prism_t = Target("Prism GET", prism_proc.base + item_path.removeprefix("/v2"), prism_proc.pid,
                                 {"Authorization": "Bearer prism"})
                notes["prism"]["rss_mb"] = round(prism_proc.rss_mb())
            alternate([t for t in (app_t, bare_t, prism_t) if t], opts, workdir, GET_CONNECTIONS, opts.duration)
            bare_rss = bare.rss_mb()
            if prism_t is not None:
                p = best(prism_t.runs)
                notes["prism"]["p50_ms"], notes["prism"]["p99_ms"] = p.p50_ms, p.p99_ms
        notes["rss_after_benchmarks_mb"] = round(server.rss_mb(), 1)
        notes["rss_peak_mb"] = round(server.peak_rss_mb(), 1)

    warm_start = None
    if "big" not in opts.skip:
        log("restarting webflow-local serve on the loaded database")
        with webflow_server(workdir, db_path=db_path, token=token) as again:
            warm_start = again.startup_s
            notes["rss_after_restart_mb"] = round(again.rss_mb(), 1)

    rows += get_rows("SQLite", app_t, bare_t, prism_t)
    rows += bulk_rows("SQLite", bulk, opts.bulk_connections, "raw sqlite3")
    if list_targets:
        page = best(bare_page.runs)
        page_cpu = min_cpu(bare_page.runs)
        for (n, off), t in list_targets.items():
            r = best(t.runs)
            ratio = r.rps / page.rps
            rows.append(Row(f"List {PAGE} of {n:,}, offset {off:,}, {LIST_CONNECTIONS} conn: req/s",
                            f"{r.rps:,.0f} (p50 {ms(r.p50_ms)})", f"{page.rps:,.0f} (bare, same page)",
                            f"{ratio:.2f}", ">= 0.25", ratio >= 0.25, f"{us(min_cpu(t.runs))} / {us(page_cpu)}"))
        if len(sizes) > 1:
            growth = best(list_targets[(sizes[0], 0)].runs).rps / best(list_targets[(sizes[1], 0)].runs).rps
            rows.append(Row(f"List offset 0: time per request, {sizes[1]:,} vs {sizes[0]:,} items", f"{growth:.2f}x",
                            f"{sizes[0]:,}-item list", f"{growth:.2f}", "<= 1.5", growth <= 1.5))
    rows.append(Row("Start-up to first 200: new database", f"{cold_start:.2f} s", f"{bare_start:.2f} s (bare)",
                    f"{cold_start / bare_start:.1f}x", "< 1 s", cold_start < 1.0))
    if warm_start is not None:
        rows.append(Row(f"Start-up to first 200: {sizes[-1]:,} items stored", f"{warm_start:.2f} s",
                        f"{bare_start:.2f} s (bare)", f"{warm_start / bare_start:.1f}x", "< 1 s", warm_start < 1.0))
    rows.append(Row(f"RSS after loading {sum(sizes):,} items", f"{rss_loaded:.0f} MB", f"{bare_rss:.0f} MB (bare)",
                    f"{rss_loaded / bare_rss:.1f}x", "< 150 MB", rss_loaded < 150))
    notes["get_rounds_rps"] = {t.name: [round(r.rps) for r in t.runs] for t in (app_t, bare_t, prism_t) if t}
    return rows


def postgres_part(opts: Options, workdir: Path, notes: dict[str, Any]) -> list[Row]:
    """GET item and bulk create on PostgreSQL with 1 and 2 server processes; bulk with one wrk connection per
    process. The raw psycopg ceilings are measured once (with the 1-process run's request count)."""
    why = postgres.reachable(opts.pg)
    if why is not None:
        raise RuntimeError(f"PostgreSQL at {opts.pg}: {why} (set --pg or WEBFLOW_LOCAL_BENCH_PG, or --skip postgres)")
    rows: list[Row] = []
    ceilings: tuple[bulk_create.RawBulk, bulk_create.RawBulk] | None = None

    def raw(n: int, per_request: bool) -> bulk_create.RawBulk:
        with postgres.scratch_database(opts.pg) as url:
            return bulk_create.raw_postgres_bulk(url, n, per_request)

    for workers in (1, 2):
        label = f"PostgreSQL, {workers} process{'es' if workers > 1 else ''}"
        log(f"{label}: starting webflow-local serve on a scratch database")
        with postgres.scratch_database(opts.pg) as url, webflow_server(workdir, database_url=url,
                                                                       workers=workers) as server:
            auth = {"Authorization": f"Bearer {server.token}"}
            item_path, item_body = create_get_target(server)
            with bare_server(workdir, item_body, b'{"items":[]}') as bare:
                log(f"{label}: GET item and the bare endpoint, alternating")
                app_t = Target(f"{label} GET", server.base + item_path, server.pid, auth)
                bare_t = Target("bare GET", bare.base + "/item", bare.pid)
                alternate([app_t, bare_t], opts, workdir, GET_CONNECTIONS, opts.duration)
            log(f"{label}: bulk create, {workers} connection(s)")
            http = bulk_create.http_bulk(server, workdir, opts.bulk_duration, workers)
        if ceilings is None:
            n = max(10, http.wrk.requests)
            log(f"PostgreSQL bulk ceilings: raw psycopg executemany of {n * 300} rows (scratch databases)")
            ceilings = bulk_create.ceilings(raw, n)
        bulk = bulk_create.BulkResult(http, *ceilings)
        rows += get_rows(label, app_t, bare_t, None)
        rows += bulk_rows(label, bulk, workers, "raw psycopg")
        notes[f"{label} bulk"] = {"requests": http.wrk.requests, "p50_ms": http.wrk.p50_ms, "p99_ms": http.wrk.p99_ms}
    return rows


def run(opts: Options, workdir: Path) -> tuple[list[Row], dict[str, Any]]:
    ensure_wrk()
    notes: dict[str, Any] = {}
    rows = sqlite_part(opts, workdir, notes)
    if "postgres" not in opts.skip:
        rows += postgres_part(opts, workdir, notes)
    return rows, notes


def render(rows: list[Row]) -> str:
    head = ("Benchmark", "webflow-local", "Ceiling (same run)", "Ratio", "Target", "Met",
            "Server CPU/request (ours / ceiling)")
    cells = [head] + [(r.name, r.measured, r.ceiling, r.ratio, r.target,
                       "" if r.met is None else ("yes" if r.met else "NO"), r.cpu) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(cell, widths, strict=True)) + " |" for cell in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def checkout() -> str:
    """The commit the bench runs (read-only: `git rev-parse`), or "unknown" outside a git clone."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).resolve().parent,
                             capture_output=True, text=True, timeout=10)
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per GET item wrk run (default 10)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of each throughput run, alternated; best kept")
    ap.add_argument("--list-duration", type=float, default=None, help="seconds per list wrk run (default --duration)")
    ap.add_argument("--bulk-duration", type=float, default=None,
                    help="seconds of bulk create load per database (default --duration)")
    ap.add_argument("--bulk-connections", type=int, default=1,
                    help="wrk connections for bulk create on SQLite (default 1)")
    ap.add_argument("--big", type=int, default=SIZES[1], help="items in the big collection (default 100000)")
    ap.add_argument("--skip", action="append", choices=PARTS, default=[],
                    help="leave a part out (repeatable): big (the big collection), prism, postgres, list")
    ap.add_argument("--spec-dir", type=Path, default=prism.SPEC_DIR,
                    help="directory holding Webflow's webflow-v2.yml, for Prism (default: WEBFLOW_LOCAL_SPEC_DIR, "
                         f"else ../shared/spec beside the clone: {prism.SPEC_DIR})")
    ap.add_argument("--prism-cache", type=Path, default=prism.CACHE_DIR,
                    help=f"where Prism is installed with npm when missing (default: WEBFLOW_LOCAL_BENCH_CACHE, "
                         f"else {prism.CACHE_DIR})")
    ap.add_argument("--pg", default=postgres.PG_ADMIN,
                    help="PostgreSQL server for scratch databases (default: WEBFLOW_LOCAL_BENCH_PG, "
                         f"else {postgres.PG_ADMIN})")
    ap.add_argument("--json", type=Path, help="also write the rows, notes and machine to this file")
    ap.add_argument("--quiet-load", type=float, default=None,
                    help="first wait until the 1-minute load average is at most this (at most --quiet-wait s)")
    ap.add_argument("--quiet-wait", type=float, default=600.0, help="longest wait for --quiet-load (default 600)")
    args = ap.parse_args()
    if args.big % PAGE or args.big <= SIZES[0] or not 1 <= args.rounds <= 5:
        ap.error(f"--big must be a multiple of 100 above {SIZES[0]}; --rounds 1 to 5")
    opts = Options(args.duration, args.rounds, args.list_duration or args.duration,
                   args.bulk_duration or args.duration, args.bulk_connections, args.big, set(args.skip),
                   args.spec_dir, args.prism_cache, args.pg)
    if args.quiet_load is not None:
        wait_for_quiet(args.quiet_load, args.quiet_wait)
    info = machine()
    info["commit"] = checkout()
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="wfl-bench-") as tmp:
        rows, notes = run(opts, Path(tmp))
    info["load_after"] = machine()["load"]
    minutes = (datetime.now(UTC) - started).total_seconds() / 60
    print(f"webflow-local benchmarks at {info['commit']}, {started:%Y-%m-%d %H:%M} UTC, {minutes:.0f} min — "
          f"{info['nproc']} CPUs "
          f"({info['cpu']}), {info['memory']}, Python {info['python']}, load average {info['load']} before / "
          f"{info['load_after']} after")
    print(render(rows))
    print("notes: " + json.dumps(notes))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "rows": [r.__dict__ for r in rows], "notes": notes},
                                        indent=2))


if __name__ == "__main__":
    main()
