"""The one dependency every Webflow API route takes: transaction + caller + scope check."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from webflow_local.auth import service as auth
from webflow_local.context import Ctx
from webflow_local.control import faults
from webflow_local.db.session import transaction
from webflow_local.errors import TooManyRequests
from webflow_local.runtime import Runtime

UNLIMITED = 1_000_000  # reported in X-RateLimit-* when no limit is configured


def runtime_of(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


def api_context(request: Request) -> Iterator[Ctx]:
    rt = runtime_of(request)
    op = rt.route_ops[(request.method, request.scope["route"].path_format)]
    token = auth.bearer(request.headers.get("authorization"))
    limit = rt.settings.rate_limit
    state = request.scope.setdefault("state", {})
    state["ratelimit"] = (limit or UNLIMITED, limit or UNLIMITED)
    _inject_fault(rt, request)
    if limit:
        # Counted in its own transaction, committed before the request runs.
        with transaction(rt.engine) as conn:
            pre = Ctx(conn, rt, op)
            n, reset_in = auth.count_request(pre, auth.authenticate(pre, token))
        state["ratelimit"] = (limit, max(0, limit - n))
        if n > limit:
            raise TooManyRequests(retry_after=reset_in)
    with transaction(rt.engine, write=request.method != "GET") as conn:
        ctx = Ctx(conn, rt, op)
        ctx.principal = auth.authenticate(ctx, token)
        auth.require_scopes(ctx.principal, op.scopes)
        yield ctx


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


CtxDep = Annotated[Ctx, Depends(api_context, scope="function")]
