"""The one dependency every Webflow API route takes (`api: ApiDep`): transaction + caller + scope check."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from webflow_local.auth import service as auth
from webflow_local.context import Ctx
from webflow_local.control import faults
from webflow_local.db.session import transaction
from webflow_local.errors import TooManyRequests
from webflow_local.kit.wire import json_response
from webflow_local.runtime import Runtime

UNLIMITED = 1_000_000  # reported in X-RateLimit-* when no limit is configured


def runtime_of(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


class Api:
    """One Webflow API request: `await api.call(service_fn, *args)` runs the whole operation (faults, rate
    limit, transaction, caller, scope check, the service, commit) in ONE threadpool call, then answers with
    the operation's success status. One hop instead of three is most of a small request's cost."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.runtime = runtime_of(request)
        self.op = self.runtime.route_ops[(request.method, request.scope["route"].path_format)]
        # For the access log and metrics (read by WireMiddleware once the response is sent).
        self.state: dict[str, Any] = request.scope.setdefault("state", {})
        self.state["operation_id"] = f"{self.op.prefix}:{self.op.operation_id}"

    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Response:
        body = await run_in_threadpool(self.run, fn, *args, **kwargs)
        return json_response(body, self.op.status)

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self.context() as ctx:
            return fn(ctx, *args, **kwargs)

    @contextmanager
    def context(self) -> Iterator[Ctx]:
        rt, op, request = self.runtime, self.op, self.request
        token = auth.bearer(request.headers.get("authorization"))
        limit = rt.settings.rate_limit
        state = request.scope.setdefault("state", {})
        state["ratelimit"] = (limit or UNLIMITED, limit or UNLIMITED)
        _inject_fault(rt, request)
        principal = None
        if limit:
            # Counted in its own transaction, committed before the request runs; the caller found there
            # serves the request too.
            with transaction(rt.engine) as conn:
                pre = Ctx(conn, rt, op)
                principal = auth.authenticate(pre, token)
                state["token_id"] = principal.token_id
                n, reset_in = auth.count_request(pre, principal)
            state["ratelimit"] = (limit, max(0, limit - n))
            if n > limit:
                raise TooManyRequests(retry_after=reset_in)
        with transaction(rt.engine, write=request.method != "GET") as conn:
            ctx = Ctx(conn, rt, op)
            ctx.principal = principal or auth.authenticate(ctx, token)
            state["token_id"] = ctx.principal.token_id
            auth.require_scopes(ctx.principal, op.scopes)
            yield ctx

    def check_caller(self) -> None:
        """Raises what an unauthenticated or under-scoped caller gets (used before reporting bad input,
        so that 401/403 win over 400 as they do on Webflow)."""
        token = auth.bearer(self.request.headers.get("authorization"))
        with transaction(self.runtime.engine, write=False) as conn:
            ctx = Ctx(conn, self.runtime, self.op)
            principal = auth.authenticate(ctx, token)
            self.state["token_id"] = principal.token_id
            auth.require_scopes(principal, self.op.scopes)


async def _api(request: Request) -> Api:
    # async and I/O-free: building the handle costs no threadpool hop.
    return Api(request)


ApiDep = Annotated[Api, Depends(_api)]


def _inject_fault(rt: Runtime, request: Request) -> None:
    """Control-plane faults: added latency, and/or an error before anything is read or written."""
    path = request.url.path
    active = rt.faults.current(lambda: transaction(rt.engine, write=False))
    fault = next((f for f in active if f.matches(request.method, path)), None)
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
