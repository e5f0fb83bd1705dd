"""The control plane's side of webhooks: the built-in receiver (sinks), the delivery log with its
attempts, re-sending, and registering webhooks signed with an app's client secret (or unsigned)."""

from __future__ import annotations

import re
from typing import Any

import orjson
from pydantic import Field
from sqlalchemy import Row

from webflow_local.api.sites.repository import SiteRepository
from webflow_local.api.webhooks.delivery_repository import PENDING, DeliveryRepository, SinkRepository
from webflow_local.api.webhooks.repository import WebhookRepository
from webflow_local.api.webhooks.schemas import WebhookFilter, webhook_wire
from webflow_local.api.webhooks.service import new_secret, register
from webflow_local.context import Ctx
from webflow_local.errors import Conflict, NotFound, ValidationFailed
from webflow_local.kit.models import RequestModel
from webflow_local.kit.timefmt import iso
from webflow_local.outbound.signing import PROOF_HEADER

SINK_NAME = re.compile(r"^[A-Za-z0-9._-]{1,200}$")
# Headers the receiver does not keep: the control plane's own credential, and a dispatcher's proof of it
# (an HMAC keyed with the admin token: nothing a reader of the sink needs, and no oracle to hand out).
UNSTORED_HEADERS = {"x-admin-token", "authorization", PROOF_HEADER}
# Delivery ids live in an Integer column: a larger one is no delivery (and PostgreSQL refuses to compare it).
DELIVERY_ID_MAX = 2**31 - 1


class SinkIn(RequestModel):
    """`status` is answered `failTimes` times and then 200; without failTimes, always."""

    status: int = Field(default=200, ge=100, le=599)
    fail_times: int | None = Field(default=None, alias="failTimes", ge=0, le=2**31 - 1)  # an Integer column
    delay_seconds: float = Field(default=0.0, alias="delaySeconds", ge=0, le=3600)


class AdminWebhookIn(RequestModel):
    trigger_type: str = Field(alias="triggerType")
    url: str = Field(min_length=1, max_length=2048)
    filter: WebhookFilter | None = None
    # Sign as an OAuth app's webhook would be: with the app's client secret.
    client_secret: str | None = Field(default=None, alias="clientSecret", min_length=1, max_length=256)
    # False: no signature headers, like a webhook made in the Webflow dashboard.
    signed: bool = True


# -- sinks -----------------------------------------------------------------------------------------
def _sink_name(name: str) -> str:
    if not SINK_NAME.match(name):
        raise ValidationFailed.param("name", "sink names are 1-200 letters, digits, '.', '_' or '-'")
    return name


def _answer(sink: Row[Any]) -> int:
    if sink.fail_times is None:
        return int(sink.status)
    return int(sink.status) if sink.received <= sink.fail_times else 200


def configure_sink(ctx: Ctx, name: str, body: SinkIn) -> dict[str, Any]:
    SinkRepository(ctx.conn).configure(_sink_name(name), body.status, body.fail_times, body.delay_seconds)
    return get_sink(ctx, name)


def receive(ctx: Ctx, name: str, headers: dict[str, str], body: bytes) -> tuple[int, float]:
    """Stores one request; answers (status to send, seconds to wait before answering)."""
    repo = SinkRepository(ctx.conn)
    sink = repo.hit(_sink_name(name))
    status = _answer(sink)
    kept = {k.lower(): v for k, v in headers.items() if k.lower() not in UNSTORED_HEADERS}
    repo.store({"sink": name, "received_on": ctx.now(), "answered": status, "headers": kept,
                "body": body.decode("utf-8", errors="replace")})
    return status, float(sink.delay_seconds)


def _json_or_none(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return None


def get_sink(ctx: Ctx, name: str) -> dict[str, Any]:
    repo = SinkRepository(ctx.conn)
    sink = repo.get(_sink_name(name))
    if sink is None:
        # An unused sink is an empty one that answers 200.
        return {"name": name, "status": 200, "failTimes": None, "delaySeconds": 0.0, "receivedCount": 0,
                "requests": []}
    return {
        "name": sink.name, "status": sink.status, "failTimes": sink.fail_times, "delaySeconds": sink.delay_seconds,
        "receivedCount": sink.received,
        "requests": [{"id": r.id, "receivedOn": iso(r.received_on), "answered": r.answered, "headers": r.headers,
                      "body": r.body, "json": _json_or_none(r.body)} for r in repo.requests(name)],
    }


def list_sinks(ctx: Ctx) -> dict[str, Any]:
    return {"sinks": [{"name": s.name, "status": s.status, "failTimes": s.fail_times,
                       "delaySeconds": s.delay_seconds, "receivedCount": s.received}
                      for s in SinkRepository(ctx.conn).all()]}


def delete_sink(ctx: Ctx, name: str) -> None:
    SinkRepository(ctx.conn).delete(_sink_name(name))


# -- deliveries ------------------------------------------------------------------------------------
def _delivery_wire(row: Row[Any], attempts: list[Row[Any]]) -> dict[str, Any]:
    return {
        "id": row.id,
        "webhookId": row.webhook_id,
        "triggerType": row.trigger_type,
        "status": row.status,
        "attemptCount": row.attempts,
        "createdOn": iso(row.created_on),
        "nextAttemptAt": iso(row.next_attempt_at) if row.status == PENDING else None,
        "deliveredOn": iso(row.delivered_on),
        "resendOf": row.resend_of,
        "body": row.body,
        "attempts": [{"attemptedOn": iso(a.attempted_on), "status": a.status_code, "latencyMs": a.latency_ms,
                      "error": a.error, "worker": a.worker} for a in attempts],
    }


def _render(ctx: Ctx, rows: list[Row[Any]]) -> list[dict[str, Any]]:
    by_delivery: dict[int, list[Row[Any]]] = {r.id: [] for r in rows}
    for a in DeliveryRepository(ctx.conn).attempts_of(list(by_delivery)):
        by_delivery[a.delivery_id].append(a)
    return [_delivery_wire(r, by_delivery[r.id]) for r in rows]


def deliveries_of(ctx: Ctx, webhook_id: str) -> dict[str, Any]:
    if WebhookRepository(ctx.conn).get(webhook_id) is None:
        raise NotFound.of("The webhook cannot be found")
    return {"deliveries": _render(ctx, DeliveryRepository(ctx.conn).of_webhook(webhook_id))}


def _delivery(ctx: Ctx, delivery_id: int) -> Row[Any]:
    row = DeliveryRepository(ctx.conn).get(delivery_id) if 1 <= delivery_id <= DELIVERY_ID_MAX else None
    if row is None:
        raise NotFound.of("The delivery cannot be found")
    return row


def get_delivery(ctx: Ctx, delivery_id: int) -> dict[str, Any]:
    return _render(ctx, [_delivery(ctx, delivery_id)])[0]


def resend(ctx: Ctx, delivery_id: int) -> dict[str, Any]:
    """A new delivery of the same body, due now, with its own attempts and retries."""
    old = _delivery(ctx, delivery_id)
    hook = WebhookRepository(ctx.conn).get(old.webhook_id)
    if hook is not None and not hook.active:
        raise Conflict("The webhook is deactivated: enable it (POST /_admin/webhooks/{id}/enable) first")
    now = ctx.now()
    repo = DeliveryRepository(ctx.conn)
    new_id = repo.insert_one({
        "webhook_id": old.webhook_id, "trigger_type": old.trigger_type, "body": old.body, "status": PENDING,
        "attempts": 0, "created_on": now, "next_attempt_at": now, "claimed_until": None, "claimed_by": None,
        "delivered_on": None, "resend_of": old.id,
    })
    return get_delivery(ctx, new_id)


# -- registration ----------------------------------------------------------------------------------
def create_webhook(ctx: Ctx, site_id: str, body: AdminWebhookIn) -> dict[str, Any]:
    site = SiteRepository(ctx.conn).get(site_id)
    if site is None:
        raise NotFound.of("The site cannot be found")
    secret: str | None = None
    if not body.signed:
        key, signing = None, "none"
    elif body.client_secret:
        key, signing = body.client_secret, "clientSecret"
    else:
        secret = key = new_secret()
        signing = "secretKey"
    row = register(ctx, site, body.trigger_type, body.url, body.filter, key)
    return {**webhook_wire(row), **({"secretKey": secret} if secret else {}), "signing": signing}


# -- deactivation ----------------------------------------------------------------------------------
def _webhook(ctx: Ctx, webhook_id: str) -> Row[Any]:
    row = WebhookRepository(ctx.conn).get(webhook_id)
    if row is None:
        raise NotFound.of("The webhook cannot be found")
    return row


def _admin_webhook_wire(row: Row[Any]) -> dict[str, Any]:
    """The API's webhook plus what only the control plane shows: whether it is active."""
    return {**webhook_wire(row), "active": bool(row.active), "consecutiveFailures": row.consecutive_failures,
            "deactivatedOn": iso(row.deactivated_on)}


def get_webhook(ctx: Ctx, webhook_id: str) -> dict[str, Any]:
    return _admin_webhook_wire(_webhook(ctx, webhook_id))


def enable_webhook(ctx: Ctx, webhook_id: str) -> dict[str, Any]:
    """Active again with no failures counted; deliveries cancelled by the deactivation stay cancelled."""
    WebhookRepository(ctx.conn).enable(_webhook(ctx, webhook_id).id)
    return get_webhook(ctx, webhook_id)
