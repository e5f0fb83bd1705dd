"""Sites: what a token may see, and the site objects with their locales and domains."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Row

from webflow_local.api.sites.repository import SiteRepository
from webflow_local.api.sites.schemas import domain_wire, site_wire
from webflow_local.context import Ctx
from webflow_local.errors import NotFound
from webflow_local.kit.params import object_id


def visible_site(ctx: Ctx, site_id: str) -> Row[Any]:
    """The site, when it exists (else 404) and the caller's token may use it (else 403)."""
    row = SiteRepository(ctx.conn).get(object_id(site_id))
    if row is None:
        raise NotFound.of("The site cannot be found")
    ctx.principal.ensure_site(row.id, row.workspace_id)
    return row


def _render(ctx: Ctx, rows: list[Row[Any]]) -> list[dict[str, Any]]:
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
    rows = repo.list(site_id=p.site_id) if p.kind == "site" else repo.list(workspace_id=p.workspace_id)
    return {"sites": _render(ctx, rows)}


def get_site(ctx: Ctx, site_id: str) -> dict[str, Any]:
    return _render(ctx, [visible_site(ctx, site_id)])[0]


def get_custom_domains(ctx: Ctx, site_id: str) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    return {"customDomains": [domain_wire(d) for d in SiteRepository(ctx.conn).domains_of([site.id])]}
