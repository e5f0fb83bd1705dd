"""Webhook registrations: trigger types, the form filter, the per-trigger limit, and the signing key.

A webhook created through the API gets a `secretKey` (64 hex), answered once; its deliveries are
signed with it (webflow_local.outbound.signing)."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import Row
from starlette.datastructures import QueryParams

from webflow_local.api.sites.service import visible_site
from webflow_local.api.webhooks.repository import WebhookRepository
from webflow_local.api.webhooks.schemas import (
    FILTERABLE,
    MAX_PER_TRIGGER,
    TRIGGER_TYPES,
    WebhookFilter,
    WebhookIn,
    webhook_wire,
)
from webflow_local.context import Ctx
from webflow_local.errors import BadRequest, NotFound, ValidationFailed
from webflow_local.kit.params import int_query, object_id, page_limit
from webflow_local.kit.validate import parse
from webflow_local.kit.wire import pagination
from webflow_local.outbound import targets

MAX_LIMIT = 100


class UnsupportedTriggerType(BadRequest):
    code = "unsupported_webhook_trigger_type"


class IncompatibleFilter(BadRequest):
    code = "incompatible_webhook_filter"


def new_secret() -> str:
    return secrets.token_hex(32)


def _check_url(url: str, block_private: bool) -> None:
    invalid = ValidationFailed.param("url", "url must be an absolute http or https URL")
    try:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise invalid
        _ = parts.port  # raises on a bad port
        httpx.URL(url)  # what the dispatcher will send to must parse there too
    except (ValueError, httpx.InvalidURL):
        raise invalid from None  # e.g. "http://[::1" or a port out of range
    if block_private:
        problem = targets.registration_problem(url)
        if problem:
            raise ValidationFailed.param("url", f"{problem} (WEBFLOW_LOCAL_WEBHOOK_BLOCK_PRIVATE_TARGETS)")


def register(
    ctx: Ctx, site: Row[Any], trigger_type: str, url: str, filter_: WebhookFilter | None, signing_key: str | None
) -> Row[Any]:
    """The rules every registration follows, from the API or the control plane."""
    if trigger_type not in TRIGGER_TYPES:
        raise UnsupportedTriggerType(
            f"Bad Request: Unsupported webhook trigger type: '{trigger_type}'",
            details=[{"param": "triggerType", "description": f"Must be one of: {', '.join(TRIGGER_TYPES)}"}],
        )
    if filter_ is not None and trigger_type != FILTERABLE:
        raise IncompatibleFilter(f"Bad Request: filter is only supported for the {FILTERABLE} trigger type")
    _check_url(url, ctx.settings.webhook_block_private_targets)
    repo = WebhookRepository(ctx.conn)
    repo.lock_site(site.id)
    if repo.count(site.id, trigger_type) >= MAX_PER_TRIGGER:
        raise BadRequest(f"Bad Request: A site can have at most {MAX_PER_TRIGGER} webhooks per trigger type")
    webhook_id = ctx.new_id()
    repo.insert({
        "id": webhook_id, "site_id": site.id, "workspace_id": site.workspace_id, "trigger_type": trigger_type,
        "url": url, "filter": filter_.model_dump() if filter_ else None, "signing_key": signing_key,
        "created_on": ctx.now(), "last_triggered": None,
    })
    row = repo.get(webhook_id)
    assert row is not None
    return row


def create_webhook(ctx: Ctx, site_id: str, raw: Any) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    body = parse(WebhookIn, raw)
    secret = new_secret()
    row = register(ctx, site, body.trigger_type, body.url, body.filter, secret)
    return {**webhook_wire(row), "secretKey": secret}


def list_webhooks(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    offset = int_query(q, "offset", 0)
    limit = page_limit(q, MAX_LIMIT)
    rows, total = WebhookRepository(ctx.conn).page(site.id, offset, limit)
    return {"webhooks": [webhook_wire(r) for r in rows], "pagination": pagination(limit, offset, total)}


def visible_webhook(ctx: Ctx, webhook_id: str) -> Row[Any]:
    """The webhook, when it exists (else 404) and the caller may use its site (else 403)."""
    row = WebhookRepository(ctx.conn).get(object_id(webhook_id))
    if row is None:
        raise NotFound.of("The webhook cannot be found")
    ctx.principal.ensure_site(row.site_id, row.workspace_id)
    return row


def get_webhook(ctx: Ctx, webhook_id: str) -> dict[str, Any]:
    return webhook_wire(visible_webhook(ctx, webhook_id))


def remove_webhook(ctx: Ctx, webhook_id: str) -> None:
    """Its pending deliveries go with it (ON DELETE CASCADE): nothing more is sent."""
    WebhookRepository(ctx.conn).delete(visible_webhook(ctx, webhook_id).id)
