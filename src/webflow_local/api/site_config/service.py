"""Site configuration (redirects, Google tags, robots.txt, well-known files, llms.txt) and site management
(create, update, delete, plan).

Everything but Google tags needs a workspace on the Enterprise plan (sites.service.require_enterprise: 403).
Operations that take a body read it only after that check and after their path's lookups, so 401, 403 and
404 never depend on the body (they declare RAW_JSON and parse it here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Row
from starlette.datastructures import QueryParams

from webflow_local.api.site_config.repository import SiteConfigRepository
from webflow_local.api.site_config.schemas import (
    LLMS_MAX_BYTES,
    MAX_GOOGLE_TAGS,
    REDIRECT_FROM,
    REDIRECT_TO,
    GoogleTagSeed,
    GoogleTagsIn,
    LlmsIn,
    LlmsSeed,
    RedirectIn,
    RedirectPatch,
    RedirectSeed,
    RobotsIn,
    RobotsRuleIn,
    SiteCreate,
    SiteUpdate,
    WellKnownDelete,
    WellKnownIn,
    google_tag_wire,
    redirect_wire,
    robots_wire,
)
from webflow_local.api.sites.service import render_sites, require_enterprise, visible_site
from webflow_local.context import Ctx
from webflow_local.errors import Conflict, NotFound, ValidationFailed
from webflow_local.kit.ids import is_object_id
from webflow_local.kit.params import int_query, object_id, page_limit
from webflow_local.kit.slugs import slugify
from webflow_local.kit.timefmt import iso
from webflow_local.kit.validate import params_under, parse
from webflow_local.kit.wire import pagination

MAX_LIMIT = 100
WELL_KNOWN_MAX_BYTES = 100 * 1024  # "smaller than 100kb"
WELL_KNOWN_MAX_FILES = 29  # "less than 30 total files"
# A name, an optional .noext, an optional .txt or .json (the spec: ".txt, .json, .noext, or no extension").
WELL_KNOWN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.noext)?(\.txt|\.json)?$")
NO_EXT = ".noext"


def _repo(ctx: Ctx) -> SiteConfigRepository:
    return SiteConfigRepository(ctx.conn)


def enterprise_site(ctx: Ctx, site_id: str) -> Row[Any]:
    """The site (404/403 as its owner lookup says), on an Enterprise workspace (else 403)."""
    site = visible_site(ctx, site_id)
    require_enterprise(ctx, site)
    return site


# -- redirects ---------------------------------------------------------------------------------------
def _page(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    offset = int_query(q, "offset", 0)
    limit = page_limit(q, MAX_LIMIT)
    rows, total = _repo(ctx).redirects_page(site_id, offset, limit)
    return {"redirects": [redirect_wire(r) for r in rows], "pagination": pagination(limit, offset, total)}


def _check_redirect(ctx: Ctx, site_id: str, from_url: str, to_url: str, redirect_id: str | None) -> None:
    if not REDIRECT_FROM.fullmatch(from_url):
        raise ValidationFailed.param("fromUrl", "fromUrl must be a path starting with / and without spaces")
    if not REDIRECT_TO.fullmatch(to_url):
        raise ValidationFailed.param("toUrl", "toUrl must be a path starting with / or an http(s) URL, without "
                                              "spaces")
    if from_url == to_url:
        raise ValidationFailed.param("toUrl", "A redirect cannot point to its own fromUrl")
    taken = _repo(ctx).redirect_from(site_id, from_url)
    if taken is not None and taken != redirect_id:
        raise ValidationFailed.param("fromUrl", f"A redirect from '{from_url}' already exists")


def _site_redirect(ctx: Ctx, site_id: str, redirect_id: str) -> Row[Any]:
    row = _repo(ctx).redirect(object_id(redirect_id))
    if row is None or row.site_id != site_id:
        raise NotFound.of("The redirect cannot be found")
    return row


def list_redirects(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    return _page(ctx, enterprise_site(ctx, site_id).id, q)


def create_redirect(ctx: Ctx, site_id: str, raw: Any) -> dict[str, Any]:
    site = enterprise_site(ctx, site_id)
    body = parse(RedirectIn, raw)
    repo = _repo(ctx)
    repo.lock_site(site.id)
    _check_redirect(ctx, site.id, body.from_url, body.to_url, None)
    redirect_id = ctx.new_id()
    repo.insert_redirect({"id": redirect_id, "site_id": site.id, "from_url": body.from_url, "to_url": body.to_url,
                          "created_on": ctx.now()})
    return redirect_wire(_site_redirect(ctx, site.id, redirect_id))


def update_redirect(ctx: Ctx, site_id: str, redirect_id: str, raw: Any) -> dict[str, Any]:
    site = enterprise_site(ctx, site_id)
    row = _site_redirect(ctx, site.id, redirect_id)
    body = parse(RedirectPatch, raw)
    repo = _repo(ctx)
    repo.lock_site(site.id)
    from_url = body.from_url if body.from_url is not None else row.from_url
    to_url = body.to_url if body.to_url is not None else row.to_url
    _check_redirect(ctx, site.id, from_url, to_url, row.id)
    repo.update_redirect(row.id, {"from_url": from_url, "to_url": to_url})
    return redirect_wire(_site_redirect(ctx, site.id, row.id))


def delete_redirect(ctx: Ctx, site_id: str, redirect_id: str, q: QueryParams) -> dict[str, Any]:
    """Answers the site's remaining redirects."""
    site = enterprise_site(ctx, site_id)
    row = _site_redirect(ctx, site.id, redirect_id)
    _repo(ctx).delete_redirect(row.id)
    return _page(ctx, site.id, q)


# -- Google tags (every plan) ------------------------------------------------------------------------
def _tags(ctx: Ctx, site_id: str) -> dict[str, Any]:
    return {"googleTagIds": [google_tag_wire(r) for r in _repo(ctx).google_tags(site_id)]}


def list_google_tags(ctx: Ctx, site_id: str) -> dict[str, Any]:
    return _tags(ctx, visible_site(ctx, site_id).id)


def upsert_google_tags(ctx: Ctx, site_id: str, body: GoogleTagsIn) -> dict[str, Any]:
    """Tags named in the body are added (at the end) or renamed; the others are kept. A tag given an `order`
    moves to that place; then the orders are renumbered 0, 1, 2..."""
    site = visible_site(ctx, site_id)
    _no_repeated_tag([t.tag_id for t in body.google_tag_ids], "googleTagIds")
    repo = _repo(ctx)
    repo.lock_site(site.id)
    tags: list[list[str]] = [[r.tag_id, r.display_name] for r in repo.google_tags(site.id)]
    index = {t[0]: t for t in tags}
    for tag in body.google_tag_ids:
        if tag.tag_id in index:
            index[tag.tag_id][1] = tag.display_name
        else:
            index[tag.tag_id] = [tag.tag_id, tag.display_name]
            tags.append(index[tag.tag_id])
    if len(tags) > MAX_GOOGLE_TAGS:
        raise ValidationFailed.param("googleTagIds", f"A site can have at most {MAX_GOOGLE_TAGS} Google tags "
                                                     f"(this would make {len(tags)})")
    for tag in sorted((t for t in body.google_tag_ids if t.order is not None), key=lambda t: cast(int, t.order)):
        entry = index[tag.tag_id]
        tags.remove(entry)
        tags.insert(min(cast(int, tag.order), len(tags)), entry)
    repo.replace_google_tags(site.id, [(t, n) for t, n in tags])
    return _tags(ctx, site.id)


def _no_repeated_tag(given: list[str], param: str) -> None:
    dup = next((t for i, t in enumerate(given) if t in given[:i]), None)
    if dup is not None:
        raise ValidationFailed.param(param, f"The tag '{dup}' is listed more than once")


def delete_google_tag(ctx: Ctx, site_id: str, tag_id: str) -> dict[str, Any]:
    """Answers the remaining tags, renumbered."""
    site = visible_site(ctx, site_id)
    repo = _repo(ctx)
    repo.lock_site(site.id)
    rows = repo.google_tags(site.id)
    if tag_id not in {r.tag_id for r in rows}:  # a malformed id (UA-...) is no tag of the site either
        raise NotFound.of("The Google tag cannot be found")
    repo.replace_google_tags(site.id, [(r.tag_id, r.display_name) for r in rows if r.tag_id != tag_id])
    return _tags(ctx, site.id)


def delete_google_tags(ctx: Ctx, site_id: str) -> None:
    _repo(ctx).delete_google_tags(visible_site(ctx, site_id).id)


# -- robots.txt --------------------------------------------------------------------------------------
def _robots_state(ctx: Ctx, site_id: str) -> tuple[list[dict[str, Any]], str | None]:
    row = _repo(ctx).robots(site_id)
    return (list(row.rules), row.sitemap) if row is not None else ([], None)


def _rule(user_agent: str, allows: list[str], disallows: list[str]) -> dict[str, Any]:
    return {"userAgent": user_agent, "allows": list(dict.fromkeys(allows)), "disallows": list(dict.fromkeys(disallows))}


def _merged(rules: list[RobotsRuleIn]) -> list[RobotsRuleIn]:
    """One rule per user agent: an agent listed twice gets the paths of both, in order."""
    out: dict[str, RobotsRuleIn] = {}
    for r in rules:
        if r.user_agent not in out:
            out[r.user_agent] = r.model_copy()
            continue
        first = out[r.user_agent]
        if r.allows is not None:
            first.allows = [*(first.allows or []), *r.allows]
        if r.disallows is not None:
            first.disallows = [*(first.disallows or []), *r.disallows]
    return list(out.values())


def _save_robots(ctx: Ctx, site_id: str, rules: list[dict[str, Any]], sitemap: str | None) -> dict[str, Any]:
    _repo(ctx).put_robots(site_id, {"rules": rules, "sitemap": sitemap, "updated_on": ctx.now()})
    return robots_wire(rules, sitemap)


def get_robots(ctx: Ctx, site_id: str) -> dict[str, Any]:
    return robots_wire(*_robots_state(ctx, enterprise_site(ctx, site_id).id))


def replace_robots(ctx: Ctx, site_id: str, raw: Any) -> dict[str, Any]:
    site = enterprise_site(ctx, site_id)
    return _replace_robots(ctx, site.id, parse(RobotsIn, raw))


def _replace_robots(ctx: Ctx, site_id: str, body: RobotsIn) -> dict[str, Any]:
    rules = _merged(body.rules or [])
    return _save_robots(ctx, site_id, [_rule(r.user_agent, r.allows or [], r.disallows or []) for r in rules],
                        body.sitemap)


def update_robots(ctx: Ctx, site_id: str, raw: Any) -> dict[str, Any]:
    """Merges per user agent: a listed agent's `allows` / `disallows` replace its own (a list left out is
    kept); a new agent is added at the end; other agents stay. `sitemap` replaces the sitemap when given."""
    site = enterprise_site(ctx, site_id)
    body = parse(RobotsIn, raw)
    rules, sitemap = _robots_state(ctx, site.id)
    by_agent = {r["userAgent"]: i for i, r in enumerate(rules)}
    for r in _merged(body.rules or []):
        if r.user_agent in by_agent:
            old = rules[by_agent[r.user_agent]]
            rules[by_agent[r.user_agent]] = _rule(r.user_agent, old["allows"] if r.allows is None else r.allows,
                                                  old["disallows"] if r.disallows is None else r.disallows)
        else:
            by_agent[r.user_agent] = len(rules)
            rules.append(_rule(r.user_agent, r.allows or [], r.disallows or []))
    if body.sitemap is not None:
        sitemap = body.sitemap
    return _save_robots(ctx, site.id, rules, sitemap)


def delete_robots(ctx: Ctx, site_id: str, raw: Any) -> dict[str, Any]:
    """Removes the listed paths from each listed agent; an agent listed with no paths is removed entirely.
    A `sitemap` key removes the sitemap. Unknown agents and paths are ignored. Answers what is left."""
    site = enterprise_site(ctx, site_id)
    body = parse(RobotsIn, raw)
    rules, sitemap = _robots_state(ctx, site.id)
    for r in body.rules or []:
        allows, disallows = r.allows or [], r.disallows or []
        if not allows and not disallows:
            rules = [x for x in rules if x["userAgent"] != r.user_agent]
            continue
        rules = [
            _rule(x["userAgent"], [p for p in x["allows"] if p not in allows],
                  [p for p in x["disallows"] if p not in disallows]) if x["userAgent"] == r.user_agent else x
            for x in rules
        ]
    if body.sitemap is not None:
        sitemap = None
    return _save_robots(ctx, site.id, rules, sitemap)


# -- well-known files --------------------------------------------------------------------------------
def _stored_name(name: str) -> str:
    """`.noext` removes the extensions after it: apple-app-site-association.noext.txt -> apple-app-site-association."""
    at = name.find(NO_EXT)
    return name[:at] if at > 0 else name


def set_well_known(ctx: Ctx, site_id: str, raw: Any) -> None:
    """Adds or replaces a file. Answers 201 without a body, as the spec declares."""
    site = enterprise_site(ctx, site_id)
    _put_well_known(ctx, site.id, parse(WellKnownIn, raw))


def _put_well_known(ctx: Ctx, site_id: str, body: WellKnownIn) -> str:
    """Answers the name as stored."""
    if not WELL_KNOWN_NAME.fullmatch(body.file_name):
        raise ValidationFailed.param("fileName", "fileName must be a name of letters, digits, - and _ with an "
                                                 "optional .noext and a .txt or .json extension, or none")
    stored = _stored_name(body.file_name)
    size = len(body.file_data.encode("utf-8"))
    if size >= WELL_KNOWN_MAX_BYTES:
        raise ValidationFailed.param("fileData", f"A well-known file must be smaller than 100 KB ({size} bytes)")
    repo = _repo(ctx)
    repo.lock_site(site_id)
    names = repo.well_known_names(site_id)
    if stored not in names and len(names) >= WELL_KNOWN_MAX_FILES:
        raise ValidationFailed.param("fileName", f"A site can have fewer than {WELL_KNOWN_MAX_FILES + 1} "
                                                 "well-known files")
    repo.put_well_known(site_id, stored, {"content_type": body.content_type, "file_data": body.file_data,
                                          "size": size, "updated_on": ctx.now()})
    return stored


def delete_well_known(ctx: Ctx, site_id: str, raw: Any) -> None:
    """Deletes the named files (by the name as given or as stored); names of no file are ignored."""
    site = enterprise_site(ctx, site_id)
    body = parse(WellKnownDelete, raw)
    names = {n for given in body.file_names for n in (given, _stored_name(given))}
    _repo(ctx).delete_well_known(site.id, sorted(names))


def site_config(ctx: Ctx, site_id: str) -> dict[str, Any]:
    """For the control plane (any plan, any caller): everything configured on a site, the well-known files'
    contents included (what the site would serve under /.well-known/, /robots.txt and /llms.txt)."""
    repo = _repo(ctx)
    site = repo.site(object_id(site_id))
    if site is None:
        raise NotFound.of("The site cannot be found")
    rules, sitemap = _robots_state(ctx, site.id)
    redirects, _ = repo.redirects_page(site.id, 0, 2**31)
    return {
        "siteId": site.id,
        "redirects": [redirect_wire(r) for r in redirects],
        "googleTagIds": [google_tag_wire(r) for r in repo.google_tags(site.id)],
        "robotsTxt": {"rules": rules, "sitemap": sitemap},
        "wellKnown": [{"fileName": r.file_name, "contentType": r.content_type, "fileData": r.file_data,
                       "size": r.size, "lastUpdated": iso(r.updated_on)} for r in repo.well_known_files(site.id)],
        "llmsTxt": repo.llms(site.id),
    }


# -- llms.txt (beta) ---------------------------------------------------------------------------------
def get_llms(ctx: Ctx, site_id: str) -> dict[str, Any]:
    return {"content": _repo(ctx).llms(enterprise_site(ctx, site_id).id) or ""}


def update_llms(ctx: Ctx, site_id: str, raw: Any) -> dict[str, Any]:
    """Replaces the whole file with fileData."""
    site = enterprise_site(ctx, site_id)
    body = parse(LlmsIn, raw)
    return _put_llms(ctx, site.id, body.file_data, "fileData")


def _put_llms(ctx: Ctx, site_id: str, content: str, param: str) -> dict[str, Any]:
    if len(content.encode("utf-8")) > LLMS_MAX_BYTES:
        raise ValidationFailed.param(param, "llms.txt must be at most 1 MB")
    _repo(ctx).put_llms(site_id, {"content": content, "updated_on": ctx.now()})
    return {"content": content}


def delete_llms(ctx: Ctx, site_id: str) -> None:
    _repo(ctx).delete_llms(enterprise_site(ctx, site_id).id)


# -- sites -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _WorkspaceRef:
    """What require_enterprise reads of a site: its workspace."""

    workspace_id: str


def _parent_folder(value: str | None) -> str | None:
    if value is not None and not is_object_id(value):
        raise ValidationFailed.param("parentFolderId", "parentFolderId must be a folder id (24 hex digits) or null")
    return value


def _short_name(ctx: Ctx, name: str) -> str:
    base = slugify(name)[:180].strip("-") or "site"
    taken = _repo(ctx).short_names_like(base)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _render(ctx: Ctx, site_id: str) -> dict[str, Any]:
    row = _repo(ctx).site(site_id)
    assert row is not None
    return render_sites(ctx, [row])[0]


def create_site(ctx: Ctx, raw: Any) -> dict[str, Any]:
    """A new site with one primary locale (English, `en`), as a blank site is created."""
    ws = ctx.owned["workspace_id"]  # the sites family's owner lookup
    require_enterprise(ctx, cast("Row[Any]", _WorkspaceRef(ws.id)))
    body = parse(SiteCreate, raw)
    parent = _parent_folder(body.parent_folder_id)
    repo = _repo(ctx)
    now = ctx.now()
    site_id, locale_id, cms_locale_id = ctx.new_ids(3)
    repo.insert_site(
        {"id": site_id, "workspace_id": ws.id, "display_name": body.name, "short_name": _short_name(ctx, body.name),
         "time_zone": "UTC", "parent_folder_id": parent, "data_collection_enabled": True,
         "data_collection_type": "always", "created_on": now, "last_updated": now, "last_published": None},
        {"id": locale_id, "cms_locale_id": cms_locale_id, "site_id": site_id, "is_primary": True, "position": 0,
         "display_name": "English", "tag": "en", "subdirectory": "", "enabled": True, "redirect": True,
         "display_image_id": None},
    )
    return {**_render(ctx, site_id), "templateName": body.template_name}


def update_site(ctx: Ctx, site_id: str, raw: Any) -> dict[str, Any]:
    """Renames the site and/or moves it to another folder (null: out of any). Its shortName stays."""
    site = enterprise_site(ctx, site_id)
    body = parse(SiteUpdate, raw)
    values: dict[str, Any] = {}
    if body.name is not None:
        values["display_name"] = body.name
    if "parent_folder_id" in body.model_fields_set:
        values["parent_folder_id"] = _parent_folder(body.parent_folder_id)
    if values:
        values["last_updated"] = ctx.now()
        _repo(ctx).update_site(site.id, values)
    return _render(ctx, site.id)


def delete_site(ctx: Ctx, site_id: str) -> None:
    _repo(ctx).delete_site(enterprise_site(ctx, site_id).id)


# Hosting plan of a site by its workspace's plan (webflow-behavior.md section 7: hosting-*-v3 ids).
HOSTING = {
    "starter": ("hosting-basic-v3", "Basic Hosting"),
    "core": ("hosting-cms-v3", "CMS Hosting"),
    "growth": ("hosting-business-v3", "Business Hosting"),
    "agency": ("hosting-cms-v3", "CMS Hosting"),
    "freelancer": ("hosting-cms-v3", "CMS Hosting"),
    "enterprise": ("hosting-business-v3", "Business Hosting"),
}
PRICING_INFO = "https://webflow.com/pricing"


def get_site_plan(ctx: Ctx, site_id: str) -> dict[str, Any]:
    site = enterprise_site(ctx, site_id)
    ws = _repo(ctx).workspace(site.workspace_id)
    plan_id, name = HOSTING.get(ws.plan if ws is not None else "", HOSTING["enterprise"])
    return {"id": plan_id, "name": name, "pricingInfo": PRICING_INFO}


# -- seed (a site's keys in seed files; the same checks as the API, the ids given kept) --------------
def _nth(ctx: Ctx, i: int) -> datetime:
    """The creation time of a list's i-th seeded row: lists are in creation order, and a seed writes every row
    at one time, so a microsecond apart keeps the seed's order whatever the ids."""
    return ctx.now() + timedelta(microseconds=i)


def seed_redirects(ctx: Ctx, site: dict[str, Any], entries: list[RedirectSeed]) -> list[dict[str, Any]]:
    """The `redirects` key: listed in this order; an id already taken is a 409 (and the seed writes nothing)."""
    repo = _repo(ctx)
    repo.lock_site(site["id"])
    out = []
    for i, e in enumerate(entries):
        with params_under(f"redirects.{i}."):
            _check_redirect(ctx, site["id"], e.from_url, e.to_url, None)
        redirect_id = e.id or ctx.new_id()
        if repo.redirect(redirect_id) is not None:
            raise Conflict(details=[{"param": f"redirects.{i}.id",
                                     "description": f"A redirect with the id '{redirect_id}' exists"}])
        repo.insert_redirect({"id": redirect_id, "site_id": site["id"], "from_url": e.from_url, "to_url": e.to_url,
                              "created_on": _nth(ctx, i)})
        out.append(redirect_wire(_site_redirect(ctx, site["id"], redirect_id)))
    return out


def seed_google_tags(ctx: Ctx, site: dict[str, Any], entries: list[GoogleTagSeed]) -> list[dict[str, Any]]:
    """The `googleTags` key: the site's tags, in this order."""
    _no_repeated_tag([t.tag_id for t in entries], "googleTags")
    if len(entries) > MAX_GOOGLE_TAGS:
        raise ValidationFailed.param("googleTags", f"A site can have at most {MAX_GOOGLE_TAGS} Google tags")
    repo = _repo(ctx)
    repo.lock_site(site["id"])
    repo.replace_google_tags(site["id"], [(t.tag_id, t.display_name) for t in entries])
    return list(_tags(ctx, site["id"])["googleTagIds"])


def seed_robots(ctx: Ctx, site: dict[str, Any], entries: list[RobotsIn]) -> list[dict[str, Any]]:
    """The `robotsTxt` key (one object, as get-robots-txt answers it): replaces the file."""
    return [_replace_robots(ctx, site["id"], e) for e in entries]


def seed_llms(ctx: Ctx, site: dict[str, Any], entries: list[LlmsSeed]) -> list[dict[str, Any]]:
    """The `llmsTxt` key (one object, as get-llms-txt answers it)."""
    return [_put_llms(ctx, site["id"], e.content, "llmsTxt.content") for e in entries]


def seed_well_known(ctx: Ctx, site: dict[str, Any], entries: list[WellKnownIn]) -> list[dict[str, Any]]:
    """The `wellKnownFiles` key: each file as set-well-known takes it (a name given twice: the last wins)."""
    out = []
    for i, e in enumerate(entries):
        with params_under(f"wellKnownFiles.{i}."):
            out.append({"fileName": _put_well_known(ctx, site["id"], e), "contentType": e.content_type})
    return out
