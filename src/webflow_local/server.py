"""How webflow-local runs uvicorn: connection limits and timeouts that an idle or slow client cannot exhaust.

uvicorn closes a kept-alive connection after its keep-alive timeout, but nothing closes a new connection that
sends nothing, nor one that trickles its headers or its body (any byte disarms the keep-alive timer), and
every open socket costs a file descriptor. GuardedProtocol adds:

- a header timeout: a request's headers must be complete within it, counted from the connection's opening
  (or from the first byte of a later request on a kept-alive connection); the connection is closed otherwise;
- an idle timeout: while a request's body is still expected, a connection silent for this long is closed;
- a header size cap (431);
- a connection limit per process: a new connection at the limit closes the connection idle the longest (no
  request in progress) to make room, or is refused when every connection is busy; logged, rate-limited.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import resource
import socket
import sys
import time
from asyncio import TimerHandle
from collections import OrderedDict
from typing import Any
from weakref import WeakKeyDictionary

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from webflow_local.config import Settings

log = logging.getLogger("webflow_local")

# File descriptors kept for what is not a client connection: database connections, log files, webhook
# deliveries. The connection limit stays this far below RLIMIT_NOFILE so accept() never runs out.
FD_RESERVE = 128
MAX_HEADER_BYTES = 64 * 1024
LOG_EVERY = 60.0  # seconds between two warnings about the connection limit
STARTUP_FAILURE = 3  # uvicorn's exit status when the app could not start


def raise_fd_limit() -> int:
    """Raises this process's soft RLIMIT_NOFILE to its hard limit (children inherit it); returns the soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft


def connection_limit(configured: int) -> int:
    """The configured limit, capped below what this process may open."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return configured
    return max(1, min(configured, soft - FD_RESERVE))


class HeadersTooLarge(Exception):
    pass


class ServerConfig(uvicorn.Config):
    """uvicorn's Config plus the limits GuardedProtocol reads (plain attributes: it is pickled to workers)."""

    def __init__(self, app: Any, *, header_timeout: float, idle_timeout: float, max_connections: int,
                 **kwargs: Any) -> None:
        super().__init__(app, http=GuardedProtocol, ws="none", **kwargs)
        self.header_timeout = header_timeout
        self.idle_timeout = idle_timeout
        self.max_connections = max_connections


class ConnectionGuard:
    """One per uvicorn server (process): which connections are open, and which are idle, oldest first."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open: set[GuardedProtocol] = set()
        self.idle: OrderedDict[GuardedProtocol, None] = OrderedDict()
        self.evicted = 0
        self.refused = 0
        self.last_log = -LOG_EVERY

    def admit(self, conn: GuardedProtocol) -> bool:
        if len(self.open) >= self.limit:
            victim = next(iter(self.idle), None)
            if victim is None:
                self.refused += 1
                self._warn()
                return False
            self.forget(victim)
            victim.transport.close()
            self.evicted += 1
            self._warn()
        self.open.add(conn)
        self.idle[conn] = None
        return True

    def busy(self, conn: GuardedProtocol) -> None:
        self.idle.pop(conn, None)

    def idle_again(self, conn: GuardedProtocol) -> None:
        if conn in self.open:
            self.idle[conn] = None
            self.idle.move_to_end(conn)

    def forget(self, conn: GuardedProtocol) -> None:
        self.open.discard(conn)
        self.idle.pop(conn, None)

    def _warn(self) -> None:
        now = time.monotonic()
        if now - self.last_log < LOG_EVERY:
            return
        self.last_log = now
        log.warning("connection limit of %d reached: closed %d idle connection(s) and refused %d new one(s) "
                    "since the last warning (WEBFLOW_LOCAL_MAX_CONNECTIONS)", self.limit, self.evicted, self.refused)
        self.evicted = self.refused = 0


_GUARDS: WeakKeyDictionary[ServerState, ConnectionGuard] = WeakKeyDictionary()


def _guard_of(server_state: ServerState, limit: int) -> ConnectionGuard:
    guard = _GUARDS.get(server_state)
    if guard is None:
        guard = _GUARDS[server_state] = ConnectionGuard(connection_limit(limit))
    return guard


class GuardedProtocol(HttpToolsProtocol):
    def __init__(self, config: uvicorn.Config, server_state: ServerState, app_state: dict[str, Any],
                 _loop: asyncio.AbstractEventLoop | None = None) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.header_timeout: float = getattr(config, "header_timeout", 20.0)
        self.idle_timeout: float = getattr(config, "idle_timeout", 20.0)
        self.guard = _guard_of(server_state, getattr(config, "max_connections", 1000))
        self.deadline: TimerHandle | None = None
        self.awaiting_headers = False
        self.message_done = True  # the parser is between requests
        self.header_bytes = 0  # received while awaiting headers (headers that never end)
        self.parsed_header_bytes = 0  # of the current request's URL and headers
        self.headers_too_large = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if not self.guard.admit(self):
            transport.close()
            return
        self._await_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        self.guard.forget(self)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if not self.awaiting_headers:
            if self.message_done:
                self._await_headers()  # the first byte of the next request on a kept-alive connection
            else:
                self._arm(self.idle_timeout)  # a body is arriving: the request is alive
        if self.awaiting_headers:
            self.header_bytes += len(data)
        super().data_received(data)
        if self.awaiting_headers and self.header_bytes > MAX_HEADER_BYTES and not self.transport.is_closing():
            self._refuse_headers()

    def on_message_begin(self) -> None:
        self.message_done = False
        self.parsed_header_bytes = 0
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        self.parsed_header_bytes += len(url)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self.parsed_header_bytes += len(name) + len(value)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        if self.parsed_header_bytes > MAX_HEADER_BYTES:
            # Raised through the parser: uvicorn answers a parse error with send_400_response (below).
            self.headers_too_large = True
            raise HeadersTooLarge()
        super().on_headers_complete()
        self.awaiting_headers = False
        self.guard.busy(self)
        self._arm(self.idle_timeout)  # until the body is complete (GET: at once, in on_message_complete)

    def on_message_complete(self) -> None:
        # Also when the response was already sent (a 413 before the body): the parser is between requests.
        self.message_done = True
        self._cancel()
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self._in_progress():
            self.guard.idle_again(self)

    def _in_progress(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _await_headers(self) -> None:
        self.awaiting_headers = True
        self.header_bytes = 0
        self._arm(self.header_timeout)

    def _arm(self, seconds: float) -> None:
        self._cancel()
        self.deadline = self.loop.call_later(seconds, self._expired)

    def _cancel(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def _expired(self) -> None:
        self.deadline = None
        if not self.transport.is_closing():
            # The app sees http.disconnect if it was waiting for the body.
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        if self.headers_too_large:
            self._refuse_headers()
        else:
            super().send_400_response(msg)

    def _refuse_headers(self) -> None:
        body = (b'{"message":"Request header fields too large","code":"bad_request",'
                b'"externalReference":null,"details":[]}')
        self.transport.write(b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
                             b"content-length: " + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n" + body)
        self.transport.close()


def server_config(app: Any, settings: Settings, **kwargs: Any) -> ServerConfig:
    """The uvicorn configuration `webflow-local serve` and the tests run: same protocol, same limits."""
    if settings.tls_cert and settings.tls_key:
        kwargs.setdefault("ssl_certfile", settings.tls_cert)
        kwargs.setdefault("ssl_keyfile", settings.tls_key)
    return ServerConfig(app, header_timeout=settings.header_timeout, idle_timeout=settings.idle_timeout,
                        max_connections=settings.max_connections, timeout_keep_alive=settings.keep_alive_timeout,
                        access_log=False, **kwargs)


def run(config: ServerConfig, sockets: list[socket.socket] | None = None) -> None:
    """uvicorn.run's own steps, for a Config built here: one process, or `workers` spawned processes.
    `sockets`: already bound (so the caller knew the port was free before it said anything)."""
    from uvicorn.supervisors import Multiprocess

    server = uvicorn.Server(config)
    if config.workers > 1:
        Multiprocess(config, sockets=sockets or [config.bind_socket()]).run()
        return
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=sockets)
    if not server.started:
        sys.exit(STARTUP_FAILURE)
