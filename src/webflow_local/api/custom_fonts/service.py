"""Custom fonts of a site (v2 only): metadata through the Data API, the binary through the assets family's
S3-style upload target ("presign_upload" hook), served from its file host. This family answers the target's
"upload_received" and "hosted_object" hooks for its own keys (schemas.font_key)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import Row
from starlette.datastructures import QueryParams

from webflow_local.api.custom_fonts.repository import FontRepository
from webflow_local.api.custom_fonts.schemas import (
    FORMATS,
    BatchDelete,
    FontCreate,
    FontFile,
    FontUpdate,
    extension,
    font_key,
    font_wire,
)
from webflow_local.api.sites.service import visible_site
from webflow_local.context import Ctx
from webflow_local.errors import InternalError, NotFound, ValidationFailed
from webflow_local.kit.ids import is_object_id
from webflow_local.kit.params import int_query, object_id, page_limit
from webflow_local.kit.wire import pagination

MAX_LIMIT = 100
# The largest font binary the upload policy allows (Webflow's asset limit for non-image files).
FONT_MAX = 10 * 1024 * 1024
# Webflow's font upload URLs expire after about 15 minutes (the spec's expiresAt).
UPLOAD_EXPIRES_IN = timedelta(minutes=15)


def _assets_hook(ctx: Ctx, name: str) -> Callable[..., Any]:
    for hook in ctx.hooks(name):
        return hook
    raise InternalError(f"custom fonts need the assets family's '{name}' hook")


def _hosted_url(ctx: Ctx, row: Row[Any]) -> str:
    return str(_assets_hook(ctx, "hosted_url")(ctx, font_key(row)))


def wire(ctx: Ctx, row: Row[Any]) -> dict[str, Any]:
    return font_wire(row, _hosted_url(ctx, row))


# -- owners -------------------------------------------------------------------------------------------------

def visible_font(ctx: Ctx, font_id: str) -> Row[Any]:
    """The font, when it exists (else 404) and the caller may use its site (else 403)."""
    row = FontRepository(ctx.conn).get(object_id(font_id))
    if row is None:
        raise NotFound.of("Font not found")
    visible_site(ctx, row.site_id)  # the cached owner lookup: 403 for another site's caller
    return row


def _font_on(ctx: Ctx, site_id: str, font_id: str) -> Row[Any]:
    """The path's font, on the path's site (a font of another site of the caller's is not found here)."""
    row = visible_font(ctx, font_id)
    if row.site_id != visible_site(ctx, site_id).id:
        raise NotFound.of("Font not found")
    return row


# -- the API ------------------------------------------------------------------------------------------------

def list_fonts(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    offset = int_query(q, "offset", 0)
    limit = page_limit(q, MAX_LIMIT)
    rows, total = FontRepository(ctx.conn).page(site.id, offset, limit)
    return {"customFonts": [wire(ctx, r) for r in rows], "pagination": pagination(limit, offset, total)}


def get_font(ctx: Ctx, site_id: str, font_id: str) -> dict[str, Any]:
    return {"customFont": wire(ctx, _font_on(ctx, site_id, font_id))}


def _upload(ctx: Ctx, row: Row[Any]) -> dict[str, Any]:
    """The presigned POST of the font's expected binary: the policy pins its Content-MD5 (from fileHash)."""
    _, content_type = FORMATS[extension(row.file_name)]
    presign = _assets_hook(ctx, "presign_upload")
    upload: dict[str, Any] = presign(ctx, font_key(row), content_type, FONT_MAX, file_hash=row.file_hash,
                                     expires_in=UPLOAD_EXPIRES_IN, type_field="Content-Type")
    return {"customFont": wire(ctx, row), "upload": upload}


def _file_values(body: FontFile) -> dict[str, Any]:
    fmt, _ = FORMATS[extension(body.file_name)]
    return {"file_name": body.file_name, "file_hash": body.file_hash, "format": fmt}


def create_font(ctx: Ctx, site_id: str, body: FontCreate) -> dict[str, Any]:
    """202: the font's metadata and where to upload its binary. The font is listed from now on; its
    hostedUrl serves the binary once the upload arrives."""
    site = visible_site(ctx, site_id)
    now = ctx.now()
    repo = FontRepository(ctx.conn)
    fid = ctx.new_id()
    repo.insert({
        "id": fid, "site_id": site.id, "font_family": body.font_family, **_file_values(body),
        "weight": body.weight, "italic": body.italic, "font_display": body.font_display,
        "axes": [a.wire() for a in body.axes or []], "created_on": now, "last_updated": now,
    })
    row = repo.get(fid)
    assert row is not None
    return _upload(ctx, row)


def update_font(ctx: Ctx, site_id: str, font_id: str, body: FontUpdate) -> dict[str, Any]:
    row = _font_on(ctx, site_id, font_id)
    values: dict[str, Any] = {"font_family": body.font_family, "weight": body.weight, "italic": body.italic,
                              "font_display": body.font_display}
    repo = FontRepository(ctx.conn)
    repo.update(row.id, {**{k: v for k, v in values.items() if v is not None}, "last_updated": ctx.now()})
    updated = repo.get(row.id)
    assert updated is not None
    return {"customFont": wire(ctx, updated)}


def replace_file(ctx: Ctx, site_id: str, font_id: str, body: FontFile) -> dict[str, Any]:
    """202: the font (same id) now expects the new binary, uploaded like a create's. A variable font must say
    what the new binary is (`axes`, [] for static); a static one keeps its axes unless told."""
    row = _font_on(ctx, site_id, font_id)
    if row.axes and body.axes is None:
        raise ValidationFailed.param("axes", "fontMetadata.axes: axes is required when the font being replaced is "
                                             "a variable font (send [] for a static font)")
    repo = FontRepository(ctx.conn)
    values = {**_file_values(body), "last_updated": ctx.now()}
    if body.axes is not None:
        values["axes"] = [a.wire() for a in body.axes]
    # The old binary is not served under the new key; it goes now.
    repo.drop_file(row.id)
    repo.update(row.id, values)
    updated = repo.get(row.id)
    assert updated is not None
    return _upload(ctx, updated)


def delete_font(ctx: Ctx, site_id: str, font_id: str) -> None:
    """Its binary goes with it (ON DELETE CASCADE); its hostedUrl answers 404 from then on."""
    FontRepository(ctx.conn).delete([_font_on(ctx, site_id, font_id).id])


def batch_delete(ctx: Ctx, site_id: str, body: BatchDelete) -> dict[str, Any]:
    """200 with per-font results: fonts of the site are deleted, any other id is `failed` NotFound (so a retry
    of the whole list is harmless). An id listed twice is reported once."""
    site = visible_site(ctx, site_id)
    ids = list(dict.fromkeys(i.id for i in body.items))
    repo = FontRepository(ctx.conn)
    found = repo.of_site(site.id, ids)
    repo.delete([i for i in ids if i in found])
    return {"deleted": [{"id": i} for i in ids if i in found],
            "failed": [{"id": i, "name": "NotFound", "msg": "Font not found"} for i in ids if i not in found]}


# -- the assets' upload target and file host (their hooks) ------------------------------------------------

def _font_of_key(repo: FontRepository, key: str) -> Row[Any] | None:
    """The font whose current binary is stored under `key` (schemas.font_key)."""
    _, _, name = key.partition("/")
    font_id = name[:24]
    if not is_object_id(font_id) or name[24:25] != "-":
        return None
    row = repo.get(font_id)
    return row if row is not None and font_key(row) == key else None


def upload_received(ctx: Ctx, key: str, data: bytes) -> bool:
    """Stores a verified upload when `key` is a font's current binary (S3 checked its Content-MD5 against the
    fileHash the policy pins). False: not a font's key."""
    repo = FontRepository(ctx.conn)
    row = _font_of_key(repo, key)
    if row is None:
        return False
    now = ctx.now()
    repo.store_file(row.id, data, now)
    repo.update(row.id, {"last_updated": now})
    return True


def hosted_object(ctx: Ctx, key: str) -> tuple[str, bytes, str] | None:
    """(content type, bytes, MD5 hex) of the font binary stored under `key`, or None."""
    repo = FontRepository(ctx.conn)
    row = _font_of_key(repo, key)
    data = repo.file(row.id) if row is not None else None
    if row is None or data is None:
        return None
    return FORMATS[extension(row.file_name)][1], data, row.file_hash
