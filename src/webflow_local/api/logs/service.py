"""Reading the logs: a site's activity (Enterprise, site_activity:read) and a workspace's audit log
(Enterprise, a workspace token with workspace_activity:read). Both paged, newest first by default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Row
from starlette.datastructures import QueryParams

from webflow_local.api.logs.repository import LogRepository
from webflow_local.api.logs.schemas import EVENT_TYPES, activity_wire, audit_wire
from webflow_local.api.sites.service import require_enterprise, visible_site
from webflow_local.context import Ctx
from webflow_local.errors import ValidationFailed
from webflow_local.kit.params import int_query, page_limit
from webflow_local.kit.timefmt import parse_iso
from webflow_local.kit.wire import pagination

MAX_LIMIT = 100


@dataclass(frozen=True)
class _WorkspaceRef:
    """What require_enterprise reads of a site: its workspace."""

    workspace_id: str


def _paging(q: QueryParams) -> tuple[int, int]:
    offset = int_query(q, "offset", 0)
    limit = page_limit(q, MAX_LIMIT)
    return offset, limit


def site_activity(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    require_enterprise(ctx, site)
    offset, limit = _paging(q)
    rows, total = LogRepository(ctx.conn).activity_page(site.id, offset, limit)
    return {"items": [activity_wire(r) for r in rows], "pagination": pagination(limit, offset, total)}


def _time(q: QueryParams, name: str) -> Any:
    raw = q.get(name)
    if not raw:
        return None
    try:
        return parse_iso(raw)
    except ValueError:
        raise ValidationFailed.param(name, f"{name} must be an ISO-8601 date-time") from None


def audit_logs(ctx: Ctx, q: QueryParams) -> dict[str, Any]:
    ws = ctx.owned["workspace_id_or_slug"]  # the sites family's owner lookup
    require_enterprise(ctx, cast("Row[Any]", _WorkspaceRef(ws.id)))
    offset, limit = _paging(q)
    event_type = q.get("eventType") or None
    if event_type is not None and event_type not in EVENT_TYPES:
        raise ValidationFailed.param("eventType", f"eventType must be one of {', '.join(EVENT_TYPES)}")
    order = q.get("sortOrder") or "desc"
    if order not in ("asc", "desc"):
        raise ValidationFailed.param("sortOrder", "sortOrder must be asc or desc")
    rows, total = LogRepository(ctx.conn).audit_page(
        ws.id, event_type=event_type, since=_time(q, "from"), until=_time(q, "to"), newest_first=order == "desc",
        offset=offset, limit=limit)
    return {"items": [audit_wire(r, ws) for r in rows], "pagination": pagination(limit, offset, total)}


