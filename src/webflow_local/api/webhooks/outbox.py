"""The events sink: each event becomes one outbox row per matching webhook of the site, written on the
request's own connection so it commits (or rolls back) with the change that caused it."""

from __future__ import annotations

from typing import Any

import orjson

from webflow_local.api.webhooks.delivery_repository import PENDING, DeliveryRepository
from webflow_local.api.webhooks.repository import WebhookRepository
from webflow_local.api.webhooks.schemas import FILTERABLE
from webflow_local.context import Ctx
from webflow_local.events import Payloads


def _matches(trigger_type: str, webhook_filter: Any, payload: dict[str, Any]) -> bool:
    """form_submission webhooks with a filter only get the named form's submissions."""
    if trigger_type != FILTERABLE or not webhook_filter:
        return True
    return bool(payload.get("name") == webhook_filter.get("name"))


def body_of(trigger_type: str, payload: dict[str, Any]) -> str:
    return orjson.dumps({"triggerType": trigger_type, "payload": payload}).decode()


def enqueue(ctx: Ctx, site_id: str, trigger_type: str, payloads: Payloads) -> None:
    hooks = WebhookRepository(ctx.conn).matching(site_id, trigger_type)
    if not hooks:
        return
    now = ctx.now()
    rows = []
    for payload in payloads():
        body = body_of(trigger_type, payload)
        for hook in hooks:
            if _matches(trigger_type, hook.filter, payload):
                rows.append({
                    "webhook_id": hook.id, "trigger_type": trigger_type, "body": body, "status": PENDING,
                    "attempts": 0, "created_on": now, "next_attempt_at": now, "claimed_until": None,
                    "claimed_by": None, "delivered_on": None, "resend_of": None,
                })
    DeliveryRepository(ctx.conn).insert(rows)
