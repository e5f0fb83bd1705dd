"""Fixtures: one real server per database backend (SQLite and PostgreSQL), a fresh world per test.

Every test that takes `world` runs once on each backend; the tests never branch on the backend."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import RunningServer, fresh_database, pg_available, serve
from tests.support.world import World, build

BACKENDS = [b.strip() for b in os.environ.get("WEBFLOW_LOCAL_TEST_BACKENDS", "sqlite,postgresql").split(",")]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if name == "postgresql" and not pg_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL on 127.0.0.1:5432 is required in CI")
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    return name


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(backend, tmp_path_factory.mktemp(backend)) as url:
        yield url


@pytest.fixture(scope="session")
def server(database_url: str) -> Iterator[RunningServer]:
    with serve(database_url, webhook_retry_delay=1.0) as s:
        yield s


@pytest.fixture
def world(server: RunningServer) -> Iterator[World]:
    w = build(server.url)
    yield w
    w.close()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With WEBFLOW_LOCAL_RECORD_DIR set, writes which operations each client drove (see tests/support/world.py);
    a kind this session did not exercise keeps its previous file."""
    from tests.support.world import RECORDS

    target = os.environ.get("WEBFLOW_LOCAL_RECORD_DIR")
    if not target:
        return
    out = Path(target)
    out.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        # An xdist worker saw part of the run: its part waits for the controller, which finishes last.
        for kind, lines in RECORDS.items():
            (out / f"{kind}.txt.{worker}").write_text("".join(f"{line}\n" for line in sorted(lines)))
        return
    parts: dict[str, set[str]] = {kind: set(lines) for kind, lines in RECORDS.items()}
    for part in out.glob("*.txt.*"):
        parts.setdefault(part.name.split(".txt.")[0], set()).update(part.read_text().splitlines())
        part.unlink()
    for kind, lines in parts.items():
        (out / f"{kind}.txt").write_text("".join(f"{line}\n" for line in sorted(lines)))
