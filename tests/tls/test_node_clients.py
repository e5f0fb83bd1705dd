"""Webflow's MCP server (npm `webflow-mcp-server`) and Webflow's CLI (npm `@webflow/webflow-cli`), unmodified,
against webflow-local over TLS.

Both hard-code https://api.webflow.com (the CLI also reads WEBFLOW_API_HOST). Trust comes from
NODE_EXTRA_CA_CERTS, as docs/unmodified-clients.md tells users. Where users add an /etc/hosts line and serve on
port 443, the tests preload tests/tls/resolve.cjs (`node --require`), which sends api.webflow.com:443 to the
test server's loopback port and leaves the TLS server name and certificate check as they are.

`npm ci` installs both into tests/tls/node_modules once (gitignored; again only when the lock file changes).
Skipped, saying so, where node or npm is missing."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.support.world import FULL, World
from webflow_local import certs

HERE = Path(__file__).resolve().parent
NODE, NPM = shutil.which("node"), shutil.which("npm")
TIMEOUT = 60.0

pytestmark = pytest.mark.skipif(
    NODE is None or NPM is None,
    reason="node and npm are needed to run Webflow's MCP server and CLI (Node 18+)")


@pytest.fixture(scope="session")
def node_clients() -> Path:
    """tests/tls/node_modules with the locked MCP server and CLI."""
    stamp = HERE / "node_modules" / ".package-lock.json"
    lock = HERE / "package-lock.json"
    if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
        assert NPM is not None
        proc = subprocess.run([NPM, "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True,
                              timeout=900, check=False)
        assert proc.returncode == 0, f"npm ci failed:\n{proc.stdout}\n{proc.stderr}"
    return HERE / "node_modules"


def _node_env(cert_set: certs.Created, tls_port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEBFLOW_", "NODE_"))}
    env.update({"NODE_EXTRA_CA_CERTS": str(cert_set.ca_cert),
                "NODE_OPTIONS": f"--require {HERE / 'resolve.cjs'}",
                "WEBFLOW_LOCAL_RESOLVE": f"api.webflow.com:443=127.0.0.1:{tls_port}", **extra})
    return env


class Mcp:
    """A JSON-RPC conversation over the MCP server's stdio (one JSON message per line)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.lines: queue.Queue[str] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def _send(self, msg: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"jsonrpc": "2.0", **msg}) + "\n")
        self.proc.stdin.flush()

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        while True:
            try:
                msg = json.loads(self.lines.get(timeout=TIMEOUT))
            except queue.Empty:
                raise AssertionError(f"no answer to {method} within {TIMEOUT}s") from None
            if msg.get("id") == self.next_id:
                assert "error" not in msg, msg
                return msg["result"]

    def notify(self, method: str) -> None:
        self._send({"method": method})

    def tool(self, name: str, **arguments: Any) -> tuple[bool, Any]:
        """(ok, the tool's JSON answer)."""
        result = self.request("tools/call", {"name": name, "arguments": arguments})
        return not result.get("isError", False), json.loads(result["content"][0]["text"])


def test_webflow_mcp_server_unmodified(world: World, node_clients: Path, cert_set: certs.Created,
                                       tls_port: int) -> None:
    assert NODE is not None
    env = _node_env(cert_set, tls_port, WEBFLOW_TOKEN=FULL)
    proc = subprocess.Popen([NODE, str(node_clients / "webflow-mcp-server" / "dist" / "index.js")], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        mcp = Mcp(proc)
        init = mcp.request("initialize", {"protocolVersion": "2024-11-05", "capabilities": {},
                                          "clientInfo": {"name": "webflow-local-tests", "version": "1"}})
        assert init["serverInfo"]["name"] == "webflow-mcp-server"
        mcp.notify("notifications/initialized")

        ok, sites = mcp.tool("sites_list")
        assert ok, sites
        assert [s["id"] for s in sites["sites"]] == [world.site_id]
        ok, site = mcp.tool("sites_get", site_id=world.site_id)
        assert ok and site["locales"]["primary"]["cmsLocaleId"] == world.en, site

        ok, coll = mcp.tool("collections_create", site_id=world.site_id,
                            request={"displayName": "MCP Notes", "singularName": "MCP Note"})
        assert ok, coll
        ok, created = mcp.tool("collections_items_create_item", collection_id=coll["id"],
                               request={"items": [{"fieldData": {"name": "From MCP", "slug": "from-mcp"}},
                                                  {"fieldData": {"name": "Second", "slug": "second"}}]})
        assert ok, created
        ids = [i["id"] for i in created["items"]]
        assert len(ids) == 2
        ok, listed = mcp.tool("collections_items_list_items", collection_id=coll["id"], sortBy="slug")
        assert ok and [i["fieldData"]["slug"] for i in listed["items"]] == ["from-mcp", "second"], listed
        ok, published = mcp.tool("collections_items_publish_items", collection_id=coll["id"], itemIds=ids[:1])
        assert ok and published["publishedItemIds"] == ids[:1], published
        ok, _ = mcp.tool("collections_items_delete_item", collection_id=coll["id"], itemId=ids[1])
        assert ok

        # Webflow's errors reach the tool as Webflow's errors.
        ok, missing = mcp.tool("collections_get", collection_id="0" * 24)
        assert not ok and missing["error"]["statusCode"] == 404, missing
    finally:
        assert proc.stdin is not None and proc.stderr is not None
        proc.stdin.close()
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        stderr = proc.stderr.read()
        proc.stderr.close()
    assert "CERT" not in stderr, stderr

    # What the tools did is the server's state.
    items = world.http().get(f"/collections/{coll['id']}/items").json()["items"]
    assert [(i["fieldData"]["slug"], i["lastPublished"] is not None) for i in items] == [("from-mcp", True)]


def _cli(node_clients: Path, env: dict[str, str], *args: str) -> Any:
    assert NODE is not None
    # Run where there is no .env nor webflow.json for the CLI to pick up (its HOME, a fresh directory).
    proc = subprocess.run([NODE, str(node_clients / "@webflow" / "webflow-cli" / "dist" / "index.js"), *args,
                           "--json", "--no-input", "--skip-update-check"], env=env, cwd=env["HOME"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
    return json.loads(proc.stdout)


def test_webflow_cli_unmodified(world: World, node_clients: Path, cert_set: certs.Created, tls_port: int,
                                tmp_path: Path) -> None:
    # No telemetry, no update check (CI), no config from the user's home.
    base = {"WEBFLOW_API_TOKEN": FULL, "WEBFLOW_SITE_ID": world.site_id, "DO_NOT_TRACK": "1", "CI": "true",
            "NO_COLOR": "1", "WEBFLOW_SKIP_UPDATE_CHECKS": "true", "HOME": str(tmp_path)}
    env = _node_env(cert_set, tls_port, **base)

    sites = _cli(node_clients, env, "sites", "list")
    assert [s["id"] for s in sites] == [world.site_id]
    coll = _cli(node_clients, env, "cms", "collections", "create", "--name", "CLI Notes")
    assert coll["slug"] == "cli-notes" and any(f["slug"] == "name" for f in coll["fields"])
    listed = _cli(node_clients, env, "cms", "collections", "list")
    assert coll["id"] in [c["id"] for c in listed]
    item = _cli(node_clients, env, "cms", "items", "create", "--collection", coll["id"],
                "--data", json.dumps({"name": "From the CLI", "slug": "from-the-cli"}))
    assert item["fieldData"]["slug"] == "from-the-cli" and item["cmsLocaleId"] == world.en
    published = _cli(node_clients, env, "cms", "items", "publish", "--collection", coll["id"], "--items", item["id"])
    assert published["publishedItemIds"] == [item["id"]] and published["errors"] == []

    # WEBFLOW_API_HOST, the CLI's own setting: any name of the certificate, no preload needed.
    host_env = {k: v for k, v in env.items() if k not in ("NODE_OPTIONS", "WEBFLOW_LOCAL_RESOLVE")}
    host_env["WEBFLOW_API_HOST"] = f"https://localhost:{tls_port}"
    items = _cli(node_clients, host_env, "cms", "items", "list", "--collection", coll["id"])
    assert [(i["id"], i["lastPublished"] is not None) for i in items["items"]] == [(item["id"], True)]

    got = world.http().get(f"/collections/{coll['id']}/items/{item['id']}")
    assert got.status_code == 200 and got.json()["fieldData"]["name"] == "From the CLI"
