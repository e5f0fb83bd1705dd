"""Pure ASGI middleware (no per-request task overhead): request id, body size cap, rate-limit headers, and
one metrics/access-log record per request."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from webflow_local.errors import BadRequest, InternalError, PayloadTooLarge, WebflowError
from webflow_local.kit.wire import json_response
from webflow_local.observability import Observer, request_id

UNLIMITED = b"1000000"
log = logging.getLogger("webflow_local")


def _framed_by_length(headers: list[tuple[bytes, bytes]]) -> bool:
    """True when the body is delimited by a Content-Length (which the caller already checked against the
    limit): the HTTP parser then delivers at most that many bytes."""
    length = False
    for name, _ in headers:
        if name == b"transfer-encoding":
            return False
        length = length or name == b"content-length"
    return length


class WireMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int, observer: Observer | None = None,
                 body_caps: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_body = max_body_bytes
        # Larger limits the families declare for paths under a prefix (never smaller than the setting).
        self.body_caps = tuple((p, max(c, max_body_bytes)) for p, c in (body_caps or {}).items())
        self.observer = observer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started_at = time.perf_counter()
        state: dict[str, Any] = scope.setdefault("state", {})
        rid = state["request_id"] = request_id(scope["headers"])
        status: int | None = None

        async def send_with_headers(msg: Message) -> None:
            nonlocal status
            if msg["type"] == "http.response.start":
                status = msg["status"]
                limit, remaining = state.get("ratelimit", (None, None))
                headers = list(msg.get("headers", []))
                headers.append((b"x-ratelimit-limit", str(limit).encode() if limit else UNLIMITED))
                headers.append((b"x-ratelimit-remaining", str(remaining).encode() if limit else UNLIMITED))
                headers.append((b"x-request-id", rid.encode()))
                msg = {**msg, "headers": headers}
            await send(msg)

        try:
            await self._handle(scope, receive, send_with_headers, lambda: status is not None)
        finally:
            if self.observer is not None:
                self.observer.finish(scope, status, time.perf_counter() - started_at)

    async def _handle(self, scope: Scope, receive: Receive, send: Send,
                      responded: Callable[[], bool]) -> None:
        if b"%00" in scope.get("query_string", b""):
            # PostgreSQL cannot store or compare NUL characters; refused before any query sees them.
            await self._answer(BadRequest("Bad Request: NUL characters are not allowed in query parameters"),
                               scope, receive, send)
            return
        cap = next((c for p, c in self.body_caps if scope["path"].startswith(p)), self.max_body)
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > cap:
                await self._answer(PayloadTooLarge(), scope, receive, send)
                return
        if not _framed_by_length(scope["headers"]):
            # A chunked body has no length up front: read it here, up to the limit, so that a body over it
            # gets 413 like one whose Content-Length says so (not a parse error from deep in FastAPI).
            buffered = await self._read_capped(receive, cap)
            if buffered is None:
                await self._answer(PayloadTooLarge(), scope, receive, send)
                return
            if not isinstance(buffered, bytes):
                return  # the client disconnected before its body was complete: nobody to answer
            receive = _replay(buffered, receive)
        try:
            await self.app(scope, receive, send)
        except Exception:
            # Answered here: Starlette's own 500 path re-raises, which makes uvicorn drop the keep-alive
            # connection under the client.
            log.exception("unexpected error (request id %s)", scope["state"]["request_id"])
            if not responded():
                await self._answer(InternalError(), scope, receive, send)

    async def _read_capped(self, receive: Receive, cap: int) -> bytes | Message | None:
        """The whole body, or None as soon as it exceeds the limit, or the disconnect message."""
        chunks: list[bytes] = []
        size = 0
        while True:
            msg = await receive()
            if msg["type"] != "http.request":
                return msg
            body: bytes = msg.get("body", b"")
            size += len(body)
            if size > cap:
                return None
            chunks.append(body)
            if not msg.get("more_body", False):
                return b"".join(chunks)

    @staticmethod
    async def _answer(err: WebflowError, scope: Scope, receive: Receive, send: Send) -> None:
        await json_response(err.body(), err.status, err.headers)(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """Hands the app the body already read, then the connection's own messages (a disconnect)."""
    pending = True

    async def replayed() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
