"""Webhook registrations: trigger types, the form filter, the per-trigger limit, and the signing key.

A webhook created through the API gets a `secretKey` (64 hex), answered once; its deliveries are
signed with it (webflow_local.outbound.signing)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
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
    WebhookSeed,
    webhook_wire,
)
from webflow_local.context import Ctx
from webflow_local.errors import BadRequest, Conflict, NotFound, ValidationFailed
from webflow_local.kit.params import int_query, object_id, page_limit
from webflow_local.kit.timefmt import parse_iso
from webflow_local.kit.validate import params_under, parse
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
    ctx: Ctx, site: Row[Any], trigger_type: str, url: str, filter_: WebhookFilter | None, signing_key: str | None,
    *, webhook_id: str | None = None, created_on: datetime | None = None, last_triggered: datetime | None = None,
) -> Row[Any]:
    """The rules every registration follows, from the API, the control plane or a seed (which gives the id, one
    no webhook has, and the times)."""
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
    webhook_id = webhook_id or ctx.new_id()
    repo.insert({
        "id": webhook_id, "site_id": site.id, "workspace_id": site.workspace_id, "trigger_type": trigger_type,
        "url": url, "filter": filter_.model_dump() if filter_ else None, "signing_key": signing_key,
        "created_on": created_on or ctx.now(), "last_triggered": last_triggered,
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


def seed_webhooks(ctx: Ctx, site: dict[str, Any], entries: list[WebhookSeed]) -> list[dict[str, Any]]:
    """A site's `webhooks` seed key: registered as create-webhook does, in this order (a microsecond apart:
    the list is in creation order and a seed writes at one time). Answers each with its secretKey."""
    row = visible_site(ctx, site["id"])
    out = []
    for i, e in enumerate(entries):
        if e.id is not None and WebhookRepository(ctx.conn).get(e.id) is not None:
            raise Conflict(details=[{"param": f"webhooks.{i}.id",
                                     "description": f"A webhook with the id '{e.id}' exists"}])
        secret = e.secret_key or new_secret()
        with params_under(f"webhooks.{i}."):
            hook = register(ctx, row, e.trigger_type, e.url, e.filter, secret, webhook_id=e.id,
                            created_on=ctx.now() + timedelta(microseconds=i),
                            last_triggered=_time(e.last_triggered, "lastTriggered"))
        out.append({**webhook_wire(hook), "secretKey": secret})
    return out


def _time(value: str | None, param: str) -> datetime | None:
    try:
        return None if value is None else parse_iso(value)
    except ValueError:
        raise ValidationFailed.param(param, f"{param} must be an ISO-8601 timestamp") from None
