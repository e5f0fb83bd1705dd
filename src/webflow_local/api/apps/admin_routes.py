"""/_admin routes of the apps family: OAuth apps, their subscriptions, ID tokens."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from webflow_local.admin.routes import AdminCtx
from webflow_local.api.apps import service
from webflow_local.api.apps.schemas import AppIn, IdTokenIn, SubscriptionIn
from webflow_local.kit.wire import json_response

router = APIRouter(tags=["control plane: apps"])


@router.get("/apps")
def list_apps(ctx: AdminCtx) -> Response:
    return json_response(service.list_apps(ctx))


@router.post("/apps")
def create_app(ctx: AdminCtx, body: AppIn) -> Response:
    """An OAuth app: answers its clientId and clientSecret (shown here only)."""
    return json_response(service.create_app(ctx, body), 201)


@router.post("/apps/{app_id}/subscriptions")
def add_subscription(ctx: AdminCtx, app_id: str, body: SubscriptionIn) -> Response:
    return json_response(service.add_subscription(ctx, app_id, body), 201)


@router.post("/id_tokens")
def mint_id_token(ctx: AdminCtx, body: IdTokenIn) -> Response:
    """An ID token of a user on a site (what a Designer Extension gets); /token/resolve reads it."""
    return json_response(service.mint_id_token(ctx, body), 201)
