"""Issue 10, items 6 and 7: chunked bodies over the limit get 413; idle, slow and surplus connections cannot
lock real clients out (header and idle timeouts, a connection limit that closes the oldest idle connection,
a keep-alive longer than clients' own); the `serve` flags that set them."""

from __future__ import annotations

import http.client
import select
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx
import pytest
from fastapi import FastAPI

from tests.support.processes import servers
from tests.support.server import RunningServer, serve
from tests.support.wire import err
from tests.support.world import FULL, World, build
from webflow_local.config import Settings
from webflow_local.runtime import Runtime

WAIT = 30.0  # upper bound for the server to act; never a measured duration




def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def connect(url: str) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port_of(url)), timeout=WAIT)


def closed_by_server(sock: socket.socket, timeout: float = WAIT) -> bytes | None:
    """Everything the server sent before closing the connection, or None if it is still open after `timeout`."""
    got = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sock], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return got
        if not chunk:
            return got
        got += chunk
    return None


def closed_now(socks: list[socket.socket], want: int) -> set[int]:
    """Indexes of the sockets the server has closed, waiting until at least `want` are."""
    closed: set[int] = set()
    deadline = time.monotonic() + WAIT
    while len(closed) < want and time.monotonic() < deadline:
        ready, _, _ = select.select([s for i, s in enumerate(socks) if i not in closed], [], [], 0.5)
        for s in ready:
            try:
                data = s.recv(1)
            except ConnectionResetError:
                data = b""
            assert data == b"", "the server sent something on a connection that sent no request"
            closed.add(socks.index(s))
    return closed


def get_sites(sock: socket.socket, token: str = FULL) -> bytes:
    sock.sendall(f"GET /v2/sites HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
    return sock.recv(65536)


# -- item 6: chunked bodies -------------------------------------------------------------------------
def chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    yield b'{"displayName":"'
    sent = 0
    while sent < total:
        yield b"x" * min(size, total - sent)
        sent += size
    yield b'","singularName":"Thing"}'


def test_chunked_body_over_the_limit_is_413(world: World) -> None:
    h = world.http(validate=False)
    url = f"/sites/{world.site_id}/collections"
    r = h.post(url, content=chunks(5 * 1024 * 1024), headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers and r.request.headers["transfer-encoding"] == "chunked"
    err(r, 413, "bad_request")
    assert r.headers["x-request-id"]
    # The same connection then serves the next request, and nothing was created.
    assert h.get(url).json()["collections"] == []
    # A chunked body within the limit is read as usual.
    body = [b'{"displayName":"Chunked",', b'"singularName":"Chunk"}']
    r = h.post(url, content=iter(body), headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    assert [c["displayName"] for c in h.get(url).json()["collections"]] == ["Chunked"]
    err(h.post(url, content=iter([b'{"displayName":', b"nope"]), headers={"content-type": "application/json"}),
        400, "bad_request")


# -- item 7: the connection limit -------------------------------------------------------------------
def test_idle_sockets_at_the_limit_make_room_for_a_real_client(database_url: str) -> None:
    with serve(database_url, max_connections=50, header_timeout=120.0) as s:
        build(s.url).close()
        socks = [connect(s.url) for _ in range(60)]
        try:
            with httpx.Client(base_url=s.url, timeout=WAIT) as c:
                r = c.get("/v2/sites", headers={"Authorization": f"Bearer {FULL}"})
                assert r.status_code == 200 and len(r.json()["sites"]) == 1
            # 60 idle sockets and one client against a limit of 50: the oldest idle ones were closed...
            closed = closed_now(socks, 11)
            assert len(closed) >= 11
            assert closed == set(range(len(closed))), f"not the oldest: {sorted(closed)}"
            # ... and the younger ones are still open and usable.
            assert get_sites(socks[-1]).startswith(b"HTTP/1.1 200 ")
        finally:
            for sock in socks:
                sock.close()


def _waiting_hook(arrived: list[int], release: threading.Event) -> Any:
    def hook(app: FastAPI, runtime: Runtime) -> None:
        @app.get("/_test/wait")
        async def wait() -> dict[str, bool]:
            arrived.append(1)
            await anyio.to_thread.run_sync(release.wait, WAIT)
            return {"released": True}

    return hook


def test_a_new_connection_is_refused_when_every_connection_is_busy(database_url: str,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    arrived: list[int] = []
    release = threading.Event()
    with serve(database_url, hooks=[_waiting_hook(arrived, release)], max_connections=3) as s:
        results: list[int] = []
        threads = [threading.Thread(target=lambda: results.append(httpx.get(f"{s.url}/_test/wait",
                                                                            timeout=WAIT).status_code))
                   for _ in range(3)]
        try:
            for t in threads:
                t.start()
            deadline = time.monotonic() + WAIT
            while len(arrived) < 3 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert len(arrived) == 3
            # Three requests in progress, none idle: a fourth connection is closed without an answer.
            with caplog.at_level("WARNING", logger="webflow_local"):
                sock = connect(s.url)
                assert closed_by_server(sock) == b""
                sock.close()
            assert any("connection limit of 3 reached" in m for m in caplog.messages)
        finally:
            release.set()
            for t in threads:
                t.join(WAIT)
        assert results == [200, 200, 200]
        assert httpx.get(f"{s.url}/_health", timeout=WAIT).status_code == 200


# -- item 7: timeouts -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def impatient(database_url: str) -> Iterator[RunningServer]:
    with serve(database_url, header_timeout=1.0, idle_timeout=1.0) as s:
        yield s


def test_idle_sockets_are_closed_after_the_header_timeout(impatient: RunningServer) -> None:
    socks = [connect(impatient.url) for _ in range(5)]
    try:
        assert [closed_by_server(sock) for sock in socks] == [b""] * 5
    finally:
        for sock in socks:
            sock.close()


def test_a_slowloris_is_closed(impatient: RunningServer) -> None:
    sock = connect(impatient.url)
    try:
        sock.sendall(b"GET /v2/sites HTTP/1.1\r\nHost: x\r\n")
        gone = False
        for i in range(200):  # one header every 0.1 s: 20 s, far past the 1 s header timeout
            try:
                sock.sendall(f"X-Slow-{i}: a\r\n".encode())
            except (BrokenPipeError, ConnectionResetError):
                gone = True
                break
            if closed_by_server(sock, 0.1) is not None:
                gone = True
                break
        assert gone, "the server kept a connection whose headers never ended"
    finally:
        sock.close()


def test_a_stalled_body_is_dropped_and_writes_nothing(impatient: RunningServer) -> None:
    w = build(impatient.url)
    try:
        sock = connect(impatient.url)
        body = b'{"displayName":"Stalled","singularName":"Stall"}'
        sock.sendall(f"POST /v2/sites/{w.site_id}/collections HTTP/1.1\r\nHost: x\r\n"
                     f"Authorization: Bearer {FULL}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {len(body)}\r\n\r\n".encode() + body[:10])
        assert closed_by_server(sock) == b""
        sock.close()
        assert w.http().get(f"/sites/{w.site_id}/collections").json()["collections"] == []
    finally:
        w.close()


def test_a_kept_alive_connection_must_send_its_next_headers_in_time(impatient: RunningServer) -> None:
    build(impatient.url).close()
    sock = connect(impatient.url)
    try:
        assert get_sites(sock).startswith(b"HTTP/1.1 200 ")
        sock.sendall(b"GET /v2/sites HTTP/1.1\r\n")  # and never the rest
        assert closed_by_server(sock) == b""
    finally:
        sock.close()


@pytest.mark.parametrize("end", [b"\r\n\r\n", b""], ids=["complete", "never-ending"])
def test_oversized_headers_are_431(server: RunningServer, end: bytes) -> None:
    sock = connect(server.url)
    try:
        sock.sendall(b"GET /v2/sites HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * (80 * 1024) + end)
        got = closed_by_server(sock)
        assert got is not None and got.startswith(b"HTTP/1.1 431 ")
        assert b'"code":"bad_request"' in got
    finally:
        sock.close()


def test_keep_alive_outlasts_clients_own_five_seconds(server: RunningServer) -> None:
    assert Settings().keep_alive_timeout > 5
    conn = http.client.HTTPConnection("127.0.0.1", port_of(server.url), timeout=WAIT)
    try:
        conn.request("GET", "/_health")
        assert conn.getresponse().read() and conn.sock is not None
        first = conn.sock
        time.sleep(6)
        conn.request("GET", "/_health")
        r = conn.getresponse()
        assert r.status == 200 and r.read()
        assert conn.sock is first  # the same connection, reused after 6 s
    finally:
        conn.close()


# -- the serve flags --------------------------------------------------------------------------------
def test_serve_flags_set_the_limits_and_the_access_log(tmp_path: Path) -> None:
    log = tmp_path / "access.jsonl"
    args = ["--max-connections", "3", "--header-timeout", "1", "--keep-alive-timeout", "30",
            "--access-log", str(log)]
    with servers(f"sqlite:///{tmp_path / 'flags.sqlite3'}", tmp_path / "logs", 1, args) as [proc]:
        socks = [connect(proc.url) for _ in range(4)]
        try:
            assert httpx.get(f"{proc.url}/_health", timeout=WAIT).status_code == 200
            assert 0 in closed_now(socks, 2)  # the limit of 3 displaced the oldest
            assert all(closed_by_server(sock) is not None for sock in socks)  # the rest: the header timeout
        finally:
            for sock in socks:
                sock.close()
        deadline = time.monotonic() + WAIT
        while '"path":"/_health"' not in (log.read_text() if log.exists() else "") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert '"path":"/_health"' in log.read_text()
        assert "connection limit of 3 reached" in proc.output()
