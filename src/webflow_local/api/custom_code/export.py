"""The `customCode` seed key of a site made from Data API reads (kit SeedSection.export), for
`webflow-local export` and `pull`: the reading caller's registered scripts (ids, locations and hashes kept,
an inline script's code when its location is one webflow-local hosts) and where it applied them.

A caller reads only its own scripts: on this server the export reads as the control plane, whose scripts
are the site's own (those of site and workspace tokens); an app's are not exported, as apps are not."""

from __future__ import annotations

from typing import Any

from webflow_local.api.custom_code.service import HOSTED_ROOT
from webflow_local.kit.reading import ApiRead, ReadRefused, read_all_or_empty


def _source(read: ApiRead, location: str) -> str | None:
    """An inline script's code, from where it is hosted (a hosted script's own URL is not read)."""
    if not location.startswith(f"{HOSTED_ROOT}/"):
        return None
    try:
        return read.download(location).decode()
    except (ReadRefused, UnicodeDecodeError):
        return None


def _registered(read: ApiRead, s: dict[str, Any]) -> dict[str, Any]:
    out = {"id": s["id"], "displayName": s["displayName"], "version": s["version"],
           "hostedLocation": s["hostedLocation"], "integrityHash": s["integrityHash"],
           "canCopy": bool(s.get("canCopy"))}
    code = _source(read, s["hostedLocation"])
    if code is not None:
        out["sourceCode"] = code
    return {k: v for k, v in out.items() if v is not None}


def _applied(scripts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": s["id"], "version": s["version"], "location": s["location"],
             **({"attributes": s["attributes"]} if s.get("attributes") else {})} for s in scripts]


def export_custom_code(read: ApiRead, site: dict[str, Any]) -> dict[str, Any] | None:
    base = f"/v2/sites/{site['id']}"
    registered = read_all_or_empty(read, f"{base}/registered_scripts", "registeredScripts")
    blocks = read_all_or_empty(read, f"{base}/custom_code/blocks", "blocks")
    out = {
        "registeredScripts": [_registered(read, s) for s in registered],
        "site": next((_applied(b["scripts"]) for b in blocks if not b.get("pageId")), []),
        # In the order the blocks list answers (pages in the order their scripts were first applied).
        "pages": [{"page": b["pageId"], "scripts": _applied(b["scripts"])} for b in blocks
                  if b.get("pageId") and b["scripts"]],
    }
    return {k: v for k, v in out.items() if v} or None
