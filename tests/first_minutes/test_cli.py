"""The command line as a new user meets it: one-line errors with exit code 2, answers on stdout, reads that
never create a schema, a reset that asks, and a server that checks its port before saying anything."""

from __future__ import annotations

import json
import os
import pty
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, inspect

from tests.support.processes import child_env
from tests.support.server import fresh_database


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "webflow_local", *args], capture_output=True, text=True,
                          timeout=120, env=child_env(), stdin=subprocess.DEVNULL)


def refused(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit 2, nothing on stdout, one error line on stderr that says `words` (after a note at most)."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == "" and "Traceback" not in proc.stderr, (proc.stdout, proc.stderr)
    lines = [line for line in proc.stderr.strip().splitlines() if not line.startswith("note: ")]
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


def tables(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_reads_never_create_a_schema(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        if backend == "sqlite":
            # No file yet: a read says so and leaves none behind.
            for args in (["sites"], ["tokens"], ["workspaces"], ["clock"], ["locales", "x"]):
                refused(cli(*args, "--database-url", url), "no database at", "db upgrade")
            assert not list(tmp_path.iterdir())
            Path(url.removeprefix("sqlite:///")).touch()  # an empty database, as a server's maintenance one
        for args in (["sites"], ["tokens"]):
            refused(cli(*args, "--database-url", url), "no webflow-local schema", "webflow-local db upgrade")
        assert tables(url) == []
        # A write may create it, and says so on stderr; its answer is on stdout.
        made = cli("workspaces", "--create", "Acme", "--database-url", url)
        assert made.returncode == 0, made.stderr
        assert json.loads(made.stdout)["displayName"] == "Acme"
        assert "created the webflow-local schema" in made.stderr
        listed = cli("workspaces", "--database-url", url)
        assert listed.returncode == 0 and listed.stderr == "", listed.stderr
        assert [w["displayName"] for w in json.loads(listed.stdout)["workspaces"]] == ["Acme"]


def test_ordinary_mistakes_are_one_line_and_exit_2(tmp_path: Path) -> None:
    refused(cli("sites", "--database-url", "mysql://u@h/db"), "unknown database URL scheme 'mysql'", "sqlite:///")
    refused(cli("sites", "--database-url", "not a url"), "is not a database URL")
    refused(cli("sites", "--database-url", f"sqlite:///{tmp_path}/absent.sqlite3"), "no database at")
    refused(cli("workspaces", "--create", "x", "--database-url", f"sqlite:///{tmp_path}/no/such/dir/x.sqlite3"),
            "cannot reach the database")
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("workspaces: [1\n")
    url = f"sqlite:///{tmp_path}/db.sqlite3"
    refused(cli("seed", str(bad_yaml), "--database-url", url), "not a JSON or YAML file")
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text("workspaces:\n  - displayName: Acme\n    sites:\n      - displayName: S\n"
                       "        locales: {primary: {tag: en, displayName: English}}\n        bogus: 1\n")
    refused(cli("seed", str(invalid), "--database-url", url), "bogus")
    refused(cli("tokens", "--create", "--site", "nope", "--database-url", url))


def test_an_absent_postgresql_database_is_one_line(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    from tests.support.server import PG_ADMIN_URL

    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/wfl_no_such_database"
    refused(cli("sites", "--database-url", url), "does not exist", "createdb")


def test_answers_go_to_stdout_so_they_pipe(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/db.sqlite3"
    assert cli("workspaces", "--create", "W", "--database-url", url).returncode == 0
    site = json.loads(cli("sites", "--create", "S", "--database-url", url).stdout)
    made = cli("tokens", "--create", "--site", site["id"], "--database-url", url)
    assert made.returncode == 0
    assert re.fullmatch(r"[0-9a-f]{64}", json.loads(made.stdout)["token"])
    assert made.stderr == ""


def test_reset_asks_on_a_terminal_and_wants_yes_in_scripts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/db.sqlite3"
    assert cli("workspaces", "--create", "Keep", "--database-url", url).returncode == 0

    def count() -> int:
        return len(json.loads(cli("workspaces", "--database-url", url).stdout)["workspaces"])

    refused(cli("reset", "--database-url", url), "--yes")
    assert count() == 1
    for answer, left in (("n", 1), ("y", 0)):
        leader, follower = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "webflow_local", "reset", "--database-url", url],
                                stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())
        os.close(follower)
        os.write(leader, f"{answer}\n".encode())
        _, err = proc.communicate(timeout=60)
        os.close(leader)
        assert b"Wipe every workspace" in err
        assert proc.returncode == (2 if answer == "n" else 0)
        assert count() == left
    assert cli("workspaces", "--create", "Again", "--database-url", url).returncode == 0
    assert cli("reset", "--yes", "--database-url", url).returncode == 0
    assert count() == 0


def test_serve_on_a_busy_port_fails_before_the_banner(tmp_path: Path) -> None:
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        port = busy.getsockname()[1]
        db = tmp_path / "demo.sqlite3"
        proc = cli("serve", "--demo", "--port", str(port), "--database-url", f"sqlite:///{db}")
        refused(proc, f"port {port}", "already in use", "--port")
        assert not db.exists()  # nothing migrated, nothing minted
    finally:
        busy.close()


def _demo(url: str, port: int, log: Path) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """Starts `serve --demo`, reads its banner (up to the Token line) from stdout."""
    proc = subprocess.Popen([sys.executable, "-m", "webflow_local", "serve", "--demo", "--port", str(port),
                             "--database-url", url], stdout=subprocess.PIPE, stderr=log.open("a"), text=True,
                            env=child_env())
    assert proc.stdout is not None
    lines: dict[str, str] = {}
    try:
        for line in proc.stdout:
            m = re.match(r"\s*([^:]+):\s+(.*)$", line.rstrip("\n"))
            if m and m.group(1) not in lines:
                lines[m.group(1)] = m.group(2)
            if m and m.group(1) == "Token":
                return proc, lines
        raise AssertionError(f"no banner: {lines}")
    except BaseException:
        _stop(proc)
        raise


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=30)


def test_the_demo_keeps_its_token_until_reset(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/demo.sqlite3"
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    tokens = []
    for _ in range(2):
        proc, banner = _demo(url, port, tmp_path / "log")
        try:
            token, site_id = banner["Token"], banner["Site id"]
            blog = next(v for k, v in banner.items() if k == "Collection")
            assert "=" in blog
            deadline = time.monotonic() + 60
            while True:
                try:
                    r = httpx.get(f"http://127.0.0.1:{port}/v2/sites/{site_id}",
                                  headers={"Authorization": f"Bearer {token}"})
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline
                    time.sleep(0.1)
            assert r.status_code == 200
            tokens.append(token)
        finally:
            _stop(proc)
    assert tokens[0] == tokens[1]
    listed = json.loads(cli("tokens", "--database-url", url).stdout)["tokens"]
    assert len([t for t in listed if t.get("label") == "demo"]) == 1  # no pile of old demo tokens
    assert cli("reset", "--yes", "--database-url", url).returncode == 0
    proc, banner = _demo(url, port, tmp_path / "log")
    _stop(proc)
    assert banner["Token"] != tokens[0]


def test_the_banner_is_never_wrapped(tmp_path: Path) -> None:
    """stdout a pipe (not a terminal): each fact on one line however long, collections included."""
    from webflow_local.demo import banner

    site = {"id": "6" * 24, "locales": {"primary": {"tag": "en", "cmsLocaleId": "a" * 24},
                                         "secondary": [{"tag": f"x-{i}", "cmsLocaleId": "b" * 24} for i in range(9)]}}
    text = banner({"site": site, "token": "f" * 64,
                   "collections": [{"displayName": "Blog Posts", "id": "c" * 24}]}, "http://127.0.0.1:8080")
    lines = text.splitlines()
    assert any(line.startswith("  Locales:") and line.endswith("x-8=" + "b" * 24) for line in lines)
    assert "  Collection:   Blog Posts=" + "c" * 24 in lines
