"""Custom code: scripts registered to a site (hosted or inline) and applied to a site or a page.

Everything here belongs to its owner: an app (app tokens), or the site itself for every other caller (site
and workspace tokens, the control plane, seed files and exports). An owner lists, applies and removes only
its own scripts; the limit of 800 registered scripts counts every owner's on the site."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from sqlalchemy import Row
from starlette.datastructures import QueryParams

from webflow_local.api.custom_code.repository import CustomCodeRepository
from webflow_local.api.custom_code.schemas import (
    ATTRIBUTE_NAME_PATTERN,
    DISPLAY_NAME_PATTERN,
    HOSTED_URL_PATTERN,
    MAX_DISPLAY_NAME,
    MAX_INLINE_CHARS,
    SCRIPT_ID_PATTERN,
    SEMVER_PATTERN,
    SRI_PATTERN,
    CustomCodeSeed,
    HostedScriptIn,
    InlineScriptIn,
    RegisteredScriptSeed,
    ScriptApplyIn,
    ScriptsApplyIn,
    block_code_wire,
    block_wire,
    registered_wire,
)
from webflow_local.api.sites.service import visible_site
from webflow_local.context import Ctx
from webflow_local.errors import Conflict, NotFound, ValidationFailed
from webflow_local.kit.params import int_query, page_limit
from webflow_local.kit.validate import params_under
from webflow_local.kit.wire import pagination

MAX_REGISTERED = 800
MAX_LIMIT = 100
DISPLAY_NAME = re.compile(DISPLAY_NAME_PATTERN)
SEMVER = re.compile(SEMVER_PATTERN)
SRI = re.compile(SRI_PATTERN)
HOSTED_URL = re.compile(HOSTED_URL_PATTERN)
ATTRIBUTE_NAME = re.compile(ATTRIBUTE_NAME_PATTERN)
SCRIPT_ID = re.compile(SCRIPT_ID_PATTERN)
HOSTED_ROOT = "https://uploads-ssl.webflow.com"


class MaxRegisteredScripts(Conflict):
    code = "custom_code_max_registered_scripts"
    default_message = "The maximum number of registered scripts has been reached."


SITE_OWNER = "site"


def owner_of(ctx: Ctx) -> str:
    """Whose scripts these are: the calling app when the token is an app's, else the site's own (Webflow
    serves custom code to apps only; the site's tokens share one owner, so that what they apply is what the
    control plane exports and seeds)."""
    p = ctx.principal
    return f"app:{p.app_id}" if p.app_id else SITE_OWNER


def script_id_of(display_name: str) -> str:
    """The registered script's id: the slug of its name ("CMS Slider" -> "cms_slider")."""
    return "_".join(display_name.lower().split())


# -- registration -------------------------------------------------------------------------------------
def _name_and_version(display_name: str, version: str) -> list[dict[str, str]]:
    problems = []
    if not 1 <= len(display_name) <= MAX_DISPLAY_NAME or not DISPLAY_NAME.match(display_name):
        problems.append({"param": "displayName", "description": f"displayName must be 1 to {MAX_DISPLAY_NAME} "
                                                               "alphanumeric characters (spaces allowed)"})
    if not SEMVER.match(version):
        problems.append({"param": "version", "description": "version must be a Semantic Version (SemVer) string, "
                                                           "e.g. 1.0.0"})
    return problems


def _register(ctx: Ctx, site: Row[Any], display_name: str, version: str, values: dict[str, Any],
              script_id: str | None = None) -> dict[str, Any]:
    repo = CustomCodeRepository(ctx.conn)
    owner, script_id = owner_of(ctx), script_id or script_id_of(display_name)
    repo.lock_site(site.id)
    if repo.script_version(site.id, owner, script_id, version) is not None:
        raise Conflict(details=[{"param": "version", "description": f"Version {version} of the script "
                                 f"'{script_id}' is already registered; a registered version cannot change, "
                                 "register a new version instead"}])
    if repo.count_site_scripts(site.id) >= MAX_REGISTERED:
        raise MaxRegisteredScripts()
    now = ctx.now()
    row = repo.insert_script({"site_id": site.id, "owner": owner, "script_id": script_id, "version": version,
                              "display_name": display_name, "created_on": now, "last_updated": now, **values})
    return registered_wire(row)


def _location_problems(location: str | None, integrity_hash: str | None) -> list[dict[str, str]]:
    """A hosted script's location and hash (each checked when given)."""
    problems = []
    if location is not None and not HOSTED_URL.match(location):
        problems.append({"param": "hostedLocation", "description": "hostedLocation must be an absolute http or "
                                                                  "https URL"})
    if integrity_hash is not None and not SRI.match(integrity_hash):
        problems.append({"param": "integrityHash", "description": "integrityHash must be a Subresource Integrity "
                                                                 "hash: sha256-, sha384- or sha512- and the "
                                                                 "base64 digest"})
    return problems


def _source_problems(source_code: str) -> list[dict[str, str]]:
    if not 1 <= len(source_code) <= MAX_INLINE_CHARS:
        return [{"param": "sourceCode", "description": f"sourceCode must be 1 to {MAX_INLINE_CHARS} characters"}]
    return []


def _hosted_copy(site: Row[Any], script_id: str, version: str, source_code: str, new_id: str) -> dict[str, Any]:
    """Where webflow-local hosts an inline script, and the hash of the code as hosted."""
    digest = base64.b64encode(hashlib.sha384(source_code.encode()).digest()).decode()
    return {"hosted_location": f"{HOSTED_ROOT}/{site.id}/{new_id}/{script_id}-{version}.js",
            "integrity_hash": f"sha384-{digest}"}


def register_hosted(ctx: Ctx, site_id: str, body: HostedScriptIn) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    problems = _name_and_version(body.display_name, body.version)
    problems += _location_problems(body.hosted_location, body.integrity_hash)
    if problems:
        raise ValidationFailed(details=problems)
    return _register(ctx, site, body.display_name, body.version, {
        "hosted_location": body.hosted_location, "integrity_hash": body.integrity_hash, "source_code": None,
        "can_copy": bool(body.can_copy)})


def register_inline(ctx: Ctx, site_id: str, body: InlineScriptIn) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    problems = _name_and_version(body.display_name, body.version)
    problems += _source_problems(body.source_code) + _location_problems(None, body.integrity_hash)
    if problems:
        raise ValidationFailed(details=problems)
    # Webflow hosts the code: the location is ours, and its hash is that of the code as hosted.
    hosted = _hosted_copy(site, script_id_of(body.display_name), body.version, body.source_code, ctx.new_id())
    return _register(ctx, site, body.display_name, body.version, {
        **hosted, "source_code": body.source_code, "can_copy": bool(body.can_copy)})


def list_registered(ctx: Ctx, site_id: str) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    rows = CustomCodeRepository(ctx.conn).scripts_of(site.id, owner_of(ctx))
    return {"registeredScripts": [registered_wire(r) for r in rows],
            "pagination": pagination(MAX_REGISTERED, 0, len(rows))}


# -- applying -----------------------------------------------------------------------------------------
def _entries(ctx: Ctx, site: Row[Any], scripts: list[ScriptApplyIn]) -> list[dict[str, Any]]:
    """The stored list: every entry names a version the caller registered on this site, once."""
    registered = CustomCodeRepository(ctx.conn).versions_of(site.id, owner_of(ctx)) if scripts else set()
    problems = []
    seen: set[str] = set()
    for i, s in enumerate(scripts):
        if (s.id, s.version) not in registered:
            raise NotFound(f"Requested resource not found: The registered script '{s.id}' version '{s.version}' "
                           "cannot be found", details=[{"param": f"scripts[{i}]", "description": "Register the "
                                                        "script version on this site before applying it"}])
        if s.id in seen:
            problems.append({"param": f"scripts[{i}].id", "description": f"The script '{s.id}' is listed more "
                                                                         "than once"})
        seen.add(s.id)
        for name in s.attributes or {}:
            if not ATTRIBUTE_NAME.match(name):
                problems.append({"param": f"scripts[{i}].attributes", "description": f"'{name}' is not a valid "
                                                                                    "attribute name"})
    if problems:
        raise ValidationFailed(details=problems)
    return [{"id": s.id, "version": s.version, "location": s.location, "attributes": dict(s.attributes or {})}
            for s in scripts]


def _apply(ctx: Ctx, site: Row[Any], page_id: str | None, scripts: list[ScriptApplyIn]) -> dict[str, Any]:
    entries = _entries(ctx, site, scripts)
    repo, owner = CustomCodeRepository(ctx.conn), owner_of(ctx)
    repo.lock_site(site.id)
    existing = repo.block(site.id, page_id, owner)
    if not entries:
        if existing is not None:
            repo.delete_block(site.id, page_id, owner)
        return block_code_wire(None)
    if existing is None:
        repo.insert_block(site.id, page_id, owner, entries, ctx.now())
    else:
        repo.replace_block(existing.id, entries, ctx.now())
    return block_code_wire(repo.block(site.id, page_id, owner))


def apply_to_site(ctx: Ctx, site_id: str, body: ScriptsApplyIn) -> dict[str, Any]:
    return _apply(ctx, visible_site(ctx, site_id), None, body.scripts or [])


def get_site_code(ctx: Ctx, site_id: str) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    return block_code_wire(CustomCodeRepository(ctx.conn).block(site.id, None, owner_of(ctx)))


def delete_site_code(ctx: Ctx, site_id: str) -> None:
    """Removes the caller's scripts from the site (not its pages'; not the registrations)."""
    site = visible_site(ctx, site_id)
    CustomCodeRepository(ctx.conn).delete_block(site.id, None, owner_of(ctx))


# -- pages -------------------------------------------------------------------------------------------
def _page_site(ctx: Ctx, page_id: str) -> tuple[Row[Any], str]:
    """The page's site and the page id, through the pages family's "page" hook (404/403 as its page_id
    owner lookup answers)."""
    for find in ctx.hooks("page"):
        page = find(ctx, page_id)
        return visible_site(ctx, page["siteId"]), str(page["id"])
    raise NotFound.of("Page not found")


def apply_to_page(ctx: Ctx, page_id: str, body: ScriptsApplyIn) -> dict[str, Any]:
    site, pid = _page_site(ctx, page_id)
    return _apply(ctx, site, pid, body.scripts or [])


def get_page_code(ctx: Ctx, page_id: str) -> dict[str, Any]:
    site, pid = _page_site(ctx, page_id)
    return block_code_wire(CustomCodeRepository(ctx.conn).block(site.id, pid, owner_of(ctx)))


def delete_page_code(ctx: Ctx, page_id: str) -> None:
    """Removes the caller's scripts from the page (other callers' stay)."""
    site, pid = _page_site(ctx, page_id)
    CustomCodeRepository(ctx.conn).delete_block(site.id, pid, owner_of(ctx))


def forget_page(ctx: Ctx, page_id: str) -> None:
    """"page_deleted" hook: every owner's scripts applied to a deleted page go with it."""
    CustomCodeRepository(ctx.conn).delete_page_blocks(page_id)


def list_blocks(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    offset = int_query(q, "offset", 0)
    limit = page_limit(q, MAX_LIMIT)
    rows, total = CustomCodeRepository(ctx.conn).blocks_page(site.id, owner_of(ctx), offset, limit)
    return {"blocks": [block_wire(r) for r in rows], "pagination": pagination(limit, offset, total)}


# -- seed files and exports ---------------------------------------------------------------------------
def _seed_script(ctx: Ctx, site: Row[Any], s: RegisteredScriptSeed) -> dict[str, Any]:
    """A registered script of a seed, its id, location and hash kept when given."""
    problems = _name_and_version(s.display_name, s.version)
    if s.id is not None and not SCRIPT_ID.match(s.id):
        problems.append({"param": "id", "description": "a script id is lowercase letters, digits and _"})
    problems += _location_problems(s.hosted_location, s.integrity_hash)
    if s.source_code is not None:
        problems += _source_problems(s.source_code)
    elif s.hosted_location is None:
        # (Its hash may be left out: a script read from Webflow may have none.)
        problems.append({"param": "hostedLocation", "description": "a hosted script (no sourceCode) needs "
                                                                  "hostedLocation"})
    if problems:
        raise ValidationFailed(details=problems)
    values: dict[str, Any] = {"hosted_location": s.hosted_location, "integrity_hash": s.integrity_hash,
                              "source_code": s.source_code, "can_copy": s.can_copy}
    if s.source_code is not None:
        made = _hosted_copy(site, s.id or script_id_of(s.display_name), s.version, s.source_code, ctx.new_id())
        values = {**made, **{k: v for k, v in values.items() if v is not None}}
    return _register(ctx, site, s.display_name, s.version, values, script_id=s.id)


def seed_custom_code(ctx: Ctx, site: dict[str, Any], seeds: list[Any]) -> list[Any]:
    """The `customCode` key of a seeded site (kit SeedSection, one object): registers its scripts and applies
    them, as the site's own (see owner_of), in the seed's order."""
    seed: CustomCodeSeed = seeds[0]
    row = visible_site(ctx, site["id"])
    out: dict[str, Any] = {"registeredScripts": [], "site": None, "pages": []}
    for i, s in enumerate(seed.registered_scripts):
        with params_under(f"customCode.registeredScripts.{i}."):
            out["registeredScripts"].append(_seed_script(ctx, row, s))
    if seed.site:
        with params_under("customCode.site."):
            out["site"] = _apply(ctx, row, None, seed.site)
    for i, p in enumerate(seed.pages):
        page = next((found for find in ctx.hooks("page_by_slug") if (found := find(ctx, row.id, p.page))), None)
        if page is None:
            raise ValidationFailed.param(f"customCode.pages.{i}.page", f"No page '{p.page}' on this site")
        with params_under(f"customCode.pages.{i}."):
            out["pages"].append({"pageId": page["id"], **_apply(ctx, row, str(page["id"]), p.scripts)})
    return [out]


def hosted_bytes(ctx: Ctx, url: str) -> bytes | None:
    """"hosted_bytes" hook (what an export downloads): the code of an inline script at its location."""
    code = CustomCodeRepository(ctx.conn).inline_source(url)
    return code.encode() if code is not None else None
