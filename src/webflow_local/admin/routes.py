"""/_admin: the control plane (ours, not Webflow's). Needs WEBFLOW_LOCAL_ADMIN_TOKEN when one is set,
otherwise answers loopback clients only. Host, Origin, webhook deliveries and JSON bodies are checked
before any of this, by admin/guard.py."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from webflow_local.admin import service
from webflow_local.admin.schemas import (
    ClockIn,
    DomainIn,
    FaultIn,
    IdsIn,
    LocaleIn,
    LocalePatch,
    SeedIn,
    SiteIn,
    TokenIn,
    UserIn,
    WorkspaceIn,
)
from webflow_local.auth.service import bearer
from webflow_local.context import Ctx
from webflow_local.db.session import transaction
from webflow_local.errors import Forbidden, NotAuthorized
from webflow_local.kit.wire import json_response
from webflow_local.outbound.signing import PROOF_HEADER, verify_delivery_proof
from webflow_local.runtime import runtime_of


def _is_loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host in {"localhost", "testclient"}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def guard(request: Request) -> None:
    expected = runtime_of(request).settings.admin_token
    if expected:
        given = bearer(request.headers.get("authorization")) or request.headers.get("x-admin-token") or ""
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise NotAuthorized()
        return
    if not _is_loopback(request.client.host if request.client else None):
        raise Forbidden("The control plane answers loopback clients only (set WEBFLOW_LOCAL_ADMIN_TOKEN)")


def sink_guard(request: Request, body: bytes) -> None:
    """The built-in receiver also takes this deployment's own deliveries: with an admin token set, a
    dispatcher proves itself with an HMAC of the body under that token instead of sending the token."""
    expected = runtime_of(request).settings.admin_token
    proof = request.headers.get(PROOF_HEADER)
    if expected and proof is not None and verify_delivery_proof(expected, body, proof):
        return
    guard(request)


def admin_context(request: Request) -> Iterator[Ctx]:
    guard(request)
    rt = runtime_of(request)
    with transaction(rt.engine, write=request.method != "GET") as conn:
        yield Ctx(conn, rt)


AdminCtx = Annotated[Ctx, Depends(admin_context, scope="function")]
router = APIRouter(tags=["control plane"])


@router.get("/workspaces")
def list_workspaces(ctx: AdminCtx) -> Response:
    return json_response(service.list_workspaces(ctx))


@router.post("/workspaces")
def create_workspace(ctx: AdminCtx, body: WorkspaceIn) -> Response:
    return json_response(service.create_workspace(ctx, body), 201)


@router.get("/sites")
def list_sites(ctx: AdminCtx) -> Response:
    return json_response(service.list_sites(ctx))


@router.post("/sites")
def create_site(ctx: AdminCtx, body: SiteIn) -> Response:
    return json_response(service.create_site(ctx, body), 201)


@router.get("/sites/{site_id}")
def get_site(ctx: AdminCtx, site_id: str) -> Response:
    return json_response(service.get_site(ctx, site_id))


@router.post("/sites/{site_id}/locales")
def add_locale(ctx: AdminCtx, site_id: str, body: LocaleIn) -> Response:
    return json_response(service.add_locale(ctx, site_id, body), 201)


@router.patch("/sites/{site_id}/locales/{locale_id}")
def patch_locale(ctx: AdminCtx, site_id: str, locale_id: str, body: LocalePatch) -> Response:
    return json_response(service.patch_locale(ctx, site_id, locale_id, body))


@router.post("/sites/{site_id}/custom_domains")
def add_domain(ctx: AdminCtx, site_id: str, body: DomainIn) -> Response:
    return json_response(service.add_domain(ctx, site_id, body.url), 201)


@router.get("/users")
def list_users(ctx: AdminCtx, workspaceId: str | None = None) -> Response:
    return json_response(service.list_users(ctx, workspaceId))


@router.post("/users")
def create_user(ctx: AdminCtx, body: UserIn) -> Response:
    """A workspace user: tokens may act for one (`userId`), comments and ID tokens name one."""
    return json_response(service.create_user(ctx, body), 201)


@router.get("/tokens")
def list_tokens(ctx: AdminCtx) -> Response:
    return json_response(service.list_tokens(ctx))


@router.post("/tokens")
def create_token(ctx: AdminCtx, body: TokenIn) -> Response:
    return json_response(service.create_token(ctx, body), 201)


@router.delete("/tokens/{token_id}")
def revoke_token(ctx: AdminCtx, token_id: str) -> Response:
    return json_response(service.revoke_token(ctx, token_id))


@router.post("/reset")
def reset(ctx: AdminCtx) -> Response:
    return json_response(service.reset(ctx))


@router.post("/seed")
def seed(ctx: AdminCtx, body: SeedIn) -> Response:
    return json_response(service.seed(ctx, body), 201)


@router.get("/clock")
def get_clock(ctx: AdminCtx) -> Response:
    return json_response(service.get_clock(ctx))


@router.post("/clock")
def set_clock(ctx: AdminCtx, body: ClockIn) -> Response:
    return json_response(service.set_clock(ctx, body))


@router.get("/faults")
def list_faults(ctx: AdminCtx) -> Response:
    return json_response(service.list_faults(ctx))


@router.post("/faults")
def add_fault(ctx: AdminCtx, body: FaultIn) -> Response:
    """Fail (status) and/or slow down (latencyMs) the next `count` API requests matching path/method."""
    return json_response(service.add_fault(ctx, body), 201)


@router.delete("/faults")
def clear_faults(ctx: AdminCtx) -> Response:
    return json_response(service.clear_faults(ctx))


@router.put("/ids")
def set_ids(ctx: AdminCtx, body: IdsIn) -> Response:
    return json_response(service.set_ids(ctx, body.seed))


@router.get("/collections/{collection_id}/items/{item_id}")
def inspect_item(ctx: AdminCtx, collection_id: str, item_id: str) -> Response:
    """One item in every locale and both stages, with the status Webflow's Designer would show."""
    return json_response(service.inspect_item(ctx, collection_id, item_id))
