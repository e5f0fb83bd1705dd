"""The assets family's seed keys, `assetFolders` and `assets` (kit SeedSection): loading them, ids kept when
given, and making them from Data API reads for `webflow-local export` and `pull`, the bytes included."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote

from sqlalchemy import Row

from webflow_local.api.assets import s3post
from webflow_local.api.assets.repository import AssetRepository
from webflow_local.api.assets.schemas import AssetSeed, FolderSeed, asset_wire, file_url
from webflow_local.api.assets.service import content_type_of, hosted_file, size_limit
from webflow_local.api.sites.service import site_locales
from webflow_local.context import Ctx
from webflow_local.errors import Conflict, NotFound, ValidationFailed
from webflow_local.kit.reading import ApiRead, download_or_none, read_all_or_empty
from webflow_local.kit.timefmt import truncate_ms

# A read the source may refuse: a token without the assets scopes (403), a site without them (404).


def seeded_at(now: datetime, position: int) -> datetime:
    """A seeded row's creation time: a microsecond after the entry before it, so lists (by creation time,
    then id) answer the seed's order whatever its ids; reads show milliseconds, so one time for them all."""
    return truncate_ms(now) + timedelta(microseconds=position)


def _ids(ctx: Ctx, given: list[str | None], taken: Callable[[str], object], key: str) -> list[str]:
    """The entries' ids: each given one unless the seed repeats it or something has it (409), else a new one."""
    seen: set[str] = set()
    for i, value in enumerate(given):
        if value is not None and (value in seen or taken(value) is not None):
            raise Conflict("Conflict: Resource already exists",
                           details=[{"param": f"{key}.{i}.id", "description": f"'{value}' is already an id"}])
        if value is not None:
            seen.add(value)
    return [value or ctx.new_id() for value in given]


def _named(candidates: list[tuple[Any, str, str]], ref: str, param: str) -> Any:
    """The folder `ref` names among (handle, id, displayName): by id, else by a name only one folder has."""
    for handle, fid, _ in candidates:
        if fid == ref:
            return handle
    named = [handle for handle, _, name in candidates if name == ref]
    if len(named) > 1:
        raise ValidationFailed.param(param, f"More than one asset folder is named '{ref}': name it by its id")
    if not named:
        raise NotFound("Requested resource not found: Asset folder not found",
                       details=[{"param": param, "description": f"No asset folder '{ref}' on this site"}])
    return named[0]


# -- loading --------------------------------------------------------------------------------------------------

def seed_folders(ctx: Ctx, site: dict[str, Any], seeds: list[FolderSeed]) -> list[dict[str, Any]]:
    """The `assetFolders` key: each parent made before its children, whatever the list's order."""
    repo = AssetRepository(ctx.conn)
    ids = _ids(ctx, [s.id for s in seeds], repo.folder, "assetFolders")
    # A parent is an entry of this seed (its position) or a folder the site has (its id).
    candidates = [(i, ids[i], s.display_name) for i, s in enumerate(seeds)]
    candidates += [(f.id, f.id, f.display_name) for f in repo.folders_of(site["id"])]
    parents = [None if s.parent_folder is None else
               _named(candidates, s.parent_folder, f"assetFolders.{i}.parentFolder") for i, s in enumerate(seeds)]
    now = ctx.now()
    made: list[dict[str, Any] | None] = [None] * len(seeds)

    def make(i: int, inside: frozenset[int]) -> str:
        if made[i] is None:
            if i in inside:
                raise ValidationFailed.param(f"assetFolders.{i}.parentFolder", "An asset folder cannot be inside "
                                                                               "itself")
            parent = parents[i]
            parent_id = make(parent, inside | {i}) if isinstance(parent, int) else parent
            at = seeded_at(now, i)
            if not repo.insert_folder({"id": ids[i], "site_id": site["id"], "parent_id": parent_id,
                                       "parent_key": parent_id or "", "display_name": seeds[i].display_name,
                                       "created_on": at, "last_updated": at}):
                raise ValidationFailed.param(f"assetFolders.{i}.displayName", "An asset folder named "
                                             f"'{seeds[i].display_name}' already exists in this folder")
            made[i] = {"id": ids[i], "displayName": seeds[i].display_name, "parentFolder": parent_id}
        return ids[i]

    for i in range(len(seeds)):
        make(i, frozenset())
    return [m for m in made if m is not None]


def _pending_hash(asset_id: str) -> str:
    """The file hash of an asset seeded without bytes or hash (an export cannot read the hash of a file
    never uploaded): one no file has, so the asset waits, as before, for an upload that never comes."""
    return hashlib.md5(f"webflow-local pending asset {asset_id}".encode()).hexdigest()


def _locale_ids(ctx: Ctx, site_id: str) -> dict[str, str]:
    """A seed's locale names (tags, or site locale ids) -> site locale ids."""
    out: dict[str, str] = {}
    for loc in site_locales(ctx, site_id):
        out[str(loc.tag)] = out[str(loc.id)] = str(loc.id)
    return out


def seed_assets(ctx: Ctx, site: dict[str, Any], seeds: list[AssetSeed]) -> list[dict[str, Any]]:
    """The `assets` key, after `assetFolders`: each asset with its alt texts and, when given, its bytes."""
    repo = AssetRepository(ctx.conn)
    ids = _ids(ctx, [s.id for s in seeds], repo.get, "assets")
    folders = [(f.id, f.id, f.display_name) for f in repo.folders_of(site["id"])]
    locales = _locale_ids(ctx, site["id"])
    now = ctx.now()
    out: list[Row[Any]] = []
    for i, (aid, s) in enumerate(zip(ids, seeds, strict=True)):
        data = s.file_bytes()
        content_type = s.content_type or content_type_of(s.file_name)
        if data is not None and len(data) > size_limit(content_type):
            raise ValidationFailed.param(f"assets.{i}.data", f"The file is larger than {size_limit(content_type)} "
                                                             "bytes")
        if data is not None and s.file_hash not in (None, hashlib.md5(data).hexdigest()):
            raise ValidationFailed.param(f"assets.{i}.fileHash", "fileHash is not the MD5 of data")
        unknown = [k for k in s.alt_text if k not in locales]
        if unknown:
            raise ValidationFailed.param(f"assets.{i}.altText", f"'{unknown[0]}' is no locale of this site")
        folder = None if s.parent_folder is None else _named(folders, s.parent_folder,
                                                               f"assets.{i}.parentFolder")
        file_hash = hashlib.md5(data).hexdigest() if data is not None else s.file_hash or _pending_hash(aid)
        at = seeded_at(now, i)
        if not repo.insert({"id": aid, "site_id": site["id"], "folder_id": folder, "file_name": s.file_name,
                            "display_name": s.display_name or f"{aid}_{s.file_name}", "content_type": content_type,
                            "file_hash": file_hash, "size": 0 if data is None else len(data),
                            "uploaded_on": None if data is None else at, "created_on": at, "last_updated": at}):
            raise Conflict("Conflict: Resource already exists", details=[{
                "param": f"assets.{i}.{'fileHash' if data is None else 'data'}",
                "description": "The site already has an asset of this file"}])
        if data is not None:
            repo.store_file(aid, data, at)
        for name, text in s.alt_text.items():
            repo.set_alt_text(aid, locales[name], text)
        row = repo.get(aid)
        assert row is not None
        out.append(row)
    primary = next(str(loc.id) for loc in site_locales(ctx, site["id"]) if loc.is_primary)
    alts = repo.alt_texts([r.id for r in out], primary)
    return [asset_wire(r, ctx.settings.public_url, alts.get(r.id), in_list=True) for r in out]


# -- the "hosted_bytes" hook: what `export` downloads from this server ---------------------------------------

def hosted_bytes(ctx: Ctx, url: str) -> bytes | None:
    """The bytes this server's file host serves at `url` (an asset's, or another family's object such as a
    font binary), None for any other URL or a file not there."""
    prefix = file_url(ctx.settings.public_url, "")
    if not url.startswith(prefix):
        return None
    try:
        return hosted_file(ctx, unquote(url[len(prefix):].partition("?")[0]))[1]
    except s3post.S3Error:
        return None


# -- export ---------------------------------------------------------------------------------------------------



def export_folders(read: ApiRead, site: dict[str, Any]) -> list[dict[str, Any]]:
    """Every folder in the order the list answers (a parent may come after a child: the load sorts that out)."""
    folders = read_all_or_empty(read, f"/v2/sites/{site['id']}/asset_folders", "assetFolders")
    return [{"id": f["id"], "displayName": f["displayName"],
             **({"parentFolder": f["parentFolder"]} if f.get("parentFolder") else {})} for f in folders]




def export_assets(read: ApiRead, site: dict[str, Any]) -> list[dict[str, Any]]:
    """Every asset in list order: its folder, its alt text in each locale (get-asset per locale), its bytes."""
    sid = site["id"]
    assets = read_all_or_empty(read, f"/v2/sites/{sid}/assets", "assets")
    if not assets:
        return []
    # Folder membership as the folders list it, where an asset does not name its folder.
    member_of = {aid: f["id"] for f in read_all_or_empty(read, f"/v2/sites/{sid}/asset_folders", "assetFolders")
                 for aid in f.get("assets") or []}
    locales = [site["locales"]["primary"], *site["locales"]["secondary"]]
    out = []
    for a in assets:
        entry: dict[str, Any] = {"id": a["id"], "fileName": a["originalFileName"], "displayName": a["displayName"],
                                 "contentType": a["contentType"]}
        folder = a.get("folderId") or member_of.get(a["id"])
        if folder:
            entry["parentFolder"] = folder
        alts = {}
        for loc in locales:
            alt = read.get(f"/v2/assets/{a['id']}", localeId=loc["id"]).get("altText")
            if alt is not None:
                alts[loc["tag"]] = alt
        if alts:
            entry["altText"] = alts
        data = download_or_none(read, a["hostedUrl"])
        if data is not None:
            entry["data"] = base64.b64encode(data).decode()
        out.append(entry)
    return out
