"""What an operator needs: GET /_health, /_metrics (Prometheus), the JSON access log, x-request-id on every
response and in the log of a 500, and SQLite's synchronous setting."""

from __future__ import annotations

import json
import logging
import re
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families
from pydantic import ValidationError

from tests.support.processes import servers
from tests.support.server import PG_ADMIN_URL, fresh_database, serve
from tests.support.world import FULL, World, build
from webflow_local import __version__
from webflow_local.config import Settings
from webflow_local.db.engine import make_engine
from webflow_local.runtime import Runtime

ADMIN = "adm1n-" + "z" * 32
HEX32 = re.compile(r"^[0-9a-f]{32}$")
WAIT = 30.0


def err(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert body["code"] == code and body["externalReference"] is None and "message" in body, body
    return body


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, frozenset(s.labels.items()))] = s.value
    return out


def scrape(base: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    r = httpx.get(f"{base}/_metrics", timeout=WAIT)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain"), r.text
    return samples(r.text)


def value(m: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return m.get((name, frozenset(labels.items())), 0.0)


# -- /_health ---------------------------------------------------------------------------------------
def test_health_reports_the_database_version_and_webhook_backlog(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        # No dispatcher: deliveries stay pending, so the backlog is exactly what this test queued.
        with serve(url, webhook_dispatcher=False) as s:
            w = build(s.url)
            try:
                r = httpx.get(f"{s.url}/_health", timeout=WAIT)
                assert r.status_code == 200, r.text
                assert r.json() == {"status": "ok", "database": "ok", "version": __version__, "pendingDeliveries": 0}
                assert r.headers["x-request-id"]
                hook = w.http().post(f"/sites/{w.site_id}/webhooks",
                                     json={"triggerType": "site_publish", "url": f"{s.url}/_admin/sinks/x"})
                assert hook.status_code == 201, hook.text
                pub = w.http().post(f"/sites/{w.site_id}/publish", json={"publishToWebflowSubdomain": True})
                assert pub.status_code == 202, pub.text
                assert httpx.get(f"{s.url}/_health", timeout=WAIT).json()["pendingDeliveries"] == 1
                assert value(scrape(s.url), "webflow_local_webhook_pending_deliveries") == 1
                # Read-only: nothing but GET.
                assert httpx.post(f"{s.url}/_health", timeout=WAIT).status_code == 405
            finally:
                w.close()
        # Not part of the control plane: answers without the admin token the control plane now requires.
        with serve(url, admin_token=ADMIN) as s:
            err(httpx.get(f"{s.url}/_admin/clock", timeout=WAIT), 401, "not_authorized")
            r = httpx.get(f"{s.url}/_health", timeout=WAIT)
            assert r.status_code == 200 and r.json()["pendingDeliveries"] == 1
            assert httpx.get(f"{s.url}/_metrics", timeout=WAIT).status_code == 200


def test_health_is_503_when_the_database_is_gone(backend: str, tmp_path: Path) -> None:
    if backend != "postgresql":
        pytest.skip("dropping the database under a running server is a PostgreSQL scenario")
    with fresh_database(backend, tmp_path) as url, serve(url) as s:
        assert httpx.get(f"{s.url}/_health", timeout=WAIT).status_code == 200
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(PG_ADMIN_URL.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        r = httpx.get(f"{s.url}/_health", timeout=WAIT)
        body = err(r, 503, "service_unavailable")
        assert body["status"] == "unavailable" and body["database"] == "unreachable"
        assert body["version"] == __version__ and body["pendingDeliveries"] is None
        m = scrape(s.url)
        assert value(m, "webflow_local_database_up") == 0
        assert ("webflow_local_webhook_pending_deliveries", frozenset()) not in m


# -- /_metrics --------------------------------------------------------------------------------------
def test_metrics_count_requests_by_operation_and_status(world: World) -> None:
    before = scrape(world.base)
    h = world.http()
    for _ in range(3):
        assert h.get(f"/sites/{world.site_id}/collections").status_code == 200
    assert world.http(None, validate=False).get(f"/sites/{world.site_id}/collections").status_code == 401
    assert world.http(validate=False).get("/no/such/route").status_code == 404
    after = scrape(world.base)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    op = "v2:list-collections"
    assert delta("webflow_local_requests_total", operation=op, status="200") == 3
    assert delta("webflow_local_requests_total", operation=op, status="401") == 1
    assert delta("webflow_local_requests_total", operation="unmatched", status="404") == 1
    assert delta("webflow_local_request_duration_seconds_count", operation=op) == 4
    assert delta("webflow_local_request_duration_seconds_bucket", operation=op, le="+Inf") == 4
    assert delta("webflow_local_requests_total", operation="GET /_metrics", status="200") == 1
    # Read at scrape time: the pool of this process, the shared backlog, the process itself.
    assert value(after, "webflow_local_db_pool_size") > 0
    assert {dict(k[1]).get("state") for k in after if k[0] == "webflow_local_db_pool_connections"} == {
        "checked_out", "idle", "overflow"}
    assert value(after, "webflow_local_webhook_pending_deliveries") >= 0
    assert value(after, "webflow_local_database_up") == 1
    assert value(after, "process_open_fds") > 0


def test_metrics_of_several_workers_add_up(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if backend != "postgresql":
        pytest.skip("--workers above 1 needs PostgreSQL")
    metrics_dir = tmp_path / "prom"
    metrics_dir.mkdir()
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(metrics_dir))
    with fresh_database(backend, tmp_path) as url, servers(url, tmp_path / "logs", 1, ["--workers", "2"]) as [p]:
        for _ in range(20):  # a new connection each: the two workers share the listening socket
            assert httpx.get(f"{p.url}/_health", timeout=WAIT).status_code == 200
        for _ in range(4):  # whichever worker answers the scrape reports every worker's requests
            assert value(scrape(p.url), "webflow_local_requests_total", operation="GET /_health", status="200") == 20


# -- access log and request ids -------------------------------------------------------------------------
def test_access_log_has_one_json_line_per_request_and_never_the_token(database_url: str, tmp_path: Path) -> None:
    log = tmp_path / "access.jsonl"
    with serve(database_url, access_log=str(log)) as s:
        w = build(s.url)
        try:
            made = httpx.post(f"{s.url}/_admin/tokens", json={"siteId": w.site_id, "scopes": "all"}, timeout=WAIT)
            assert made.status_code in (200, 201), made.text
            token_id, token = made.json()["id"], made.json()["token"]
            h = w.http(token)
            r = h.get(f"/sites/{w.site_id}/collections", headers={"x-request-id": "trace-abc.123"})
            assert r.status_code == 200 and r.headers["x-request-id"] == "trace-abc.123"
            r = h.get(f"/sites/{w.site_id}/collections", headers={"x-request-id": "not ok; " + "x" * 200})
            generated = r.headers["x-request-id"]
            assert HEX32.match(generated)
            assert w.http(None, validate=False).get(f"/sites/{w.site_id}/collections").status_code == 401
        finally:
            w.close()
    # The server has stopped: every line is written.
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert token not in log.read_text() and FULL not in log.read_text()
    traced = [e for e in lines if e["requestId"] == "trace-abc.123"]
    assert len(traced) == 1
    e = traced[0]
    assert set(e) == {"time", "requestId", "method", "path", "operationId", "status", "durationMs", "tokenId"}
    assert e["method"] == "GET" and e["path"] == f"/v2/sites/{w.site_id}/collections"
    assert e["operationId"] == "v2:list-collections" and e["status"] == 200 and e["tokenId"] == token_id
    assert isinstance(e["durationMs"], float | int) and e["durationMs"] >= 0
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", e["time"])
    assert [x["tokenId"] for x in lines if x["requestId"] == generated] == [token_id]
    unauthenticated = [x for x in lines if x["status"] == 401]
    assert len(unauthenticated) == 1 and unauthenticated[0]["tokenId"] is None
    assert all(HEX32.match(x["requestId"]) for x in lines if x["requestId"] != "trace-abc.123")
    assert any(x["path"] == "/_admin/reset" and x["operationId"] is None for x in lines)


def _boom_hook(app: FastAPI, runtime: Runtime) -> None:
    @app.get("/_test/boom")
    def boom() -> None:
        raise RuntimeError("boom")


def test_request_id_on_every_response_and_in_the_log_of_a_500(database_url: str,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    with serve(database_url, hooks=[_boom_hook]) as s, httpx.Client(base_url=s.url, timeout=WAIT) as c:
        with caplog.at_level(logging.ERROR, logger="webflow_local"):
            r = c.get("/_test/boom", headers={"x-request-id": "boom-42"})
            err(r, 500, "internal_error")
            assert r.headers["x-request-id"] == "boom-42"
            deadline = time.monotonic() + WAIT
            while not caplog.records and time.monotonic() < deadline:
                time.sleep(0.02)
        [record] = [rec for rec in caplog.records if rec.name == "webflow_local"]
        assert "boom-42" in record.getMessage() and record.exc_info is not None
        # Every other kind of answer carries one too, each its own.
        ids = {c.get("/v2/sites").headers["x-request-id"], c.get("/nowhere").headers["x-request-id"],
               c.get("/_health").headers["x-request-id"],
               c.post("/v2/sites/x/collections", content=b"x" * (5 * 1024 * 1024)).headers["x-request-id"],
               c.get("/v2/sites?x=%00").headers["x-request-id"]}
        assert len(ids) == 5 and all(HEX32.match(i) for i in ids)


# -- SQLite durability --------------------------------------------------------------------------------
def test_sqlite_synchronous_is_normal_or_full(tmp_path: Path) -> None:
    for setting, pragma in (("normal", 1), ("full", 2)):
        engine = make_engine(f"sqlite:///{tmp_path / 'sync.sqlite3'}", 1, setting)
        try:
            with engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == pragma
        finally:
            engine.dispose()
    assert Settings().sqlite_synchronous == "normal"
    with pytest.raises(ValidationError):
        Settings(sqlite_synchronous="off")  # type: ignore[arg-type]

