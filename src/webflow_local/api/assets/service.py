"""Assets and asset folders: metadata through the Data API, the bytes through the upload target (s3post)
and the hosted files. The same file (MD5) is the same asset of a site; alt text is kept per site locale."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import Row
from starlette.datastructures import QueryParams

from webflow_local.api.assets import remote, s3post
from webflow_local.api.assets.repository import AssetRepository
from webflow_local.api.assets.schemas import (
    MAX_FILE_NAME,
    AssetCreate,
    AssetUpdate,
    FolderCreate,
    asset_key,
    asset_wire,
    file_url,
    folder_wire,
)
from webflow_local.api.sites.service import site_locales, visible_site
from webflow_local.context import Ctx
from webflow_local.errors import NotFound, ValidationFailed
from webflow_local.kit.ids import is_object_id
from webflow_local.kit.params import int_query, object_id, page_limit
from webflow_local.kit.timefmt import iso
from webflow_local.kit.wire import pagination

MAX_LIMIT = 100
IMAGE_MAX = 4 * 1024 * 1024
DOCUMENT_MAX = 10 * 1024 * 1024
# Content types by extension (a fixed table, so every machine answers alike); others are octet-stream.
CONTENT_TYPES = {
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml",
    "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon", "bmp": "image/bmp",
    "pdf": "application/pdf", "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation", "txt": "text/plain", "csv": "text/csv",
    "json": "application/json", "zip": "application/zip", "mp4": "video/mp4", "webm": "video/webm",
    "mp3": "audio/mpeg", "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
}


def content_type_of(file_name: str) -> str:
    ext = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    return CONTENT_TYPES.get(ext, "application/octet-stream")


def size_limit(content_type: str) -> int:
    """Images up to 4 MB, everything else (documents) up to 10 MB, as Webflow's asset uploads."""
    return IMAGE_MAX if content_type.startswith("image/") else DOCUMENT_MAX


# -- owners -------------------------------------------------------------------------------------------------

def visible_asset(ctx: Ctx, asset_id: str) -> Row[Any]:
    """The asset, when it exists (else 404) and the caller may use its site (else 403)."""
    row = AssetRepository(ctx.conn).get(object_id(asset_id))
    if row is None:
        raise NotFound.of("Asset not found")
    visible_site(ctx, row.site_id)  # the cached owner lookup: 403 for another site's caller
    return row


def visible_folder(ctx: Ctx, folder_id: str) -> Row[Any]:
    row = AssetRepository(ctx.conn).folder(object_id(folder_id))
    if row is None:
        raise NotFound.of("Asset folder not found")
    visible_site(ctx, row.site_id)  # the cached owner lookup: 403 for another site's caller
    return row


def _folder_of_site(ctx: Ctx, site_id: str, folder_id: str | None, param: str) -> Row[Any] | None:
    """A body's folder reference: None for the root; 404 when it is no folder of this site."""
    if folder_id is None:
        return None
    row = AssetRepository(ctx.conn).folder(folder_id) if is_object_id(folder_id) else None
    if row is None or row.site_id != site_id:
        raise NotFound("Requested resource not found: Asset folder not found",
                       details=[{"param": param, "description": f"No asset folder '{folder_id}' on this site"}])
    return row


def _locale_id(ctx: Ctx, site_id: str, q: QueryParams) -> str:
    """The site locale `localeId` names (its id or its cmsLocaleId); the primary locale when it is absent."""
    wanted = q.get("localeId") or ""
    locales = site_locales(ctx, site_id)
    if not wanted:
        return str(next(loc.id for loc in locales if loc.is_primary))
    for loc in locales:
        if wanted in (loc.id, loc.cms_locale_id):
            return str(loc.id)
    raise NotFound("Requested resource not found: Locale not found",
                   details=[{"param": "localeId", "description": f"No locale '{wanted}' on this site"}])


# -- folders ------------------------------------------------------------------------------------------------

def _folders_wire(ctx: Ctx, rows: Sequence[Row[Any]]) -> list[dict[str, Any]]:
    ids = AssetRepository(ctx.conn).asset_ids_in([r.id for r in rows])
    return [folder_wire(r, ids[r.id]) for r in rows]


def list_folders(ctx: Ctx, site_id: str) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    rows = AssetRepository(ctx.conn).folders_of(site.id)
    # Webflow answers the envelope without taking paging parameters: every folder, in one page.
    return {"assetFolders": _folders_wire(ctx, rows), "pagination": pagination(len(rows), 0, len(rows))}


def create_folder(ctx: Ctx, site_id: str, body: FolderCreate) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    parent = _folder_of_site(ctx, site.id, body.parent_folder, "parentFolder")
    now = ctx.now()
    fid = ctx.new_id()
    repo = AssetRepository(ctx.conn)
    ok = repo.insert_folder({
        "id": fid, "site_id": site.id, "parent_id": parent.id if parent else None,
        "parent_key": parent.id if parent else "", "display_name": body.display_name,
        "created_on": now, "last_updated": now,
    })
    if not ok:
        raise ValidationFailed.param("displayName", f"An asset folder named '{body.display_name}' already exists "
                                                    "in this folder")
    row = repo.folder(fid)
    assert row is not None
    return folder_wire(row, [])


def get_folder(ctx: Ctx, folder_id: str) -> dict[str, Any]:
    return _folders_wire(ctx, [visible_folder(ctx, folder_id)])[0]


# -- assets -------------------------------------------------------------------------------------------------

def _secret(ctx: Ctx) -> str:
    configured = ctx.settings.upload_secret
    if configured:
        return configured
    return ctx.cached(("upload_secret",), lambda: AssetRepository(ctx.conn).secret(secrets.token_hex(32)))


def upload_url(ctx: Ctx) -> str:
    return f"{ctx.settings.public_url.rstrip('/')}/_uploads/{s3post.BUCKET}"


def presign_upload(ctx: Ctx, key: str, content_type: str, max_size: int, *, file_hash: str | None = None,
                   expires_in: timedelta = s3post.EXPIRES_IN, type_field: str = "content-type") -> dict[str, Any]:
    """A presigned POST to this family's upload target for another family's object (the "presign_upload"
    hook): `{url, fields, expiresAt}`. With `file_hash` the policy pins its Content-MD5, so S3's own check
    refuses other bytes. The bytes arrive through the owner's "upload_received" hook."""
    now = ctx.now()
    md5 = s3post.content_md5(file_hash) if file_hash is not None else None
    fields = s3post.presign(_secret(ctx), now, key, content_type, max_size, content_md5=md5,
                            expires_in=expires_in, type_field=type_field)
    return {"url": upload_url(ctx), "fields": fields, "expiresAt": s3post.expiration_of(now, expires_in)}


def _upload_answer(ctx: Ctx, row: Row[Any]) -> dict[str, Any]:
    public = ctx.settings.public_url.rstrip("/")
    key = asset_key(row)
    url = file_url(public, key)
    return {
        "uploadDetails": s3post.presign(_secret(ctx), ctx.now(), key, row.content_type,
                                        size_limit(row.content_type)),
        "contentType": row.content_type,
        "id": row.id,
        "parentFolder": row.folder_id,
        "uploadUrl": upload_url(ctx),
        "assetUrl": url,
        "hostedUrl": url,
        "originalFileName": row.file_name,
        "createdOn": iso(row.created_on),
        "lastUpdated": iso(row.last_updated),
    }


def create_asset(ctx: Ctx, site_id: str, body: AssetCreate) -> dict[str, Any]:
    """The asset's metadata and where to upload its bytes. The same file (hash) on the same site is the
    existing asset, answered again with fresh upload details."""
    site = visible_site(ctx, site_id)
    folder = _folder_of_site(ctx, site.id, body.parent_folder, "parentFolder")
    repo = AssetRepository(ctx.conn)
    existing = repo.by_hash(site.id, body.file_hash)
    if existing is None:
        now = ctx.now()
        aid = ctx.new_id()
        ok = repo.insert({
            "id": aid, "site_id": site.id, "folder_id": folder.id if folder else None,
            "file_name": body.file_name, "display_name": f"{aid}_{body.file_name}",
            "content_type": content_type_of(body.file_name), "file_hash": body.file_hash, "size": 0,
            "uploaded_on": None, "created_on": now, "last_updated": now,
        })
        # A concurrent request for the same file may have won: answer its asset.
        existing = repo.get(aid) if ok else repo.by_hash(site.id, body.file_hash)
    assert existing is not None
    return _upload_answer(ctx, existing)


def _descendants(ctx: Ctx, site_id: str, folder_id: str) -> list[str]:
    children: dict[str | None, list[str]] = {}
    for f in AssetRepository(ctx.conn).folders_of(site_id):
        children.setdefault(f.parent_id, []).append(f.id)
    out, todo = [], [folder_id]
    while todo:
        fid = todo.pop()
        out.append(fid)
        todo.extend(children.get(fid, []))
    return out


def list_assets(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    """Paged (the real API honours offset/limit though the spec omits them); `folderId` takes the folder
    and every folder below it."""
    site = visible_site(ctx, site_id)
    locale = _locale_id(ctx, site.id, q)
    offset = int_query(q, "offset", 0)
    limit = page_limit(q, MAX_LIMIT)
    folder_ids = None
    wanted = q.get("folderId") or ""
    if wanted:
        folder_ids = _descendants(ctx, site.id, object_id(wanted))
    repo = AssetRepository(ctx.conn)
    rows, total = repo.page(site.id, folder_ids, offset, limit)
    alts = repo.alt_texts([r.id for r in rows], locale)
    public = ctx.settings.public_url
    return {"assets": [asset_wire(r, public, alts.get(r.id), in_list=True) for r in rows],
            "pagination": pagination(limit, offset, total)}


def _render(ctx: Ctx, row: Row[Any], locale: str) -> dict[str, Any]:
    alt = AssetRepository(ctx.conn).alt_texts([row.id], locale).get(row.id)
    return asset_wire(row, ctx.settings.public_url, alt)


def get_asset(ctx: Ctx, asset_id: str, q: QueryParams) -> dict[str, Any]:
    row = visible_asset(ctx, asset_id)
    return _render(ctx, row, _locale_id(ctx, row.site_id, q))


def update_asset(ctx: Ctx, asset_id: str, q: QueryParams, body: AssetUpdate) -> dict[str, Any]:
    """displayName is the asset's; altText belongs to the locale `localeId` names (the primary without it)."""
    row = visible_asset(ctx, asset_id)
    locale = _locale_id(ctx, row.site_id, q)
    repo = AssetRepository(ctx.conn)
    values: dict[str, Any] = {}
    if body.display_name is not None:
        values["display_name"] = body.display_name
    if body.alt_text is not None:
        repo.set_alt_text(row.id, locale, body.alt_text)
    if values or body.alt_text is not None:
        repo.update(row.id, {**values, "last_updated": ctx.now()})
    updated = repo.get(row.id)
    assert updated is not None
    return _render(ctx, updated, locale)


def delete_asset(ctx: Ctx, asset_id: str) -> None:
    """Its bytes and alt texts go with it (ON DELETE CASCADE); its hosted URL answers 404 from then on."""
    AssetRepository(ctx.conn).delete(visible_asset(ctx, asset_id).id)


# -- the upload target and the hosted files (no token: the signed policy is the authority) --------------

def receive_upload(ctx: Ctx, bucket: str, body: bytes, content_type: str) -> tuple[str, str, str]:
    """Checks a presigned POST as S3 would (s3post.verify), then that the bytes are the asset's file (their
    MD5 is its fileHash), and stores them. A key that is no asset's goes to the families that presign uploads
    here (their "upload_received" hook: `(ctx, key, data) -> bool`, True when the key was theirs).
    Answers (location, key, etag); raises s3post.S3Error."""
    if bucket != s3post.BUCKET:
        raise s3post.S3Error(404, "NoSuchBucket", "The specified bucket does not exist", BucketName=bucket)
    form = s3post.parse_form(body, content_type)
    key, data = s3post.verify(form, bucket, _secret(ctx), ctx.now())
    digest = hashlib.md5(data).hexdigest()
    location = file_url(ctx.settings.public_url, key), key, f'"{digest}"'
    repo = AssetRepository(ctx.conn)
    row = _asset_of_key(repo, key)
    if row is None:
        if any(take(ctx, key, data) for take in ctx.hooks("upload_received")):
            return location
        raise s3post.access_denied()  # signed for an object deleted since
    if digest != row.file_hash:
        raise s3post.S3Error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.",
                             ExpectedDigest=row.file_hash, CalculatedDigest=digest)
    now = ctx.now()
    repo.store_file(row.id, data, now)
    repo.update(row.id, {"size": len(data), "uploaded_on": now, "last_updated": now})
    return location


def _asset_of_key(repo: AssetRepository, key: str) -> Row[Any] | None:
    """The asset stored under "<siteId>/<assetId>_<fileName>"."""
    _, _, name = key.partition("/")
    asset_id = name[:24]
    if not is_object_id(asset_id) or name[24:25] != "_":
        return None
    row = repo.get(asset_id)
    return row if row is not None and asset_key(row) == key else None


def hosted_file(ctx: Ctx, path: str) -> tuple[str, bytes, str]:
    """The uploaded bytes served at a hostedUrl: (content type, bytes, MD5 hex). An asset's, else another
    family's ("hosted_object" hook: `(ctx, key) -> (content type, bytes, md5) | None`); 404 NoSuchKey until
    they arrive and after delete."""
    key = path
    repo = AssetRepository(ctx.conn)
    row = _asset_of_key(repo, key)
    data = repo.file(row.id) if row is not None else None
    if row is not None and data is not None:
        return row.content_type, data, row.file_hash
    if row is None:
        for find in ctx.hooks("hosted_object"):
            found: tuple[str, bytes, str] | None = find(ctx, key)
            if found is not None:
                return found
    raise s3post.S3Error(404, "NoSuchKey", "The specified key does not exist.", Key=key)


# -- CMS Image, MultiImage and File values (the "asset_for_field" hook of the items family) ----------------

def _asset_of_hosted_url(ctx: Ctx, repo: AssetRepository, url: str) -> Row[Any] | None:
    prefix = file_url(ctx.settings.public_url, "")
    return _asset_of_key(repo, unquote(url[len(prefix):])) if url.startswith(prefix) else None


def _file_name_of(url: str) -> str:
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1]).strip() or "file"
    name = "".join(ch for ch in name if ch.isprintable() and ch not in "/\\\x00")
    return (name or "file")[-MAX_FILE_NAME:]


def _fetched(ctx: Ctx, site_id: str, url: str, kind: str) -> Row[Any]:
    """The remote file as an asset of the site (the same bytes: the existing asset). Raises remote.Unusable."""
    limit = IMAGE_MAX if kind != "File" else DOCUMENT_MAX
    data, declared = remote.fetch(url, ctx.settings, limit)
    name = _file_name_of(url)
    content_type = declared.split(";")[0].strip().lower()
    if not content_type or content_type == "application/octet-stream" or "/" not in content_type:
        content_type = content_type_of(name)
    if kind != "File" and not content_type.startswith("image/"):
        raise remote.Unusable(f"the file at {url} is not an image ({content_type})")
    if len(data) > size_limit(content_type):
        raise remote.Unusable(f"the file at {url} is larger than {size_limit(content_type)} bytes")
    digest = hashlib.md5(data).hexdigest()
    repo = AssetRepository(ctx.conn)
    now = ctx.now()
    aid = ctx.new_id()
    repo.insert({
        "id": aid, "site_id": site_id, "folder_id": None, "file_name": name, "display_name": f"{aid}_{name}",
        "content_type": content_type, "file_hash": digest, "size": 0, "uploaded_on": None,
        "created_on": now, "last_updated": now,
    })
    row = repo.by_hash(site_id, digest)  # ours, or the site's asset with these bytes
    assert row is not None
    if row.uploaded_on is None:
        repo.store_file(row.id, data, now)
        repo.update(row.id, {"size": len(data), "uploaded_on": now, "last_updated": now})
    return row


def asset_for_field(ctx: Ctx, site_id: str, value: dict[str, Any], kind: str) -> dict[str, Any] | None:
    """A CMS file value `{fileId, url, alt}` of a field of type `kind` (Image or File) as Webflow renders it
    when it names a file of the site: an asset id, an asset's hostedUrl, or (WEBFLOW_LOCAL_FETCH_REMOTE_FILES)
    a remote URL fetched into a new asset. None: keep the value as given. Raises remote.Unusable (a
    ValueError) when a remote file cannot be used."""
    repo = AssetRepository(ctx.conn)
    file_id, url = value.get("fileId"), value.get("url")
    row = repo.get(file_id) if isinstance(file_id, str) and is_object_id(file_id) else None
    if row is None and isinstance(url, str):
        row = _asset_of_hosted_url(ctx, repo, url)
        if row is None and ctx.settings.fetch_remote_files and not url.startswith(file_url(ctx.settings.public_url,
                                                                                           "")):
            row = _fetched(ctx, site_id, url, kind)
    if row is None or row.site_id != site_id:
        return None
    alt = value.get("alt")
    if alt is None:
        primary = next(loc.id for loc in site_locales(ctx, site_id) if loc.is_primary)
        alt = repo.alt_texts([row.id], primary).get(row.id)
    return {"fileId": row.id, "url": file_url(ctx.settings.public_url, asset_key(row)), "alt": alt}
