"""The control plane: workspaces, sites with locales, tokens, reset, seed, clock and ids.

Used by /_admin routes and by the CLI alike."""

from __future__ import annotations

import re
from typing import Any

from webflow_local.admin.repository import AdminRepository
from webflow_local.admin.schemas import (
    ClockIn,
    CollectionSeed,
    FaultIn,
    LocaleIn,
    LocalePatch,
    SeedIn,
    SiteIn,
    SiteSeed,
    TokenIn,
    UserIn,
    UserSeed,
    WorkspaceIn,
)
from webflow_local.api.collections import service as collections
from webflow_local.api.collections.repository import CollectionRepository
from webflow_local.api.collections.schemas import CollectionCreate
from webflow_local.api.items import service as items
from webflow_local.api.sites.repository import SiteRepository
from webflow_local.api.sites.service import render_sites
from webflow_local.auth import service as auth
from webflow_local.auth import users
from webflow_local.auth.principal import Principal
from webflow_local.auth.repository import TokenRepository
from webflow_local.context import ID_COUNTER_KEY, ID_SEED_KEY, Ctx
from webflow_local.control import faults
from webflow_local.control.clock import CLOCK_KEY, ClockState
from webflow_local.control.repository import ControlRepository
from webflow_local.errors import BadRequest, Conflict, NotFound, ValidationFailed
from webflow_local.kit.ids import is_object_id
from webflow_local.kit.slugs import slugify
from webflow_local.kit.timefmt import iso, parse_iso
from webflow_local.kit.validate import parse

# Where each seed set before stopped counting (set_ids), so that no seed repeats an id until a reset.
ID_COUNTERS_KEY = "id_counters"


def audit(ctx: Ctx, workspace_id: str, event_type: str, sub_type: str, payload: dict[str, Any],
          actor: dict[str, Any] | None = None) -> None:
    """Records a control-plane event in the workspace's audit log (the logs family's "audit" hook)."""
    for record in ctx.hooks("audit"):
        record(ctx, workspace_id, event_type, sub_type, payload, actor)


def _token_actor(user: dict[str, Any] | None) -> dict[str, Any] | None:
    """Who a token's login is in the audit log: the workspace user it acts for, else the control plane."""
    if user and user.get("id"):
        return {"id": str(user["id"]), "email": str(user.get("email") or "")}
    return None


def _workspace_wire(row: Any) -> dict[str, Any]:
    return {"id": row.id, "slug": row.slug, "displayName": row.display_name, "plan": row.plan,
            "createdOn": iso(row.created_on)}


def _check_id(value: str | None, what: str) -> None:
    if value is not None and not is_object_id(value):
        raise ValidationFailed.param(what, "must be 24 lowercase hex digits")


def create_workspace(ctx: Ctx, body: WorkspaceIn) -> dict[str, Any]:
    _check_id(body.id, "id")
    repo = AdminRepository(ctx.conn)
    slug = body.slug or slugify(body.display_name)
    if repo.workspace(slug) is not None or (body.id and repo.workspace(body.id) is not None):
        raise Conflict("Conflict: Resource already exists")
    ws_id = body.id or ctx.new_id()
    repo.insert_workspace({"id": ws_id, "slug": slug, "display_name": body.display_name, "created_on": ctx.now(),
                           "plan": body.plan})
    found = repo.workspace(ws_id)
    return _workspace_wire(found)


def list_workspaces(ctx: Ctx) -> dict[str, Any]:
    return {"workspaces": [_workspace_wire(w) for w in AdminRepository(ctx.conn).workspaces()]}


def _workspace_id(ctx: Ctx, ref: str | None) -> str:
    repo = AdminRepository(ctx.conn)
    if ref is None:
        all_ws = repo.workspaces()
        if len(all_ws) != 1:
            raise ValidationFailed.param("workspaceId", "required when there is not exactly one workspace")
        return str(all_ws[0].id)
    found = repo.workspace(ref)
    if found is None:
        raise NotFound.of("The workspace cannot be found")
    return str(found.id)


def _check_locale_ids(ctx: Ctx, locs: list[LocaleIn]) -> None:
    """Fixed locale ids name new locales: each different (an id and a cmsLocaleId alike, since a locale is
    found by either) and none used by a locale already (409)."""
    given = [(f"locales.{name}", value) for loc in locs
             for name, value in (("id", loc.id), ("cmsLocaleId", loc.cms_locale_id)) if value is not None]
    for param, value in given:
        _check_id(value, param)
    values = [value for _, value in given]
    if len(set(values)) != len(values):
        raise ValidationFailed.param("locales", "locale ids and cmsLocaleIds must all be different")
    taken = SiteRepository(ctx.conn).locale_ids_in_use(values)
    if taken:
        param, value = next((p, v) for p, v in given if v in taken)
        raise Conflict("Conflict: Resource already exists",
                       details=[{"param": param, "description": f"'{value}' is already a locale's id"}])


def _locale_row(ctx: Ctx, site_id: str, loc: LocaleIn, *, primary: bool, position: int) -> dict[str, Any]:
    sub = loc.subdirectory if loc.subdirectory is not None else ("" if primary else loc.tag.lower())
    return {
        "id": loc.id or ctx.new_id(),
        "cms_locale_id": loc.cms_locale_id or ctx.new_id(),
        "site_id": site_id,
        "is_primary": primary,
        "position": position,
        "display_name": loc.display_name,
        "tag": loc.tag,
        "subdirectory": sub,
        "enabled": loc.enabled,
        "redirect": loc.redirect if loc.redirect is not None else primary,
        "display_image_id": None,
    }


def create_site(ctx: Ctx, body: SiteIn, workspace_id: str | None = None) -> dict[str, Any]:
    _check_id(body.id, "id")
    ws = _workspace_id(ctx, workspace_id or body.workspace_id)
    repo = SiteRepository(ctx.conn)
    if body.id and repo.get(body.id) is not None:
        raise Conflict("Conflict: Resource already exists")
    locs = body.locales or _default_locales()
    tags = [locs.primary.tag, *(s.tag for s in locs.secondary)]
    if len({t.lower() for t in tags}) != len(tags):
        raise ValidationFailed.param("locales", "locale tags must be unique")
    _check_locale_ids(ctx, [locs.primary, *locs.secondary])
    domains = [(d, None, False) if isinstance(d, str) else (d.url, d.id, d.published) for d in body.custom_domains]
    for i, (_, domain_id, _) in enumerate(domains):
        _check_id(domain_id, f"customDomains.{i}.id")
    if len({url for url, _, _ in domains}) != len(domains):
        raise ValidationFailed.param("customDomains", "custom domains must be unique")
    now = ctx.now()
    site_id = body.id or ctx.new_id()
    repo.insert({
        "id": site_id, "workspace_id": ws, "display_name": body.display_name,
        "short_name": body.short_name or slugify(body.display_name), "time_zone": body.time_zone,
        "parent_folder_id": None, "data_collection_enabled": True, "data_collection_type": "always",
        "created_on": now, "last_updated": now,
        "last_published": now if isinstance(body, SiteSeed) and body.published else None,
    })
    repo.insert_locale(_locale_row(ctx, site_id, locs.primary, primary=True, position=0))
    for i, sec in enumerate(locs.secondary, start=1):
        repo.insert_locale(_locale_row(ctx, site_id, sec, primary=False, position=i))
    for url, domain_id, published in domains:
        repo.insert_domain({"id": domain_id or ctx.new_id(), "site_id": site_id, "url": url,
                            "last_published": now if published else None})
    site = get_site(ctx, site_id)
    audit(ctx, ws, "site_membership", "user_added",
          {"site": {"id": site_id, "slug": site["shortName"]}, "method": "admin", "userType": "member",
           "roleName": "Site Owner"})
    return site


def _default_locales() -> Any:
    from webflow_local.admin.schemas import LocalesIn

    return LocalesIn(primary=LocaleIn(display_name="English", tag="en"))


def get_site(ctx: Ctx, site_id: str) -> dict[str, Any]:
    row = SiteRepository(ctx.conn).get(site_id)
    if row is None:
        raise NotFound.of("The site cannot be found")
    return render_sites(ctx, [row])[0]


def list_sites(ctx: Ctx) -> dict[str, Any]:
    return {"sites": render_sites(ctx, SiteRepository(ctx.conn).find())}


def add_locale(ctx: Ctx, site_id: str, body: LocaleIn) -> dict[str, Any]:
    site = get_site(ctx, site_id)
    existing = [site["locales"]["primary"], *site["locales"]["secondary"]]
    if any(loc["tag"].lower() == body.tag.lower() for loc in existing):
        raise Conflict("Conflict: Resource already exists")
    _check_locale_ids(ctx, [body])
    SiteRepository(ctx.conn).insert_locale(
        _locale_row(ctx, site_id, body, primary=False, position=len(existing))
    )
    return get_site(ctx, site_id)


def patch_locale(ctx: Ctx, site_id: str, locale_id: str, body: LocalePatch) -> dict[str, Any]:
    site = get_site(ctx, site_id)
    locs = [site["locales"]["primary"], *site["locales"]["secondary"]]
    target = next((loc for loc in locs if locale_id in (loc["id"], loc["cmsLocaleId"])), None)
    if target is None:
        raise NotFound.of("The locale cannot be found")
    if target is site["locales"]["primary"] and body.enabled is False:
        raise BadRequest("Bad Request: The primary locale cannot be disabled")
    values = {k: v for k, v in {"enabled": body.enabled, "display_name": body.display_name}.items()
              if v is not None}
    if values:
        SiteRepository(ctx.conn).update_locale(target["id"], values)
    return get_site(ctx, site_id)


def add_domain(ctx: Ctx, site_id: str, url: str) -> dict[str, Any]:
    get_site(ctx, site_id)
    repo = SiteRepository(ctx.conn)
    if any(d.url == url for d in repo.domains_of([site_id])):
        raise Conflict("Conflict: Resource already exists")
    repo.insert_domain({"id": ctx.new_id(), "site_id": site_id, "url": url, "last_published": None})
    return get_site(ctx, site_id)


def _token_wire(row: Any, value: str | None = None) -> dict[str, Any]:
    out = {
        "id": row["id"] if isinstance(row, dict) else row.id,
        "kind": row["kind"] if isinstance(row, dict) else row.kind,
        "workspaceId": row["workspace_id"] if isinstance(row, dict) else row.workspace_id,
        "siteId": row["site_id"] if isinstance(row, dict) else row.site_id,
        "scopes": (row["scopes"] if isinstance(row, dict) else row.scopes).split(","),
        "label": row["label"] if isinstance(row, dict) else row.label,
        "createdOn": iso(row["created_on"] if isinstance(row, dict) else row.created_on),
        "revokedOn": None if isinstance(row, dict) else iso(row.revoked_on),
        "userId": row["user_id"] if isinstance(row, dict) else row.user_id,
    }
    if value is not None:
        out["token"] = value
    return out


def create_user(ctx: Ctx, body: UserIn | UserSeed, workspace_id: str | None = None) -> dict[str, Any]:
    _check_id(body.id, "id")
    ws = _workspace_id(ctx, workspace_id or (body.workspace_id if isinstance(body, UserIn) else None))
    row = users.create(ctx, ws, email=body.email, first_name=body.first_name, last_name=body.last_name,
                       role=body.role, user_id=body.id)
    audit(ctx, ws, "workspace_membership", "user_added",
          {"targetUser": {"id": row.id, "email": row.email}, "method": "admin", "userType": "member",
           "roleName": row.role})
    return users.admin_wire(row)


def list_users(ctx: Ctx, workspace: str | None = None) -> dict[str, Any]:
    ws = _workspace_id(ctx, workspace) if workspace else None
    return {"users": [users.admin_wire(r) for r in users.of_workspace(ctx, ws)]}


def _token_user(ctx: Ctx, body: TokenIn, workspace_id: str) -> tuple[dict[str, Any] | None, str | None]:
    """The user a token acts for: a workspace user (by id or email) or, as before users existed, a free-form
    `user` object shown by authorized_by."""
    if body.user_id is None and body.user_email is None:
        return body.user, None
    row = (users.find(ctx, body.user_id) if body.user_id is not None
           else users.by_email(ctx, workspace_id, body.user_email or ""))
    if row is None or row.workspace_id != workspace_id:
        raise ValidationFailed.param("userId" if body.user_id else "userEmail",
                                     "no such user in the token's workspace")
    return users.user_wire(row), str(row.id)


def create_token(ctx: Ctx, body: TokenIn) -> dict[str, Any]:
    if body.site_id:
        site = SiteRepository(ctx.conn).get(body.site_id)
        if site is None:
            raise NotFound.of("The site cannot be found")
        kind, ws, site_id = "site", site.workspace_id, site.id
    else:
        kind, ws, site_id = "workspace", _workspace_id(ctx, body.workspace_id), None
    user, user_id = _token_user(ctx, body, ws)
    if body.value is not None and TokenRepository(ctx.conn).by_hash(auth.hash_token(body.value)) is not None:
        raise Conflict("Conflict: a token with this value exists already")
    try:
        value, row = auth.issue(ctx, kind=kind, workspace_id=ws, site_id=site_id, scopes=_scope_list(body.scopes),
                                label=body.label, value=body.value, user=user, user_id=user_id)
    except ValueError as e:
        raise ValidationFailed.param("scopes", str(e)) from None
    audit(ctx, ws, "user_access", "login", _token_payload(row["id"], site_id, body.label),
          _token_actor(user))
    return _token_wire(row, value)


def _token_payload(token_id: str, site_id: str | None, label: str | None) -> dict[str, Any]:
    return {"method": "api", "tokenId": token_id, "siteId": site_id, "label": label}


def _scope_list(scopes: str | list[str]) -> list[str]:
    return scopes.split(",") if isinstance(scopes, str) else scopes


def list_tokens(ctx: Ctx) -> dict[str, Any]:
    return {"tokens": [_token_wire(r) for r in TokenRepository(ctx.conn).all()]}


def revoke_token(ctx: Ctx, token_id: str) -> dict[str, Any]:
    repo = TokenRepository(ctx.conn)
    row = repo.by_id(token_id)
    if row is None:
        raise NotFound.of("The token cannot be found")
    if repo.revoke(token_id, ctx.now()):
        audit(ctx, row.workspace_id, "user_access", "logout", _token_payload(row.id, row.site_id, row.label),
              _token_actor(dict(row.user_json or {})))
    return _token_wire(repo.by_id(token_id))


def reset(ctx: Ctx) -> dict[str, Any]:
    AdminRepository(ctx.conn).wipe()
    ctx.runtime.faults.invalidate()
    for hook in ctx.hooks("reset"):  # per-process state of the families (the journal's buffer)
        hook(ctx)
    return {"reset": True}


def _seed_principal(ctx: Ctx, site: dict[str, Any]) -> Principal:
    """Seeding runs the same services as the API, as a workspace-wide caller."""
    return Principal(token_id="seed", kind="workspace", workspace_id=site["workspaceId"], site_id=None,
                     scopes=frozenset(), created_on=ctx.now(), last_used=None, rate_limit=None)


def seed(ctx: Ctx, body: SeedIn) -> dict[str, Any]:
    """Loads a described world; answers what was made, tokens included, so scripts can use it."""
    if body.reset:
        reset(ctx)
    out: dict[str, Any] = {"workspaces": [], "sites": [], "tokens": [], "collections": []}
    for ws in body.workspaces:
        wsw = create_workspace(ctx, WorkspaceIn(display_name=ws.display_name, slug=ws.slug, id=ws.id, plan=ws.plan))
        out["workspaces"].append(wsw)
        for u in ws.users:
            out.setdefault("users", []).append(create_user(ctx, u, workspace_id=wsw["id"]))
        for t in ws.tokens:
            out["tokens"].append(create_token(ctx, TokenIn(workspace_id=wsw["id"], scopes=t.scopes, label=t.label,
                                                           value=t.value, user=t.user, user_id=t.user_id,
                                                           user_email=t.user_email)))
        for s in ws.sites:
            site = create_site(ctx, s, workspace_id=wsw["id"])
            out["sites"].append(site)
            for t in s.tokens:
                out["tokens"].append(create_token(ctx, TokenIn(site_id=site["id"], scopes=t.scopes, label=t.label,
                                                               value=t.value, user=t.user, user_id=t.user_id,
                                                               user_email=t.user_email)))
            ctx.principal = _seed_principal(ctx, site)
            by_name: dict[str, str] = {}
            for c in s.collections:
                out["collections"].append(_seed_collection(ctx, site, c, by_name))
            _seed_sections(ctx, site, s.model_extra or {}, out)
    return out


def load_sections(ctx: Ctx, site_id: str, entries: dict[str, Any]) -> dict[str, Any]:
    """Families' seed keys loaded into an existing site (what `pull` read from the source), as a seed would."""
    site = get_site(ctx, site_id)
    ctx.principal = _seed_principal(ctx, site)
    out: dict[str, Any] = {}
    _seed_sections(ctx, site, entries, out)
    return out


def _seed_sections(ctx: Ctx, site: dict[str, Any], extra: dict[str, Any], out: dict[str, Any]) -> None:
    """The site's keys that families declare (kit.family.SeedSection), in family order; any other key is
    refused like an unknown field."""
    sections = ctx.runtime.seed_sections()
    unknown = sorted(set(extra) - set(sections))
    if unknown:
        raise ValidationFailed(details=[{"param": k, "description": "Field not described in schema: undefined"}
                                        for k in unknown])
    for key, sec in sections.items():
        if key not in extra:
            continue
        entries = extra[key]
        if sec.single:
            if not isinstance(entries, dict):
                raise ValidationFailed.param(key, f"{key} must be an object")
            entries = [entries]
        if not isinstance(entries, list):
            raise ValidationFailed.param(key, f"{key} must be a list")
        parsed = [parse(sec.model, e) for e in entries]
        out.setdefault(key, []).extend(sec.load(ctx, site, parsed))


def _seed_collection(ctx: Ctx, site: dict[str, Any], c: CollectionSeed, by_name: dict[str, str]) -> dict[str, Any]:
    # A seed file may name a reference target by its collection's displayName or slug.
    for f in c.fields:
        if f.metadata and f.metadata.collection_id and f.metadata.collection_id in by_name:
            f.metadata.collection_id = by_name[f.metadata.collection_id]
    body = CollectionCreate(display_name=c.display_name, singular_name=c.singular_name, fields=c.fields)
    body.slug = c.slug
    fixed = [("id", c.id)] + [(f"fieldIds.{k}", v) for k, v in (c.field_ids or {}).items()]
    fixed += [(f"items.{i}.id", it.id) for i, it in enumerate(c.items)]
    for param, value in fixed:
        _check_id(value, param)
    if c.id and CollectionRepository(ctx.conn).get(c.id) is not None:
        raise Conflict("Conflict: Resource already exists")
    coll = collections.create_collection(ctx, site["id"], body, collection_id=c.id, field_ids=c.field_ids)
    by_name[c.display_name] = coll["id"]
    by_name[coll["slug"]] = coll["id"]
    if c.items:

        coll["items"] = items.seed_items(ctx, site, coll["id"], c.items)
    return coll


def get_clock(ctx: Ctx) -> dict[str, Any]:
    state = ClockState.load(ControlRepository(ctx.conn).get(CLOCK_KEY))
    return {**state.dump(), "now": iso(state.now()), "frozen": state.frozen_at is not None}


def set_clock(ctx: Ctx, body: ClockIn) -> dict[str, Any]:
    repo = ControlRepository(ctx.conn)
    state = ClockState.load(repo.get(CLOCK_KEY))
    if body.at is not None:
        try:
            at = parse_iso(body.at)
        except ValueError:
            raise ValidationFailed.param("at", "must be an ISO-8601 timestamp") from None
        state = ClockState(at, 0.0) if body.freeze is not False else ClockState(None, 0.0)
        if body.freeze is False:
            from datetime import UTC, datetime

            state = ClockState(None, (at - datetime.now(UTC)).total_seconds())
    elif body.freeze is True and state.frozen_at is None:
        state = ClockState(state.now(), state.offset_seconds)
    elif body.freeze is False and state.frozen_at is not None:
        from datetime import UTC, datetime

        state = ClockState(None, (state.frozen_at - datetime.now(UTC)).total_seconds())
    if body.advance_seconds:
        state = state.advanced(body.advance_seconds)
    repo.put(CLOCK_KEY, state.dump())
    return get_clock(ctx)


def set_ids(ctx: Ctx, seed_value: str | None) -> dict[str, Any]:
    """Seeded ids are a function of (seed, counter). Setting a seed resumes that seed's counter where it
    stopped, so setting it again (or switching back to it) never hands out an id it already gave; only a
    reset starts every seed over."""
    repo = ControlRepository(ctx.conn)
    # The counter row locked first: a create running now takes its ids before or after the switch, not during.
    counter = int(repo.get_for_update(ID_COUNTER_KEY) or 0)
    current = repo.get(ID_SEED_KEY)
    stopped: dict[str, int] = dict(repo.get(ID_COUNTERS_KEY) or {})
    if current:
        stopped[str(current)] = counter
    if seed_value:
        repo.put(ID_SEED_KEY, seed_value)
        repo.put(ID_COUNTER_KEY, stopped.get(seed_value, 0))
    else:
        repo.delete(ID_SEED_KEY)
        repo.delete(ID_COUNTER_KEY)
    repo.put(ID_COUNTERS_KEY, stopped)
    return {"seed": seed_value}


def list_faults(ctx: Ctx) -> dict[str, Any]:
    return {"faults": faults.wire(faults.load(ControlRepository(ctx.conn).get(faults.FAULTS_KEY)))}


def add_fault(ctx: Ctx, body: FaultIn) -> dict[str, Any]:
    if body.status is None and not body.latency_ms:
        raise ValidationFailed.param("status", "a fault needs a status, a latency, or both")
    if body.path:
        try:
            re.compile(body.path)
        except re.error as e:
            raise ValidationFailed.param("path", f"not a regular expression: {e}") from None
    repo = ControlRepository(ctx.conn)
    current = faults.load(repo.get_for_update(faults.FAULTS_KEY))
    new = faults.Fault(id=ctx.new_id(), status=body.status, remaining=body.count, latency_ms=body.latency_ms,
                       path=body.path, method=body.method.upper() if body.method else None)
    repo.put(faults.FAULTS_KEY, faults.dump([*current, new]))
    ctx.runtime.faults.invalidate()
    return faults.wire([new])[0]


def clear_faults(ctx: Ctx) -> dict[str, Any]:
    ControlRepository(ctx.conn).delete(faults.FAULTS_KEY)
    ctx.runtime.faults.invalidate()
    return {"faults": []}


def inspect_item(ctx: Ctx, collection_id: str, item_id: str) -> dict[str, Any]:
    """The control plane sees every site: the items service runs for it as the collection's workspace."""
    _, site = collections.collection_and_site(ctx, collection_id)
    ctx.principal = Principal(token_id="admin", kind="workspace", workspace_id=site.workspace_id, site_id=None,
                              scopes=frozenset(), created_on=ctx.now(), last_used=None, rate_limit=None)
    return items.inspect_item(ctx, collection_id, item_id)
