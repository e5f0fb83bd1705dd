"""CPU per GET item with the ASGI app called directly: no sockets, no uvicorn, no load generator.

    python3 dev.py run python bench/inprocess.py [--requests 3000]

A fresh SQLite database gets one site, one collection and one item through the control plane and the API; then
GET item is called `--requests` times after a warm-up, and the process's CPU time per request is printed. It
isolates the request path itself (routing, auth, caches, transaction, statements, the answer) from the network,
so it compares two versions of the code on one machine better than wrk does."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from typing import Any

import httpx

from webflow_local.app import create_app
from webflow_local.config import Settings
from webflow_local.db import migrate
from webflow_local.db.engine import make_oneshot_engine

TOKEN = "a" * 64
SEED = {"workspaces": [{"displayName": "W", "sites": [{
    "displayName": "S", "locales": {"primary": {"tag": "en", "displayName": "English"}},
    "tokens": [{"value": TOKEN, "scopes": "all"}], "collections": [{"displayName": "B", "singularName": "b"}]}]}]}


async def measure(requests: int) -> tuple[float, float]:
    url = f"sqlite:///{tempfile.mkdtemp(prefix='wfl-inprocess-')}/bench.sqlite3"
    engine = make_oneshot_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    app = create_app(Settings(database_url=url, webhook_dispatcher=False))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
        assert (await c.post("/_admin/seed", json=SEED)).status_code == 201
        site = (await c.get("/v2/sites", headers=auth)).json()["sites"][0]["id"]
        coll = (await c.get(f"/v2/sites/{site}/collections", headers=auth)).json()["collections"][0]["id"]
        item = (await c.post(f"/v2/collections/{coll}/items", headers=auth,
                             json={"fieldData": {"name": "x", "slug": "x"}})).json()["id"]
    path = f"/v2/collections/{coll}/items/{item}"
    scope: dict[str, Any] = {
        "type": "http", "http_version": "1.1", "method": "GET", "scheme": "http", "path": path,
        "raw_path": path.encode(), "query_string": b"", "root_path": "", "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "headers": [(b"host", b"127.0.0.1"), (b"authorization", f"Bearer {TOKEN}".encode())],
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def one() -> None:
        sent: list[dict[str, Any]] = []

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await app(dict(scope, state={}), receive, send)
        assert sent[0]["status"] == 200, sent

    async with app.router.lifespan_context(app):
        for _ in range(300):
            await one()
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(requests):
            await one()
        return (time.process_time() - cpu) / requests, (time.perf_counter() - wall) / requests


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=3000)
    cpu, wall = asyncio.run(measure(ap.parse_args().requests))
    print(f"GET item in-process: {cpu * 1e6:.0f} us CPU, {wall * 1e6:.0f} us wall per request")


if __name__ == "__main__":
    main()
