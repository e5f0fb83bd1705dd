"""Pure ASGI middleware (no per-request task overhead): body size cap and rate-limit headers."""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from webflow_local.errors import PayloadTooLarge
from webflow_local.kit.wire import json_response

UNLIMITED = b"1000000"


class WireMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body:
                await self._too_large(scope, receive, send)
                return
        seen = 0
        too_large = False

        async def capped_receive() -> Message:
            nonlocal seen, too_large
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_body:
                    too_large = True
                    raise PayloadTooLarge()
            return msg

        async def send_with_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                state: dict[str, Any] = scope.get("state", {})
                limit, remaining = state.get("ratelimit", (None, None))
                headers = list(msg.get("headers", []))
                headers.append((b"x-ratelimit-limit", str(limit).encode() if limit else UNLIMITED))
                headers.append((b"x-ratelimit-remaining", str(remaining).encode() if limit else UNLIMITED))
                msg = {**msg, "headers": headers}
            await send(msg)

        await self.app(scope, capped_receive, send_with_headers)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        err = PayloadTooLarge()
        await json_response(err.body(), err.status)(scope, receive, send)
