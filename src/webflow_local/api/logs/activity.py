"""The site activity log, recorded once for every family: the gateway hands each write operation to the
"write" hook below, which runs it and records what it did to its site.

- The site: the owner lookups of the request's path parameters found it (a `site_id`, or the `site_id` of
  the collection, page, webhook ... row they found).
- `event` / `resourceOperation`: from the operation (its path and method), so a family that lands later is
  logged without declaring anything.
- `previousValue`: for an update or a delete of one resource, what the GET at the same path answered just
  before the write (an item, a page, robots.txt, custom code ...); `newValue`: what the write answered.
  Values are the resources as the API shows them, as compact JSON (an item's: its fieldData)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from webflow_local.api.logs import audit
from webflow_local.api.logs.repository import LogRepository
from webflow_local.context import Ctx
from webflow_local.errors import WebflowError
from webflow_local.kit.family import Call
from webflow_local.kit.routing import Route, RouteTable

# Events the spec's enum lacks: site configuration, site settings and webhooks have none of their own
# (docs/deviations.md, S18).
SITE_SETTINGS = "site_settings_modified"
OPERATIONS = {"POST": "CREATED", "PUT": "MODIFIED", "PATCH": "MODIFIED", "DELETE": "DELETED"}
# A value longer than this is cut (llms.txt may hold 1 MB): the log is for reading, not for restoring.
MAX_VALUE = 64 * 1024
NAME_KEYS = ("displayName", "name", "title", "fromUrl", "fileName", "triggerType")
DEFAULT_USER_NAME = "Local Developer"
SITE_MANAGEMENT = frozenset({"create-site", "delete-site"})


def classify(route: Route) -> tuple[str, str]:
    """(event, resourceOperation) of a write operation."""
    op, t = route.operation_id.lower(), route.template
    operation = OPERATIONS.get(route.method, "MODIFIED")
    if op == "site-publish":
        return "site_published", "PUBLISHED"
    if "unpublish" in op or (route.method == "DELETE" and t.endswith("/live")):
        operation = "UNPUBLISHED"
    elif "publish" in op:
        operation = "PUBLISHED"
    if "/items" in t or "/products" in t:
        return "cms_item", operation
    if t.startswith("/collections/{collection_id}/fields") or t == "/sites/{site_id}/collections" \
            or t == "/collections/{collection_id}":
        # A field belongs to its collection's schema: adding, changing or removing one modifies it.
        return "cms_collection", operation if "/fields" not in t else "MODIFIED"
    if "/custom_code" in t or "/registered_scripts" in t:
        return ("page_custom_code_modified" if t.startswith("/pages") else "site_custom_code_modified"), operation
    if "/components" in t:
        return "symbols_modified", operation
    if t.startswith("/pages/{page_id}/dom"):
        # DOM writes go to a secondary locale only.
        return "secondary_locale_page_content_modified", operation
    if t.startswith("/pages"):
        return "page_settings_modified", operation
    return SITE_SETTINGS, operation


def record_write(ctx: Ctx, route: Route, call: Call, run: Callable[[], Any]) -> Any:
    """The "write" hook: runs the operation and logs it on its site (in the same transaction)."""
    site_id = _site_of(ctx)
    before = _before(ctx, route, call) if site_id is not None else None
    result = run()
    if route.operation_id in SITE_MANAGEMENT:
        _audit_site(ctx, route, result)
    if site_id is None or route.operation_id == "delete-site":
        return result  # a deleted site's log goes with it
    event, operation = classify(route)
    entries = _entries(route, call, result, before, operation)
    now, user = ctx.now(), _user(ctx)
    # Not from the seeded id sequence (/_admin/ids): logging a write must not shift the ids of what the
    # next writes create.
    ids = [ctx.runtime.ids.object_id(now) for _ in entries]
    LogRepository(ctx.conn).add_activity([
        {"id": ids[i], "site_id": site_id, "created_on": now, "event": event, "resource_operation": operation,
         "user_json": user, "payload": {"operationId": route.operation_id}, **e}
        for i, e in enumerate(entries)
    ])
    return result


def _audit_site(ctx: Ctx, route: Route, result: Any) -> None:
    """Sites made and deleted through the API are in their workspace's audit log too."""
    if route.operation_id == "create-site":
        site = {"id": result["id"], "slug": result["shortName"]}
        workspace_id = str(ctx.owned["workspace_id"].id)
    else:
        row = ctx.owned["site_id"]
        site, workspace_id = {"id": row.id, "slug": row.short_name}, str(row.workspace_id)
    actor = audit.actor_of(ctx.principal.user, ctx.principal.token_id)
    sub = "user_added" if route.operation_id == "create-site" else "user_removed"
    audit.record(ctx, workspace_id, "site_membership", sub,
                 {"site": site, "targetUser": actor, "method": "dashboard", "userType": "member",
                  "roleName": "Site Owner"}, actor=actor)


def _site_of(ctx: Ctx) -> str | None:
    site = ctx.owned.get("site_id")
    if site is not None:
        return str(site.id)
    for row in ctx.owned.values():
        found = getattr(row, "site_id", None)
        if isinstance(found, str):
            return found
    return None


def _before(ctx: Ctx, route: Route, call: Call) -> Any:
    """What the GET at the write's own path answers now: the resource's previous state. Not for creates,
    nor for the collection-wide item writes (their GET is a list of every item)."""
    if route.method == "POST" or route.template.endswith(("/items", "/items/live")):
        return None
    table: RouteTable | None = getattr(ctx.runtime, "table", None)
    if table is None:
        return None
    path = route.template
    for name, value in call.path.items():
        path = path.replace("{" + name + "}", value)
    found = table.match(route.prefix, "GET", path)
    if found is None or found.route is None or found.route.op is None:
        return None
    try:
        return found.route.op.handler(ctx, Call(found.params, call.query))
    except WebflowError:
        return None


def _user(ctx: Ctx) -> dict[str, Any]:
    user = ctx.principal.user
    if user.get("id"):
        name = " ".join(p for p in (user.get("firstName"), user.get("lastName")) if p) or user.get("email", "")
        return {"id": str(user["id"]), "displayName": name}
    # A token acting for no user: authorized_by answers the token's id and a default name; so does the log.
    return {"id": ctx.principal.token_id, "displayName": DEFAULT_USER_NAME}


def _value(obj: Any) -> str | None:
    if obj is None:
        return None
    if isinstance(obj, dict) and isinstance(obj.get("fieldData"), dict):
        obj = obj["fieldData"]
    text = orjson.dumps(obj).decode()
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _name(obj: Any) -> str | None:
    if not isinstance(obj, dict):
        return None
    data = obj.get("fieldData")
    if isinstance(data, dict) and isinstance(data.get("name"), str):
        return str(data["name"])
    for key in NAME_KEYS:
        if isinstance(obj.get(key), str):
            return str(obj[key])
    return None


def _entries(route: Route, call: Call, result: Any, before: Any, operation: str) -> list[dict[str, Any]]:
    """One entry per resource the write touched: each item of a bulk write, else the one resource."""
    if isinstance(result, dict) and isinstance(result.get("items"), list) and "/items" in route.template:
        return [{"resource_id": it.get("id"), "resource_name": _name(it), "previous_value": None,
                 "new_value": _value(it)} for it in result["items"] if isinstance(it, dict)]
    if isinstance(result, dict) and isinstance(result.get("publishedItemIds"), list):
        return [{"resource_id": str(i), "resource_name": None, "previous_value": None, "new_value": None}
                for i in result["publishedItemIds"]]
    deleting = route.method == "DELETE"
    subject = before if deleting or result is None else result
    resource_id = subject.get("id") if isinstance(subject, dict) and isinstance(subject.get("id"), str) else None
    if resource_id is None:
        # The resource the path names last (an item, a redirect), else the site itself.
        resource_id = list(call.path.values())[-1] if call.path else None
    return [{
        "resource_id": resource_id,
        "resource_name": _name(subject) or _name(before),
        "previous_value": _value(before),
        "new_value": None if deleting or operation == "UNPUBLISHED" else _value(result),
    }]
