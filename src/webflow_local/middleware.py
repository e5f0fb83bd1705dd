"""Pure ASGI middleware (no per-request task overhead): body size cap and rate-limit headers."""

from __future__ import annotations

import logging
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from webflow_local.errors import BadRequest, InternalError, PayloadTooLarge
from webflow_local.kit.wire import json_response

UNLIMITED = b"1000000"
log = logging.getLogger("webflow_local")


class WireMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if b"%00" in scope.get("query_string", b""):
            # PostgreSQL cannot store or compare NUL characters; refused before any query sees them.
            nul = BadRequest("Bad Request: NUL characters are not allowed in query parameters")
            await json_response(nul.body(), nul.status)(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body:
                await self._too_large(scope, receive, send)
                return
        seen = 0

        async def capped_receive() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_body:
                    raise PayloadTooLarge()
            return msg

        started = False

        async def send_with_headers(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
                state: dict[str, Any] = scope.get("state", {})
                limit, remaining = state.get("ratelimit", (None, None))
                headers = list(msg.get("headers", []))
                headers.append((b"x-ratelimit-limit", str(limit).encode() if limit else UNLIMITED))
                headers.append((b"x-ratelimit-remaining", str(remaining).encode() if limit else UNLIMITED))
                msg = {**msg, "headers": headers}
            await send(msg)

        try:
            await self.app(scope, capped_receive, send_with_headers)
        except Exception:
            # Answered here: Starlette's own 500 path re-raises, which makes uvicorn drop the keep-alive
            # connection under the client.
            log.exception("unexpected error")
            if not started:
                err = InternalError()
                await json_response(err.body(), err.status)(scope, receive, send_with_headers)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        err = PayloadTooLarge()
        await json_response(err.body(), err.status)(scope, receive, send)
