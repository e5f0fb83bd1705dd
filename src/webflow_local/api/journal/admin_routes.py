"""/_admin/requests: the request journal (mounted under /_admin by create_app)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from webflow_local.admin.routes import AdminCtx, guard
from webflow_local.api.journal import service
from webflow_local.kit.wire import json_response
from webflow_local.runtime import runtime_of

router = APIRouter(tags=["control plane: request journal"])


def _settled(request: Request) -> None:
    # Before the listing's transaction begins: its snapshot must include what was just written.
    guard(request)
    if runtime_of(request).settings.journal_max_entries > 0:
        service.settle(runtime_of(request))


Settled = Annotated[None, Depends(_settled)]


@router.get("/requests")
def list_requests(_: Settled, ctx: AdminCtx, operationId: str | None = None, method: str | None = None,
                  status: str | None = None, since: str | None = None, limit: str | None = None) -> Response:
    """The journal's newest `limit` (default 100) entries matching every filter given, oldest first."""
    return json_response(service.list_requests(ctx, operation_id=operationId, method=method, status=status,
                                               since=since, limit=limit))


@router.delete("/requests")
def clear_requests(ctx: AdminCtx) -> Response:
    return json_response(service.clear(ctx))
