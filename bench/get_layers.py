"""Where GET item's time goes: the same request served by stacks that add one layer at a time.

    python3 dev.py run python bench/get_layers.py [--duration 5] [--rounds 2]

Each layer answers the same JSON body (the real server's answer for one item), under uvicorn with the
settings `webflow-local serve` uses, loaded by wrk with 16 connections:
  bare          raw ASGI (bench/bare_asgi.py): the ceiling of run.py
  starlette-async  Starlette, an `async def` route returning the body with orjson
  starlette+sqlite3  the same route first reading the item's row with the stdlib sqlite3 module on the event
                loop thread (one connection, one primary-key select): the least a stateful answer costs
  fastapi-async FastAPI, an `async def` route returning the body with orjson
  fastapi-1hop  FastAPI, an `async def` route that does its work in one threadpool call (run_in_threadpool)
  fastapi-sync  FastAPI, a sync route taking a sync generator dependency (as every API route does:
                FastAPI runs the dependency's enter, the route and the dependency's exit in the threadpool)
  +1 query      fastapi-sync plus one SQLAlchemy Core primary-key select of the item in a read transaction
                on the server's SQLite file (webflow_local.db.engine.make_engine, db.session.transaction)
  1hop +1 query the same transaction and select, all in the one threadpool call of fastapi-1hop
  webflow-local the real server
Diagnostic only: run.py prints the table issue 7 asks for."""

# No `from __future__ import annotations`: FastAPI must see the closures' Depends(...) annotations as objects.
import argparse
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import orjson
import uvicorn

LAYERS = ("bare", "starlette-async", "starlette+sqlite3", "fastapi-async", "fastapi-1hop", "fastapi-sync",
          "+1 query", "1hop +1 query")


def build_app(layer: str, body: bytes, database_url: str, key: tuple[str, str]) -> Any:
    """The ASGI app of one layer (server side; imported lazily so `bare` stays bare)."""
    if layer == "bare":
        from bare_asgi import BareApp

        return BareApp({"/item": orjson.loads(body)})
    from fastapi import Depends, FastAPI
    from starlette.requests import Request
    from starlette.responses import Response

    data = orjson.loads(body)

    class JSON(Response):
        media_type = "application/json"

        def render(self, content: Any) -> bytes:
            return orjson.dumps(content)

    if layer == "starlette-async":
        from starlette.applications import Starlette
        from starlette.routing import Route

        async def item_starlette(_: Request) -> Response:
            return JSON(data)

        return Starlette(routes=[Route("/item", item_starlette)])
    if layer == "starlette+sqlite3":
        import sqlite3

        from starlette.applications import Starlette
        from starlette.routing import Route

        db = sqlite3.connect(database_url.removeprefix("sqlite:///"), check_same_thread=False)
        sql = "SELECT * FROM item_variants WHERE item_id = ? AND cms_locale_id = ? AND stage = 'staged'"

        async def item_sqlite(_: Request) -> Response:
            assert db.execute(sql, key).fetchone() is not None
            return JSON(data)

        return Starlette(routes=[Route("/item", item_sqlite)])
    app = FastAPI()

    if layer == "fastapi-async":
        @app.get("/item")
        async def item_async() -> Response:
            return JSON(data)

        return app
    if layer == "fastapi-1hop":
        from starlette.concurrency import run_in_threadpool

        @app.get("/item")
        async def item_1hop() -> Response:
            return await run_in_threadpool(lambda: JSON(data))

        return app
    if layer == "fastapi-sync":
        def dep() -> Iterator[int]:
            yield 1

        @app.get("/item")
        def item_sync(d: Annotated[int, Depends(dep, scope="function")]) -> Response:
            return JSON(data)

        return app
    from sqlalchemy import Connection, select

    from webflow_local.api.items.tables import item_variants as v
    from webflow_local.db.engine import make_engine
    from webflow_local.db.session import transaction

    engine = make_engine(database_url)
    query = select(v).where(v.c.item_id == key[0], v.c.cms_locale_id == key[1], v.c.stage == "staged")

    if layer == "1hop +1 query":
        from starlette.concurrency import run_in_threadpool

        def work() -> Response:
            with transaction(engine, write=False) as conn:
                assert conn.execute(query).first() is not None
                return JSON(data)

        @app.get("/item")
        async def item_1hop_db() -> Response:
            return await run_in_threadpool(work)

        return app

    def conn_dep() -> Iterator[Connection]:
        with transaction(engine, write=False) as conn:
            yield conn

    @app.get("/item")
    def item_db(conn: Annotated[Connection, Depends(conn_dep, scope="function")]) -> Response:
        assert conn.execute(query).first() is not None
        return JSON(data)

    return app


def serve(args: argparse.Namespace) -> None:
    app = build_app(args.serve, Path(args.body).read_bytes(), args.database_url, (args.item_id, args.locale_id))
    # The same uvicorn settings as webflow_local.cli.serve: one process, default loop and HTTP parser.
    uvicorn.run(app, host="127.0.0.1", port=args.port, workers=1, log_level="warning", access_log=False)


def drive(args: argparse.Namespace) -> None:
    from harness import WrkResult, free_port, log, machine, run_wrk, spawn, webflow_server
    from run import create_get_target

    info = machine()
    results: dict[str, list[WrkResult]] = {name: [] for name in (*LAYERS, "webflow-local")}
    with tempfile.TemporaryDirectory(prefix="wfl-layers-") as tmp, webflow_server(Path(tmp)) as server:
        workdir = Path(tmp)
        assert server.site is not None
        path, body = create_get_target(server)
        body_file = workdir / "item.json"
        body_file.write_bytes(body)
        item_id = path.rsplit("/", 1)[1]
        auth = {"Authorization": f"Bearer {server.token}"}
        for _ in range(args.rounds):
            for layer in LAYERS:
                port = free_port()
                argv = [sys.executable, __file__, "--serve", layer, "--port", str(port), "--body", str(body_file),
                        "--database-url", f"sqlite:///{server.db_path}", "--item-id", item_id,
                        "--locale-id", server.site.locale_ids[0]]
                with spawn(argv, port, "/item", {}, workdir / f"layer-{port}.log") as p:
                    log(f"{layer}: wrk {args.duration:g} s")
                    results[layer].append(run_wrk(p.base + "/item", connections=16, duration_s=args.duration,
                                                  workdir=workdir, server_pid=p.pid))
            log(f"webflow-local: wrk {args.duration:g} s")
            results["webflow-local"].append(run_wrk(server.base + path, connections=16, duration_s=args.duration,
                                                    headers=auth, workdir=workdir, server_pid=server.pid))
    print(f"GET item by layer, 16 connections, best of {args.rounds} — {info['nproc']} CPUs ({info['cpu']}), "
          f"load average {info['load']} before / {machine()['load']} after")
    bare = max(r.rps for r in results["bare"])
    print(f"| {'layer':17} | {'req/s':>7} | {'of bare':>7} | {'p50':>8} | {'p99':>8} | {'CPU us/req':>10} |")
    print(f"|{'-' * 19}|{'-' * 9}|{'-' * 9}|{'-' * 10}|{'-' * 10}|{'-' * 12}|")
    for name, runs in results.items():
        if any(r.errors for r in runs):
            raise RuntimeError(f"{name}: failed requests")
        b = max(runs, key=lambda r: r.rps)
        cpu = min(r.cpu_us_per_request or float("inf") for r in runs)
        print(f"| {name:17} | {b.rps:7,.0f} | {b.rps / bare:7.2f} | {b.p50_ms:6.2f}ms | {b.p99_ms:6.2f}ms | "
              f"{cpu:10,.0f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=5.0)
    ap.add_argument("--rounds", type=int, default=2, choices=range(1, 6))
    ap.add_argument("--serve", choices=LAYERS, help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--body", help=argparse.SUPPRESS)
    ap.add_argument("--database-url", help=argparse.SUPPRESS)
    ap.add_argument("--item-id", help=argparse.SUPPRESS)
    ap.add_argument("--locale-id", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args)
    else:
        drive(args)


if __name__ == "__main__":
    main()
