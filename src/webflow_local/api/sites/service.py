"""Sites: what a token may see, and the site objects with their locales and domains."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from sqlalchemy import Row

from webflow_local import events
from webflow_local.api.sites.repository import SiteRepository
from webflow_local.api.sites.schemas import SitePublish, domain_wire, site_wire
from webflow_local.context import Ctx
from webflow_local.errors import Forbidden, InvalidDomain, NoDomains, NotFound, TooManyRequests
from webflow_local.kit.params import object_id
from webflow_local.kit.timefmt import iso


def visible_site(ctx: Ctx, site_id: str) -> Row[Any]:
    """The site, when it exists (else 404) and the caller's token may use it (else 403)."""
    sid = object_id(site_id)
    row = ctx.cached(("site", sid), lambda: SiteRepository(ctx.conn).get(sid))
    if row is None:
        raise NotFound.of("The site cannot be found")
    ctx.principal.ensure_site(row.id, row.workspace_id)
    return row


def visible_workspace(ctx: Ctx, id_or_slug: str) -> Row[Any]:
    """The workspace by id or slug (404 when none), when the caller holds a workspace token of it (a site
    token, or another workspace's: 403)."""
    row = ctx.cached(("workspace-ref", id_or_slug), lambda: SiteRepository(ctx.conn).workspace_by_ref(id_or_slug))
    if row is None:
        raise NotFound.of("The workspace cannot be found")
    p = ctx.principal
    if p.kind != "workspace" or p.workspace_id != row.id:
        raise Forbidden()
    return row


def visible_workspace_by_id(ctx: Ctx, workspace_id: str) -> Row[Any]:
    return visible_workspace(ctx, object_id(workspace_id))


def site_locales(ctx: Ctx, site_id: str) -> list[Row[Any]]:
    """The site's locales, primary first; cached per process (locales are a cached table). Every family that
    resolves a locale reads them here."""
    return ctx.cached(("locales", site_id), lambda: SiteRepository(ctx.conn).locales_of([site_id]))


def require_enterprise(ctx: Ctx, site: Row[Any]) -> None:
    """Enterprise-only operations (site management, site configuration, logs) answer 403 on a workspace of
    another plan, as Webflow does. The plan is cached per process with the other platform rows."""
    plan = ctx.cached(("plan", site.workspace_id), lambda: SiteRepository(ctx.conn).workspace_plan(site.workspace_id))
    if plan != "enterprise":
        raise Forbidden("Forbidden: this operation needs a workspace on the Enterprise plan",
                        details=[{"param": "workspace", "description": f"The workspace's plan is '{plan}'"}])


def render_sites(ctx: Ctx, rows: list[Row[Any]]) -> list[dict[str, Any]]:
    repo = SiteRepository(ctx.conn)
    ids = [r.id for r in rows]
    locs: dict[str, list[Row[Any]]] = defaultdict(list)
    for loc in repo.locales_of(ids):
        locs[loc.site_id].append(loc)
    doms: dict[str, list[Row[Any]]] = defaultdict(list)
    for d in repo.domains_of(ids):
        doms[d.site_id].append(d)
    return [site_wire(r, locs[r.id], doms[r.id]) for r in rows]


def list_sites(ctx: Ctx) -> dict[str, Any]:
    p = ctx.principal
    repo = SiteRepository(ctx.conn)
    rows = repo.find(site_id=p.site_id) if p.kind == "site" else repo.find(workspace_id=p.workspace_id)
    return {"sites": render_sites(ctx, rows)}


def get_site(ctx: Ctx, site_id: str) -> dict[str, Any]:
    return render_sites(ctx, [visible_site(ctx, site_id)])[0]


def get_custom_domains(ctx: Ctx, site_id: str) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    return {"customDomains": [domain_wire(d) for d in SiteRepository(ctx.conn).domains_of([site.id])]}


def site_publish(ctx: Ctx, site_id: str, body: SitePublish) -> dict[str, Any]:
    """Publishes the site's CMS: one successful publish per site per minute (failed attempts roll back
    and so do not use the slot)."""
    site = visible_site(ctx, site_id)
    repo = SiteRepository(ctx.conn)
    domains = repo.domains_of([site.id])
    wanted = body.custom_domains or []
    unknown = [d for d in wanted if d not in {x.id for x in domains}]
    if unknown:
        raise InvalidDomain(details=[{"param": "customDomains", "description": f"Unknown domain id '{unknown[0]}'"}])
    if not wanted and not body.publish_to_webflow_subdomain:
        raise NoDomains()
    now = ctx.now()
    interval = timedelta(seconds=ctx.settings.publish_interval_seconds)
    if not repo.claim_publish_slot(site.id, now, now - interval):
        last = SiteRepository(ctx.conn).get(site.id)
        wait = interval - (now - last.last_published) if last and last.last_published else interval
        raise TooManyRequests(retry_after=int(wait.total_seconds()) + 1)
    for publish in ctx.hooks("site_publish"):
        publish(ctx, site.id)
    repo.mark_published(site.id, now, wanted)
    published = [domain_wire(d) for d in repo.domains_of([site.id]) if d.id in wanted]
    hosts = [d["url"] for d in published]
    if body.publish_to_webflow_subdomain:
        hosts.append(f"{site.short_name}.webflow.io")
    events.emit(ctx, site.id, "site_publish", lambda: [{
        "siteId": site.id, "publishedOn": iso(now), "domains": hosts,
        "publishedBy": {"displayName": "webflow-local"}, "publishScope": "page" if body.page_id else "site",
        **({"pageId": body.page_id} if body.page_id else {}),
    }])
    return {"customDomains": published, "publishToWebflowSubdomain": bool(body.publish_to_webflow_subdomain),
            "publishScope": "page" if body.page_id else "site"}
