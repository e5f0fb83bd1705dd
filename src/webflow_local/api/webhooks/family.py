"""Webhooks family: registration through the Data API; the outbox that turns every family's events into
deliveries (the "event" hook), and the dispatcher that sends them (the "background" hook)."""

from __future__ import annotations

from webflow_local.api.webhooks import export, service
from webflow_local.api.webhooks.admin_routes import router as admin_router
from webflow_local.api.webhooks.dispatcher import start as start_dispatcher
from webflow_local.api.webhooks.outbox import enqueue
from webflow_local.api.webhooks.schemas import WebhookSeed
from webflow_local.api.webhooks.tables import (
    webhook_attempts,
    webhook_deliveries,
    webhook_sink_requests,
    webhook_sinks,
    webhooks,
)
from webflow_local.kit.family import RAW_JSON, Family, Op, SeedSection

FAMILY = Family(
    "webhooks",
    operations=(
        Op("list-webhooks", lambda ctx, c: service.list_webhooks(ctx, c.path["site_id"], c.query)),
        Op("create-webhook", lambda ctx, c: service.create_webhook(ctx, c.path["site_id"], c.body), body=RAW_JSON),
        Op("get-webhook", lambda ctx, c: service.get_webhook(ctx, c.path["webhook_id"])),
        Op("remove-webhook", lambda ctx, c: service.remove_webhook(ctx, c.path["webhook_id"])),
    ),
    tables=(webhooks, webhook_deliveries, webhook_attempts, webhook_sinks, webhook_sink_requests),
    owners={"webhook_id": service.visible_webhook},
    # After the keys whose writes fire events, so that a seed's own submissions and orders deliver nothing.
    seed=(SeedSection("webhooks", WebhookSeed, service.seed_webhooks,
                      after=("pages", "forms", "commentThreads", "ecommerce"), export=export.export_webhooks),),
    admin=admin_router,
    hooks={"event": enqueue, "background": start_dispatcher},
)
