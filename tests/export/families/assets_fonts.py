"""State of this family beyond the demo world, for the export round trip (tests/export/test_round_trip.py):
nested asset folders (the same name under two parents), uploaded assets (one empty, one patched, alt text in
the primary and a secondary locale, in folders or at the root), an asset whose upload never arrived, a CMS
image naming an uploaded asset, and uploaded custom fonts (static, variable, italic, a replaced binary)."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3
PDF = b"%PDF-1.4\n" + b"round trip\n" * 50
WOFF2 = b"wOF2" + bytes(range(256)) * 4
TTF = b"\x00\x01\x00\x00" + bytes(reversed(range(256))) * 4


def _ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, f"{r.request.method} {r.request.url}: {r.status_code} {r.text}"
    return r.json() if r.content else None


def _folder(api: httpx.Client, site_id: str, name: str, parent: str | None = None) -> str:
    body = {"displayName": name, **({"parentFolder": parent} if parent else {})}
    return str(_ok(api.post(f"/sites/{site_id}/asset_folders", json=body))["id"])


def _asset(api: httpx.Client, site_id: str, name: str, data: bytes, folder: str | None = None, *,
           upload: bool = True) -> str:
    body = {"fileName": name, "fileHash": hashlib.md5(data).hexdigest(), **({"parentFolder": folder} if folder else {})}
    made = _ok(api.post(f"/sites/{site_id}/assets", json=body))
    if upload:
        r = httpx.post(made["uploadUrl"], data=made["uploadDetails"], files={"file": ("blob", data)}, timeout=30)
        assert r.status_code == 201, r.text
    return str(made["id"])


def _font(api: httpx.Client, site_id: str, data: bytes, **body: Any) -> str:
    made = _ok(api.post(f"/sites/{site_id}/custom_fonts", json={"fileHash": hashlib.md5(data).hexdigest(), **body}),
               202)
    up = made["upload"]
    r = httpx.post(up["url"], data=up["fields"], files={"file": ("font", data)}, timeout=30)
    assert r.status_code == 201, r.text
    return str(made["customFont"]["id"])


def enrich(api: httpx.Client, admin: httpx.Client, site_id: str) -> None:
    """`api`: the Data API (/v2) with an all-scopes site token; `admin`: the control plane."""
    site = _ok(api.get(f"/sites/{site_id}"))
    fr, de = (next(loc["id"] for loc in site["locales"]["secondary"] if loc["tag"] == tag)
              for tag in ("fr-FR", "de-DE"))
    brand = _folder(api, site_id, "Brand")
    logos = _folder(api, site_id, "Logos", brand)
    icons = _folder(api, site_id, "Icons")
    _folder(api, site_id, "Archive", logos)
    small = _folder(api, site_id, "Archive", icons)

    logo = _asset(api, site_id, "logo.png", PNG, logos)
    _ok(api.patch(f"/assets/{logo}", json={"displayName": "Acme logo", "altText": "The Acme logo"}))
    _ok(api.patch(f"/assets/{logo}", params={"localeId": fr}, json={"altText": "Le logo d'Acme"}))
    report = _asset(api, site_id, "report 2026.pdf", PDF)
    _ok(api.patch(f"/assets/{report}", params={"localeId": de}, json={"altText": "Bericht"}))
    _asset(api, site_id, "empty.txt", b"", icons)
    _asset(api, site_id, "never-uploaded.png", PNG + b"!", small, upload=False)

    # A CMS Image value naming an asset: items are seeded before assets, so the value is kept as exported.
    authors = next(c for c in _ok(api.get(f"/sites/{site_id}/collections"))["collections"]
                   if c["displayName"] == "Authors")
    author = _ok(api.get(f"/collections/{authors['id']}/items"))["items"][0]
    _ok(api.patch(f"/collections/{authors['id']}/items/{author['id']}",
                  json={"fieldData": {"avatar": {"fileId": logo}}}))

    _font(api, site_id, WOFF2, fileName="Acme-Regular.woff2", fontFamily="Acme Sans", weight=400, italic=False,
          fontDisplay="swap")
    variable = _font(api, site_id, TTF, fileName="Acme-Variable.ttf", fontFamily="Acme Flex", weight=700,
                     italic=True, fontDisplay="block",
                     axes=[{"tag": "wght", "name": "Weight", "min": 100, "max": 900, "defaultValue": 400},
                           {"tag": "slnt", "min": -12.5, "max": 0, "defaultValue": 0}])
    # A replaced binary: the font keeps its id, its hostedUrl names the new file.
    made = _ok(api.put(f"/sites/{site_id}/custom_fonts/{variable}/file",
                        json={"fileName": "Acme-Variable.woff2", "fileHash": hashlib.md5(WOFF2 + b"v2").hexdigest(),
                              "axes": [{"tag": "wght", "min": 200, "max": 800, "defaultValue": 500}]}), 202)
    up = made["upload"]
    r = httpx.post(up["url"], data=up["fields"], files={"file": ("font", WOFF2 + b"v2")}, timeout=30)
    assert r.status_code == 201, r.text
