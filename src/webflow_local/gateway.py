"""The one request path of every /v2 and /beta operation, as plain ASGI.

    match the route table (404 / 405 / 501)  ->  read the body  ->  one worker-thread call:
        faults, rate limit, transaction { generation + clock, caller (cached), scopes,
        request model (400), the family's handler }, commit
    ->  orjson answer with the operation's success status

Everything else (the control plane, /_health) goes to the next ASGI app. Errors at any step are Webflow's
envelope; an unexpected exception is left to WireMiddleware, which answers 500 and logs it."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import DBAPIError
from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from webflow_local import errors
from webflow_local.auth import service as auth
from webflow_local.config import DEFAULT_RATE_LIMIT
from webflow_local.context import Ctx
from webflow_local.control import faults
from webflow_local.db.session import transaction
from webflow_local.kit.family import RAW_JSON, Call
from webflow_local.kit.reading import ReadRefused
from webflow_local.kit.routing import Route, RouteTable
from webflow_local.kit.validate import details_of
from webflow_local.runtime import Runtime

# First path segments of Webflow's retired v1 API, and its paths whose v2 equivalent has another path.
V1_ROOTS = frozenset({"info", "user", "sites", "collections", "webhooks", "items"})
NOT_V1 = frozenset({"oauth"})  # Webflow's OAuth endpoints have no version prefix in v2 either
V1_RENAMED = {"/info": "/token/introspect", "/user": "/token/authorized_by"}
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON_HEADERS = [(b"content-type", b"application/json")]
MALFORMED = errors.BadRequest("Bad Request: Request is malformed", [{"param": "body", "description": "Malformed JSON"}])

Answer = tuple[int, bytes | None, dict[str, str]]


def _error(e: errors.WebflowError) -> Answer:
    return e.status, orjson.dumps(e.body()), e.headers


def _reject_constant(name: str) -> None:
    raise ValueError(name)


def _loads(raw: bytes) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass
    try:
        # orjson refuses lone surrogate escapes, which JSON allows; the request models refuse them instead.
        return json.loads(raw, parse_constant=_reject_constant)
    except ValueError:
        raise MALFORMED from None


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope["headers"]:
        if k == name:
            return str(v.decode("latin-1"))
    return None


def look_up_owners(ctx: Ctx, params: Mapping[str, str], owners: Mapping[str, Callable[..., Any]]) -> None:
    for name, value in params.items():
        lookup = owners.get(name)
        if lookup is not None:
            ctx.owned[name] = lookup(ctx, value)


class InProcessRead:
    """kit.reading.ApiRead on this server, inside the caller's transaction: the GET operation's handler as the
    gateway runs it, after the same owner lookups, for `ctx.principal` (no scope check: the control plane's
    caller, as for seeding)."""

    def __init__(self, ctx: Ctx) -> None:
        runtime = ctx.runtime
        assert isinstance(runtime, Runtime) and runtime.table is not None
        self.ctx, self.table = ctx, runtime.table
        self.owners = runtime.owner_lookups()

    def get(self, path: str, **query: str) -> Any:
        head, _, rest = path[1:].partition("/")
        found = self.table.match(head, "GET", "/" + rest)
        if found is None or found.route is None or found.route.op is None:
            raise ReadRefused(404, "route_not_found", f"no GET operation at {path}")
        self.ctx.owned.clear()
        try:
            look_up_owners(self.ctx, found.params, self.owners)
            return found.route.op.handler(self.ctx, Call(found.params, QueryParams(query)))
        except errors.WebflowError as e:
            raise ReadRefused(e.status, e.code, e.message) from None

    def download(self, url: str) -> bytes:
        for hosted in self.ctx.runtime.hooks("hosted_bytes"):
            found: bytes | None = hosted(self.ctx, url)
            if found is not None:
                return found
        raise ReadRefused(404, "resource_not_found", f"no file of this server at {url}")


class Gateway:
    def __init__(self, app: ASGIApp, runtime: Runtime, threads: int = 40) -> None:
        assert runtime.table is not None
        self.runtime = runtime
        self.table: RouteTable = runtime.table
        self.app = app
        self.prefixes = {f"/{p}": p for p in self.table.prefixes}
        # A plain executor: cheaper per call than anyio's thread hop with its capacity limiter.
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="webflow-api")
        self.inline_reads = runtime.engine.dialect.name == "sqlite"
        self.owners = runtime.owner_lookups()
        # Wrappers around every write operation (e.g. the site activity log): hook(ctx, route, call, run).
        self.write_hooks = list(runtime.hooks("write"))
        self.reported_limit = runtime.settings.rate_limit or DEFAULT_RATE_LIMIT
        # Without a configured limit: each token's requests in the current minute, counted in this process
        # only (nothing is enforced, so no database write is spent on it): token id -> (minute, count).
        self._minute_counts: dict[str, tuple[int, int]] = {}
        self._count_lock = threading.Lock()
        # Told of every answered request (the request journal): each "answered" hook, given the runtime,
        # answers a recorder(scope, body, status, answer, started) or None.
        self.recorders = [r for r in (make(runtime) for make in runtime.hooks("answered")) if r is not None]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        head, sep, rest = path[1:].partition("/")
        prefix = self.prefixes.get("/" + head)
        if prefix is None:
            if head in V1_ROOTS or (_header(scope, b"accept-version") is not None and head not in NOT_V1
                                    and not head.startswith("_")):
                await self._send(send, *_error(self._v1(scope["method"], path)))
                return
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        body = b""
        answer: Answer = (500, None, {})
        try:
            body, answer = await self._serve(prefix, rest if sep else None, scope, receive)
        finally:
            for recorder in self.recorders:
                recorder(scope, body, answer[0], answer[1], started)
        await self._send(send, *answer)

    async def _serve(self, prefix: str, rest: str | None, scope: Scope, receive: Receive) -> tuple[bytes, Answer]:
        """The request's body (as read) and its answer."""
        method: str = scope["method"]
        scope.setdefault("state", {})["ratelimit"] = (self.reported_limit, self.reported_limit)
        found = self.table.match(prefix, method, "/" + rest if rest is not None else "/")
        if found is None:
            return b"", _error(errors.RouteNotFound())
        if found.route is None:
            return b"", (405, orjson.dumps(errors.MethodNotAllowed().body()), {"Allow": ", ".join(found.allowed)})
        route = found.route
        state = scope.setdefault("state", {})
        state["operation_id"] = f"{route.prefix}:{route.operation_id}"
        if route.op is None:
            return b"", _error(errors.NotImplementedHere(route.operation_id))
        try:
            body = await self._read(receive) if method in BODY_METHODS else b""
        except errors.WebflowError as e:
            return b"", _error(e)
        if self.inline_reads and method == "GET" and not self.runtime.settings.rate_limit \
                and not self.runtime.faults.cached() and self._pool_has_room():
            # A SQLite read in WAL mode never waits for a writer: it runs on the event loop, saving the thread
            # hop that costs more than the read. Writes, and everything on PostgreSQL, go to a worker thread.
            return body, self.execute(route, found.params, scope, body)
        loop = asyncio.get_running_loop()
        return body, await loop.run_in_executor(self.executor, self.execute, route, found.params, scope, body)

    def _count_in_minute(self, token_id: str, minute: int) -> int:
        with self._count_lock:
            seen, n = self._minute_counts.get(token_id, (minute, 0))
            n = n + 1 if seen == minute else 1
            self._minute_counts[token_id] = (minute, n)
            return n

    def _v1(self, method: str, path: str) -> errors.WebflowError:
        """Webflow's v1 API (no version prefix, an `accept-version` header) is retired and not served here: say
        so, and name the v2 operation at the same path when there is one (most v1 paths kept their shape)."""
        rest = V1_RENAMED.get(path.rstrip("/"), path)
        found = self.table.match("v2", method, rest)
        if found is not None and found.route is None and method == "PUT" and "PATCH" in found.allowed:
            found = self.table.match("v2", "PATCH", rest)  # v1 updated with PUT
        hint = ""
        if found is not None and found.route is not None:
            hint = f" Use {found.route.method} /v2{rest} ({found.route.operation_id})."
        elif found is not None:
            hint = f" Use /v2{rest} ({', '.join(found.allowed)})."
        return errors.UnsupportedVersion(
            f"Webflow API v1 is not served by webflow-local (Webflow retired it): use the v2 API under /v2.{hint}")

    def _pool_has_room(self) -> bool:
        """On the event loop a read must never wait for a pooled connection: that would stall every client."""
        pool = self.runtime.engine.pool
        checked_out = getattr(pool, "checkedout", None)
        capacity = getattr(pool, "size", None)
        if checked_out is None or capacity is None:
            return False
        return bool(checked_out() < capacity())

    @staticmethod
    async def _read(receive: Receive) -> bytes:
        chunks: list[bytes] = []
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                break
            chunks.append(msg.get("body", b""))
            if not msg.get("more_body", False):
                break
        return b"".join(chunks)

    @staticmethod
    async def _send(send: Send, status: int, content: bytes | None, headers: dict[str, str]) -> None:
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        if content is None:
            await send({"type": "http.response.start", "status": status, "headers": raw})
            await send({"type": "http.response.body", "body": b""})
            return
        raw += [*JSON_HEADERS, (b"content-length", str(len(content)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": content})

    # -- in a worker thread ------------------------------------------------------------------------
    def execute(self, route: Route, params: Mapping[str, str], scope: Scope, body: bytes) -> Answer:
        try:
            result = self._run(route, params, scope, body)
        except errors.WebflowError as e:
            return _error(e)
        if route.status == 204 or result is None:
            # No content: a 204, or an operation whose success declares no body (set-well-known's 201).
            return route.status, None, {}
        return route.status, orjson.dumps(result), {}

    def _run(self, route: Route, params: Mapping[str, str], scope: Scope, body: bytes) -> Any:
        rt, op = self.runtime, route.op
        assert op is not None
        token = auth.bearer(_header(scope, b"authorization"))
        limit = rt.settings.rate_limit
        state = scope["state"]
        self._inject_fault(scope)
        principal = None
        if limit:
            # Counted in its own transaction, committed before the request runs; the caller found there
            # serves the request too.
            with self._begun(route, write=True) as pre:
                principal = auth.authenticate(pre, token)
                state["token_id"] = principal.token_id
                n, reset_in = auth.count_request(pre, principal)
            state["ratelimit"] = (limit, max(0, limit - n))
            if n > limit:
                raise errors.TooManyRequests(retry_after=reset_in)
        with self._begun(route, write=scope["method"] != "GET") as ctx:
            ctx.principal = principal or auth.authenticate(ctx, token)
            state["token_id"] = ctx.principal.token_id
            if not limit:
                n = self._count_in_minute(ctx.principal.token_id, int(ctx.now().timestamp()) // 60)
                state["ratelimit"] = (self.reported_limit, max(0, self.reported_limit - n))
            auth.require_scopes(ctx.principal, route.scopes)
            look_up_owners(ctx, params, self.owners)
            call = Call(params, QueryParams(scope["query_string"]), self._body(op.body, body))
            run: Callable[[], Any] = partial(op.handler, ctx, call)
            if route.method != "GET":
                for wrap in self.write_hooks:
                    run = partial(wrap, ctx, route, call, run)
            return run()

    @contextmanager
    def _begun(self, route: Route, *, write: bool) -> Iterator[Ctx]:
        """A transaction whose first statement (Ctx.begin) has run. A pooled connection PostgreSQL closed
        after the checkout test (a restart, an idle timeout) fails that statement; nothing has been done yet,
        so the request takes a fresh connection once instead of failing."""
        for attempt in (1, 2):
            retry = False
            try:
                with transaction(self.runtime.engine, write=write) as conn:
                    ctx = Ctx(conn, self.runtime, route)
                    try:
                        ctx.begin()
                    except DBAPIError as e:
                        retry = attempt == 1 and e.connection_invalidated
                        raise
                    yield ctx
                return
            except DBAPIError:
                if not retry:
                    raise

    @staticmethod
    def _body(kind: type[BaseModel] | str | None, raw: bytes) -> Any:
        if kind is None:
            return None
        if not raw.strip():
            if kind == RAW_JSON:
                raise MALFORMED
            raise errors.ValidationFailed(details=[{"param": "body", "description": "Field required"}])
        if kind == RAW_JSON:
            return _loads(raw)
        assert isinstance(kind, type)
        try:
            return kind.model_validate_json(raw)
        except ValidationError as e:
            if not any(err["type"] == "json_invalid" for err in e.errors()):
                raise errors.ValidationFailed(details=details_of(e)) from None
        # JSON that the fast parsers refuse but the standard allows (a lone surrogate escape): the model
        # then says what is wrong with the value.
        try:
            return kind.model_validate(_loads(raw))
        except ValidationError as e:
            raise errors.ValidationFailed(details=details_of(e)) from None

    def _inject_fault(self, scope: Scope) -> None:
        """Control-plane faults: added latency, and/or an error before anything is read or written."""
        rt = self.runtime
        active = rt.faults.current(lambda: transaction(rt.engine, write=False))
        if not active:
            return
        fault = next((f for f in active if f.matches(scope["method"], scope["path"])), None)
        if fault is None:
            return
        if fault.remaining is not None:
            with transaction(rt.engine) as conn:
                if not faults.consume(conn, fault.id):
                    rt.faults.invalidate()
                    return
            rt.faults.invalidate()
        if fault.latency_ms:
            time.sleep(fault.latency_ms / 1000)
        err = fault.error()
        if err is not None:
            raise err

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
