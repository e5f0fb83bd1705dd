"""/_admin/snapshots: save the whole store under a name, list, restore, delete."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from webflow_local.admin.routes import AdminCtx, guard
from webflow_local.api.snapshots import service
from webflow_local.api.snapshots.schemas import SnapshotIn
from webflow_local.context import Ctx
from webflow_local.db.session import transaction
from webflow_local.kit.wire import json_response
from webflow_local.runtime import runtime_of

router = APIRouter(tags=["control plane: snapshots"])


def _consistent_context(request: Request) -> Iterator[Ctx]:
    """A save reads every table: on PostgreSQL in one REPEATABLE READ transaction, so writes committed
    meanwhile by other processes are in the snapshot entirely or not at all (SQLite's write transaction
    already excludes them)."""
    guard(request)
    rt = runtime_of(request)
    engine = rt.engine
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with transaction(engine) as conn:
        yield Ctx(conn, rt)


ConsistentCtx = Annotated[Ctx, Depends(_consistent_context, scope="function")]


@router.get("/snapshots")
def list_snapshots(ctx: AdminCtx) -> Response:
    return json_response(service.list_snapshots(ctx))


@router.post("/snapshots")
def save_snapshot(ctx: ConsistentCtx, body: SnapshotIn) -> Response:
    return json_response(service.save(ctx, body), 201)


@router.post("/snapshots/{name}/restore")
def restore_snapshot(ctx: AdminCtx, name: str) -> Response:
    return json_response(service.restore(ctx, name))


@router.delete("/snapshots/{name}")
def delete_snapshot(ctx: AdminCtx, name: str) -> Response:
    return json_response(service.delete(ctx, name))
