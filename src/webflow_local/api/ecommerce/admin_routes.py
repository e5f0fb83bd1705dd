"""/_admin routes of the ecommerce family: enabling ecommerce on a site, a completed checkout (orders come
from the storefront, not the Data API), and the order events only Stripe causes. Mounted under /_admin."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from webflow_local.admin import service as admin
from webflow_local.admin.routes import AdminCtx
from webflow_local.api.ecommerce import service
from webflow_local.api.ecommerce.schemas import CheckoutIn, EnableIn, OrderStatusIn
from webflow_local.kit.wire import json_response

router = APIRouter(tags=["control plane: ecommerce"])


@router.post("/sites/{site_id}/ecommerce")
def enable(ctx: AdminCtx, site_id: str, body: EnableIn) -> Response:
    service.as_workspace(ctx, admin.get_site(ctx, site_id))
    return json_response(service.enable(ctx, site_id, body), 201)


@router.get("/sites/{site_id}/ecommerce")
def settings(ctx: AdminCtx, site_id: str) -> Response:
    admin.get_site(ctx, site_id)
    return json_response(service.control_settings(ctx, site_id))


@router.post("/sites/{site_id}/orders")
def checkout(ctx: AdminCtx, site_id: str, body: CheckoutIn) -> Response:
    return json_response(service.checkout(ctx, admin.get_site(ctx, site_id), body), 201)


@router.put("/sites/{site_id}/orders/{order_id}/status")
def set_status(ctx: AdminCtx, site_id: str, order_id: str, body: OrderStatusIn) -> Response:
    service.as_workspace(ctx, admin.get_site(ctx, site_id))
    return json_response(service.set_status(ctx, site_id, order_id, body.status))
