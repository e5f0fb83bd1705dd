"""The `webflow_local` pytest plugin (registered through the `pytest11` entry point): a real webflow-local server
for a test suite, with the demo world reset before every test.

    def test_publish(webflow_local):
        items = webflow_local.client.collections.items.list_items(webflow_local.collections["Blog Posts"])
        ...
        assert webflow_local.admin.requests(operation_id="create-items")

One server per test session (per pytest-xdist worker), run by uvicorn in a thread of the test process on its
own database: a SQLite file in the session's temporary directory, or a new PostgreSQL database made next to
the one `--webflow-local-database-url` names (dropped at the end). Workers never share a server or a
database. `--webflow-local-url` uses a server already running instead (reset over HTTP, slower).

Between tests the world is restored from rows kept in memory after it was first seeded: one transaction that
deletes every table and inserts the rows again (see docs/testing.md for the timings). A test marked
`@pytest.mark.webflow_local(seed="world.yaml", rate_limit=60, frozen_at="2025-01-01T00:00:00Z")` gets that
world instead (seeded once per session, then restored the same way), a server with that rate limit (started
on the same database when first asked for), and a frozen clock."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from webflow import Webflow

    from webflow_local.api.journal.service import Journal
    from webflow_local.runtime import Runtime

# The demo world's token in every test (64 hex digits, as Webflow's): a fixed value, so a failing test's
# requests can be replayed by hand against the same server.
TOKEN = "f" * 24 + "0" * 40
MARKER = "webflow_local"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("webflow_local", "webflow-local server for tests")
    group.addoption("--webflow-local-database-url", default=None, metavar="URL",
                    help="run the plugin's server on PostgreSQL: each session (xdist worker) makes its own "
                         "database next to the one this URL names, and drops it at the end")
    group.addoption("--webflow-local-url", default=None, metavar="URL",
                    help="use an already running webflow-local server (its control plane must answer this "
                         "machine) instead of starting one; its data is reset before every test")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "webflow_local(seed=None, rate_limit=None, frozen_at=None): the world (a seed file, YAML "
                   "or JSON, relative to the test's file), requests per token per minute, and a frozen clock "
                   "for one test using the webflow_local fixture")


# -- the control-plane client ---------------------------------------------------------------------------------

class AdminClient:
    """A small client of /_admin: the seed, the clock, faults, tokens, the request journal and snapshots.
    Each call raises httpx.HTTPStatusError on an error answer."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=f"{base_url}/_admin", timeout=60)

    def call(self, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None) -> Any:
        """Any control-plane route; a change carries a JSON body (`{}` when there is nothing to say)."""
        if method != "GET" and body is None:
            body = {}
        kept = {k: v for k, v in (params or {}).items() if v is not None}
        r = self.http.request(method, path, json=body, params=kept)
        r.raise_for_status()
        return r.json() if r.content else None

    # The world
    def seed(self, world: dict[str, Any] | str | Path) -> Any:
        """Adds a world (a seed dict, or a YAML/JSON file) to the current one; `reset: true` in it wipes first."""
        return self.call("POST", "/seed", _load_world(Path(world)) if isinstance(world, str | Path) else world)

    # The clock
    def clock(self, *, at: str | None = None, freeze: bool | None = None,
              advance_seconds: float | None = None) -> Any:
        """The server clock; with arguments, sets it first (`at` an ISO-8601 time)."""
        if at is None and freeze is None and advance_seconds is None:
            return self.call("GET", "/clock")
        body = {k: v for k, v in {"at": at, "freeze": freeze, "advanceSeconds": advance_seconds}.items()
                if v is not None}
        return self.call("POST", "/clock", body)

    # Faults
    def fault(self, *, status: int | None = None, count: int | None = None, latency_ms: int | None = None,
              path: str | None = None, method: str | None = None) -> Any:
        """The next `count` API requests matching `path` (a regular expression) and `method` answer `status`
        (429 comes with Retry-After: 60) and/or wait `latency_ms` first."""
        body = {k: v for k, v in {"status": status, "count": count, "latencyMs": latency_ms, "path": path,
                                  "method": method}.items() if v is not None}
        return self.call("POST", "/faults", body)

    def faults(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/faults")["faults"])

    def clear_faults(self) -> None:
        self.call("DELETE", "/faults")

    # Tokens
    def create_token(self, *, scopes: str | list[str] = "all", site_id: str | None = None,
                     workspace_id: str | None = None, label: str | None = None) -> Any:
        """A new token; the answer's `token` is its value."""
        body = {k: v for k, v in {"scopes": scopes, "siteId": site_id, "workspaceId": workspace_id,
                                  "label": label}.items() if v is not None}
        return self.call("POST", "/tokens", body)

    def tokens(self) -> Any:
        return self.call("GET", "/tokens")

    def revoke_token(self, token_id: str) -> Any:
        return self.call("DELETE", f"/tokens/{token_id}")

    # The request journal
    def requests(self, operation_id: str | None = None, *, method: str | None = None, status: int | None = None,
                 since: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """The API requests the server answered, oldest first (the newest `limit`, default 100)."""
        params = {"operationId": operation_id, "method": method, "status": status, "since": since, "limit": limit}
        return list(self.call("GET", "/requests", params=params)["requests"])

    def clear_requests(self) -> None:
        self.call("DELETE", "/requests")

    # Snapshots (routes of the snapshots feature)
    def snapshot(self, name: str) -> Any:
        return self.call("POST", "/snapshots", {"name": name})

    def restore(self, name: str) -> Any:
        return self.call("POST", f"/snapshots/{name}/restore")

    def snapshots(self) -> Any:
        return self.call("GET", "/snapshots")

    def delete_snapshot(self, name: str) -> Any:
        return self.call("DELETE", f"/snapshots/{name}")

    def close(self) -> None:
        self.http.close()


# -- what a test sees -----------------------------------------------------------------------------------------

@dataclass
class WebflowLocal:
    """The `webflow_local` fixture: a server with a known world, and clients for it."""

    base_url: str
    token: str
    site_id: str
    locales: dict[str, str]  # locale tag -> cmsLocaleId
    collections: dict[str, str]  # display name -> collection id
    admin: AdminClient
    _reset: Any = field(repr=False, default=None)
    _client: Webflow | None = field(repr=False, default=None)
    _http: httpx.Client | None = field(repr=False, default=None)

    @property
    def v2_url(self) -> str:
        return f"{self.base_url}/v2"

    @property
    def beta_url(self) -> str:
        return f"{self.base_url}/beta"

    @property
    def client(self) -> Webflow:
        """The official `webflow.Webflow` client, with this test's token, pointed at the server."""
        if self._client is None:
            from webflow import Webflow
            from webflow.environment import WebflowEnvironment

            env = WebflowEnvironment(base=self.v2_url, data_api=self.v2_url, content_delivery_api=self.v2_url)
            self._http = httpx.Client(timeout=60)
            self._client = Webflow(access_token=self.token, environment=env, httpx_client=self._http)
        return self._client

    def reset(self) -> None:
        """Puts this test's world back as it was when the test began (the journal and faults emptied)."""
        self._reset()

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
        self.admin.close()


@dataclass(frozen=True)
class World:
    """What a seeded world's answer names: the test's token, site, locales and collections."""

    token: str
    site_id: str
    locales: dict[str, str]
    collections: dict[str, str]


# -- the servers ----------------------------------------------------------------------------------------------

def _load_world(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        loaded = json.loads(text)
    else:
        import yaml

        loaded = yaml.safe_load(text)
    if not isinstance(loaded, dict):
        raise pytest.UsageError(f"{path}: a seed file holds one object (workspaces: [...])")
    return loaded


def _demo_world() -> dict[str, Any]:
    from webflow_local.demo import DEMO_USERS, demo_seed

    world = demo_seed()
    site = world["workspaces"][0]["sites"][0]
    site["tokens"] = [{"value": TOKEN, "scopes": "all", "label": "pytest", "userEmail": DEMO_USERS[0]["email"]}]
    return world


def _world_of(answer: dict[str, Any], admin: AdminClient) -> World:
    """The first site of a seed answer, its first site token (one is made when the seed gave none)."""
    if not answer.get("sites"):
        raise pytest.UsageError("a webflow_local seed must make at least one site")
    site = answer["sites"][0]
    token = next((t["token"] for t in answer.get("tokens", []) if t.get("siteId") == site["id"]), None)
    if token is None:
        token = admin.create_token(site_id=site["id"], label="pytest")["token"]
    locs = site["locales"]
    locales = {loc["tag"]: loc["cmsLocaleId"] for loc in [locs["primary"], *locs.get("secondary", [])] if loc}
    # Asked of the API: families make collections of their own (the shop's Products, SKUs, Categories).
    r = httpx.get(f"{admin.http.base_url.join('/v2')}/sites/{site['id']}/collections",
                  headers={"Authorization": f"Bearer {token}"}, timeout=60)
    r.raise_for_status()
    collections = {c["displayName"]: c["id"] for c in r.json()["collections"]}
    return World(token=str(token), site_id=site["id"], locales=locales, collections=collections)


@dataclass
class _Thread:
    url: str
    runtime: Runtime
    stop: Any


def _start(database_url: str, **overrides: Any) -> _Thread:
    """The app under uvicorn in a daemon thread on a free loopback port, with `serve`'s own configuration."""
    import uvicorn

    from webflow_local.app import create_app
    from webflow_local.config import Settings
    from webflow_local.server import server_config

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings = Settings(database_url=database_url, public_url=url, **overrides)
    app = create_app(settings)
    server = uvicorn.Server(server_config(app, settings, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name=f"webflow-local {url}")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the webflow-local server did not start")
        time.sleep(0.01)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()

    return _Thread(url, app.state.runtime, stop)


class Rows:
    """A whole database's rows, kept in memory: restoring them is one transaction on either database, the
    snapshots' own (read_world / write_world), without the JSON round trip."""

    def __init__(self, engine: Engine) -> None:
        from webflow_local.api.snapshots.service import read_world
        from webflow_local.db.session import transaction

        with transaction(engine, write=False) as conn:
            self.world = read_world(conn)

    def restore(self, engine: Engine, journals: Sequence[Journal] = ()) -> None:
        from webflow_local.api.snapshots.service import write_world
        from webflow_local.db.session import transaction

        with transaction(engine) as conn:
            write_world(conn, self.world)
            for j in journals:  # the journal is no part of a world: emptied, never kept
                j.clear(conn)


class Harness:
    """The session's servers (one per rate limit asked for, all on one database) and its worlds."""

    def __init__(self, config: pytest.Config, tmp: Path) -> None:
        self.config = config
        self.remote: str | None = config.getoption("--webflow-local-url")
        self.threads: dict[int | None, _Thread] = {}
        self.worlds: dict[str, tuple[Rows | None, dict[str, Any], World]] = {}
        self._drop: Any = None
        self.database_url = ""
        if self.remote is None:
            self.database_url = self._database(config.getoption("--webflow-local-database-url"), tmp)

    def _database(self, given: str | None, tmp: Path) -> str:
        from webflow_local.db import migrate
        from webflow_local.db.engine import make_oneshot_engine

        if not given or given.startswith("sqlite"):
            url = given if given and xdist_worker() is None else f"sqlite:///{tmp / 'webflow-local.sqlite3'}"
        else:
            url = self._pg_database(given)
        engine = make_oneshot_engine(url)
        try:
            migrate.upgrade(engine)
        finally:
            engine.dispose()
        return url

    def _pg_database(self, given: str) -> str:
        """A new database beside the given one, for this session alone (workers never meet)."""
        import psycopg
        from sqlalchemy.engine import make_url

        base = make_url(given)
        name = f"{base.database or 'webflow'}_pytest_{xdist_worker() or 'main'}_{uuid.uuid4().hex[:8]}"
        admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        self._drop = drop
        return base.set(database=name).render_as_string(hide_password=False)

    def server(self, rate_limit: int | None) -> str:
        if self.remote is not None:
            if rate_limit is not None:
                pytest.skip("rate_limit needs the plugin's own server (not --webflow-local-url)")
            return self.remote.rstrip("/")
        if rate_limit not in self.threads:
            self.threads[rate_limit] = _start(self.database_url, rate_limit=rate_limit)
        return self.threads[rate_limit].url

    def _runtimes(self) -> list[Runtime]:
        return [t.runtime for t in self.threads.values()]

    def prepare(self, base: str, seed: str | None, admin: AdminClient) -> World:
        """The world of `seed` (None: the demo world), as it was just after it was seeded."""
        key = seed or ""
        if key not in self.worlds:
            content = _load_world(Path(seed)) if seed else _demo_world()
            world = self._seed(content, admin)
            rows = Rows(self._engine()) if self.remote is None else None
            self.worlds[key] = (rows, content, world)
            if rows is None:
                return world
        self.restore(key, admin)
        return self.worlds[key][2]

    @staticmethod
    def _seed(content: dict[str, Any], admin: AdminClient) -> World:
        """Reset, then the world, with ids from a fixed id seed: seeding it again gives the same ids."""
        admin.call("POST", "/reset")
        admin.call("PUT", "/ids", {"seed": "webflow-local-pytest"})
        world = _world_of(admin.seed({**content, "reset": False}), admin)
        admin.call("PUT", "/ids", {"seed": None})
        admin.clear_requests()
        return world

    def restore(self, key: str, admin: AdminClient) -> None:
        rows, content, _ = self.worlds[key]
        if rows is None:
            # A server of someone else's: the control plane's reset and the same seed again.
            self.worlds[key] = (None, content, self._seed(content, admin))
            return
        from webflow_local.api.journal.service import journal_of

        journals = [journal_of(rt.engine, rt.settings) for rt in self._runtimes()]
        with _held([j.write_lock for j in journals]):
            rows.restore(self._engine(), journals)
        for rt in self._runtimes():
            rt.faults.invalidate()

    def _engine(self) -> Engine:
        return next(iter(self.threads.values())).runtime.engine

    def close(self) -> None:
        for t in self.threads.values():
            t.stop()
        self.threads.clear()
        if self._drop is not None:
            self._drop()


class _held:
    """Holds several locks at once (a journal's writer must not write old entries into a restored table)."""

    def __init__(self, locks: list[threading.Lock]) -> None:
        self.locks = locks

    def __enter__(self) -> None:
        for lock in self.locks:
            lock.acquire()

    def __exit__(self, *_: object) -> None:
        for lock in reversed(self.locks):
            lock.release()


def xdist_worker() -> str | None:
    return os.environ.get("PYTEST_XDIST_WORKER")


# -- fixtures -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def _webflow_local_harness(pytestconfig: pytest.Config,
                           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    harness = Harness(pytestconfig, tmp_path_factory.mktemp("webflow-local"))
    try:
        yield harness
    finally:
        harness.close()


def _seed_path(request: pytest.FixtureRequest, seed: str | os.PathLike[str] | None) -> str | None:
    if seed is None:
        return None
    path = Path(seed)
    if not path.is_absolute():
        beside = Path(request.node.path).parent / path
        path = beside if beside.exists() else Path(request.config.rootpath) / path
    if not path.exists():
        raise pytest.UsageError(f"webflow_local seed file not found: {seed}")
    return str(path.resolve())


@pytest.fixture
def webflow_local(request: pytest.FixtureRequest, _webflow_local_harness: Harness) -> Iterator[WebflowLocal]:
    """A running webflow-local server with the demo world (or the marker's), reset for this test."""
    marker = request.node.get_closest_marker(MARKER)
    options: dict[str, Any] = dict(marker.kwargs) if marker else {}
    unknown = set(options) - {"seed", "rate_limit", "frozen_at"}
    if unknown:
        raise pytest.UsageError(f"unknown webflow_local marker arguments: {sorted(unknown)}")
    harness = _webflow_local_harness
    base = harness.server(options.get("rate_limit"))
    admin = AdminClient(base)
    seed = _seed_path(request, options.get("seed"))
    world = harness.prepare(base, seed, admin)

    def reset() -> None:
        harness.restore(seed or "", admin)
        if options.get("frozen_at"):
            admin.clock(at=str(options["frozen_at"]), freeze=True)

    if options.get("frozen_at"):
        admin.clock(at=str(options["frozen_at"]), freeze=True)
    wl = WebflowLocal(base_url=base, token=world.token, site_id=world.site_id, locales=dict(world.locales),
                      collections=dict(world.collections), admin=admin, _reset=reset)
    try:
        yield wl
    finally:
        wl.close()
