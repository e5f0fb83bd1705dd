"""Fixtures: one real server per database backend (SQLite and PostgreSQL), a fresh world per test.

Every test that takes `world` runs once on each backend; the tests never branch on the backend."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.server import RunningServer, fresh_database, pg_available, serve
from tests.support.world import World, build

BACKENDS = [b.strip() for b in os.environ.get("WEBFLOW_LOCAL_TEST_BACKENDS", "sqlite,postgresql").split(",")]


def pytest_report_header(config: pytest.Config) -> list[str]:
    """The contract first: where the spec was found, or that response checking is off (CI refuses that)."""
    from tests.support import spec_check

    if spec_check.available():
        return [f"webflow spec: {spec_check.found_in()} (every response is checked against it)"]
    return ["!" * 100, f"WARNING: {spec_check.missing_message()}.",
            "Responses are NOT checked against the spec in this run, and the tests that need it skip.", "!" * 100]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Again at the end (the header is hidden by -q)."""
    from tests.support import spec_check

    if not spec_check.available():
        terminalreporter.write_line(f"WARNING: {spec_check.missing_message()}; responses were NOT "
                                    "checked against the spec", red=True)


def pytest_sessionstart(session: pytest.Session) -> None:
    from tests.support import spec_check

    if os.environ.get("CI") and not spec_check.available():
        raise pytest.UsageError(f"{spec_check.missing_message()} (required in CI: the spec is the contract)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that runs per backend says which in its id (`[sqlite]`, `[postgresql]`, `[...-sqlite]`)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("backend") if callspec else None
        if "backend" in getattr(item, "fixturenames", ()) and backend not in re.split(r"[\[\]-]", item.name):
            raise pytest.UsageError(f"{item.nodeid}: a backend-parametrised test must name its backend in its id")


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
