"""The custom fonts' seed key, `customFonts` (kit SeedSection): loading it, ids kept when given, and making it
from Data API reads for `webflow-local export` and `pull`, each font's binary included."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from typing import Any

from webflow_local.api.custom_fonts.repository import FontRepository
from webflow_local.api.custom_fonts.schemas import FORMATS, FontSeed, extension
from webflow_local.api.custom_fonts.service import FONT_MAX, wire
from webflow_local.context import Ctx
from webflow_local.errors import Conflict, ValidationFailed
from webflow_local.kit.reading import ApiRead, download_or_none, read_all_or_empty
from webflow_local.kit.timefmt import truncate_ms


def _pending_hash(font_id: str) -> str:
    """The file hash of a font seeded without its binary or hash (no read shows the hash of a binary never
    uploaded): one no binary has."""
    return hashlib.md5(f"webflow-local pending font {font_id}".encode()).hexdigest()


def seed_fonts(ctx: Ctx, site: dict[str, Any], seeds: list[FontSeed]) -> list[dict[str, Any]]:
    """Each font in the seed's order: a microsecond apart, so the list (by creation time, then id) answers
    that order whatever the ids; reads show milliseconds, so one time for them all."""
    repo = FontRepository(ctx.conn)
    seen: set[str] = set()
    for i, s in enumerate(seeds):
        if s.id is not None and (s.id in seen or repo.get(s.id) is not None):
            raise Conflict("Conflict: Resource already exists",
                           details=[{"param": f"customFonts.{i}.id", "description": f"'{s.id}' is already an id"}])
        if s.id is not None:
            seen.add(s.id)
    now = truncate_ms(ctx.now())
    out = []
    for i, s in enumerate(seeds):
        fid = s.id or ctx.new_id()
        data = s.file_bytes()
        if data is not None and len(data) > FONT_MAX:
            raise ValidationFailed.param(f"customFonts.{i}.data", f"The font is larger than {FONT_MAX} bytes")
        if data is not None and s.file_hash not in (None, hashlib.md5(data).hexdigest()):
            raise ValidationFailed.param(f"customFonts.{i}.fileHash", "fileHash is not the MD5 of data")
        at = now + timedelta(microseconds=i)
        repo.insert({
            "id": fid, "site_id": site["id"], "font_family": s.font_family, "file_name": s.file_name,
            "file_hash": hashlib.md5(data).hexdigest() if data is not None else s.file_hash or _pending_hash(fid),
            "format": FORMATS[extension(s.file_name)][0], "weight": s.weight, "italic": s.italic,
            "font_display": s.font_display, "axes": [a.wire() for a in s.axes or []], "created_on": at,
            "last_updated": at,
        })
        if data is not None:
            repo.store_file(fid, data, at)
        row = repo.get(fid)
        assert row is not None
        out.append(wire(ctx, row))
    return out


def export_fonts(read: ApiRead, site: dict[str, Any]) -> list[dict[str, Any]]:
    """Every font in list order, with its binary when it was uploaded (downloaded from its hostedUrl)."""
    fonts = read_all_or_empty(read, f"/v2/sites/{site['id']}/custom_fonts", "customFonts")
    out = []
    for f in fonts:
        entry: dict[str, Any] = {k: f[k] for k in ("id", "fontFamily", "fileName", "weight", "italic",
                                                   "fontDisplay")}
        if f.get("axes"):
            entry["axes"] = f["axes"]
        data = download_or_none(read, f["hostedUrl"])
        if data is not None:  # uploaded
            entry["data"] = base64.b64encode(data).decode()
        out.append(entry)
    return out
