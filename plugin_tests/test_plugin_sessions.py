"""The plugin as a test suite's runner sees it: pytest in a subprocess, with pytest-xdist workers, on
PostgreSQL, against an already running server; and the example of docs/testing.md."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import psycopg
import pytest

from webflow_local.db import migrate
from webflow_local.db.engine import make_oneshot_engine
from webflow_local.pytest_plugin import _start

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("WEBFLOW_LOCAL_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

# Each test adds an item named after itself and its worker and must see only that one: a worker seeing
# another's data (or a test seeing an earlier test's) fails.
ISOLATION = '''
import os
import pytest

@pytest.mark.parametrize("n", range(8))
def test_alone(webflow_local, n):
    blog = webflow_local.collections["Blog Posts"]
    name = f"t{n}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    webflow_local.client.collections.items.create_item(
        blog, request={"fieldData": {"name": name, "slug": name}})
    items = webflow_local.client.collections.items.list_items(blog).items
    assert [i.field_data.name for i in items] == [name]
    with open(os.environ["SEEN"], "a") as f:
        f.write(webflow_local.base_url + "\\n")
'''


def _plugin_args() -> list[str]:
    """The entry point registers the plugin once the package is installed; a source checkout names it."""
    if any(ep.name == "webflow_local" for ep in entry_points(group="pytest11")):
        return []
    return ["-p", "webflow_local.pytest_plugin"]


def _pytest(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("PYTEST_XDIST_WORKER", None)
    full_env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), full_env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *_plugin_args(), *args],
                          cwd=cwd, env=full_env, capture_output=True, text=True, timeout=600)


def _isolation_suite(tmp_path: Path) -> Path:
    (tmp_path / "test_isolation.py").write_text(ISOLATION)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    return tmp_path


@pytest.mark.parametrize("workers", ["0", "2"])
def test_example_suite_of_docs_testing(workers: str) -> None:
    r = _pytest("examples/sync_script", "-n", workers, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "5 passed" in r.stdout


def test_xdist_workers_never_see_each_other(tmp_path: Path) -> None:
    suite = _isolation_suite(tmp_path)
    seen = tmp_path / "seen.txt"
    r = _pytest("-n", "4", cwd=suite, env={"SEEN": str(seen)})
    assert r.returncode == 0, r.stdout + r.stderr
    assert "8 passed" in r.stdout
    assert len(set(seen.read_text().split())) == 4  # one server per worker


def _pg_databases() -> set[str]:
    with psycopg.connect(PG_URL.replace("+psycopg", ""), autocommit=True) as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}


def test_on_postgresql_each_worker_has_its_own_database(tmp_path: Path) -> None:
    try:
        before = _pg_databases()
    except psycopg.Error:
        if os.environ.get("CI"):
            raise
        pytest.skip("PostgreSQL is not reachable")
    suite = _isolation_suite(tmp_path)
    seen = tmp_path / "seen.txt"
    r = _pytest("-n", "2", "--webflow-local-database-url", PG_URL, cwd=suite, env={"SEEN": str(seen)})
    assert r.returncode == 0, r.stdout + r.stderr
    assert "8 passed" in r.stdout
    assert len(set(seen.read_text().split())) == 2
    # The workers' databases were made beside `test` and dropped at the end.
    assert {d for d in _pg_databases() - before if d.startswith("test_pytest_")} == set()
    assert "test_pytest_gw" not in r.stdout


def test_an_already_running_server(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'running.sqlite3'}"
    engine = make_oneshot_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    running = _start(url)
    try:
        suite = _isolation_suite(tmp_path)
        seen = tmp_path / "seen.txt"
        r = _pytest("-n", "0", "--webflow-local-url", running.url, cwd=suite, env={"SEEN": str(seen)})
        assert r.returncode == 0, r.stdout + r.stderr
        assert "8 passed" in r.stdout
        assert set(seen.read_text().split()) == {running.url}
    finally:
        running.stop()
