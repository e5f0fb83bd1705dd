"""Every read of a site through the Data API, for tests that compare two worlds (snapshot restore, export
then seed): list endpoints in every locale and both stages, and the details each list leads to."""

from __future__ import annotations

from typing import Any

import httpx

PAGE = 100


def _get(c: httpx.Client, path: str, **params: str) -> Any:
    r = c.get(path, params=params)
    assert r.status_code == 200, f"GET {path} {params}: {r.status_code} {r.text}"
    return r.json()


def _all(c: httpx.Client, path: str, key: str, **params: str) -> list[Any]:
    out: list[Any] = []
    while True:
        page = _get(c, path, limit=str(PAGE), offset=str(len(out)), **params)
        out.extend(page[key])
        if len(page[key]) < PAGE or len(out) >= page["pagination"]["total"]:
            return out


def _maybe(c: httpx.Client, path: str, **params: str) -> list[Any]:
    """A read that may be refused on this world (a plan, ecommerce not enabled): status and body."""
    r = c.get(path, params=params)
    return [r.status_code, r.json() if r.content else None]


def read_site(base: str, token: str, site_id: str, *, logs: bool = True, prefix: str = "v2") -> dict[str, Any]:
    """Everything the Data API answers about one site, keyed by request: every list, and every detail read
    of what the lists name. `logs=False` leaves out the site activity log, which records API writes (a
    seeded world has none). Under /beta, the operations only beta has are read too."""
    c = httpx.Client(base_url=f"{base}/{prefix}", headers={"Authorization": f"Bearer {token}"}, timeout=60)
    out: dict[str, Any] = {}
    try:
        site = out["site"] = _get(c, f"/sites/{site_id}")
        site_locales = [site["locales"]["primary"], *site["locales"]["secondary"]]
        s = f"/sites/{site_id}"
        for sub in ("custom_domains", "custom_code", "custom_code/blocks", "ecommerce/settings", "redirects",
                    "robots_txt", "registered_scripts", "plan", "custom_fonts", "asset_folders", "assets",
                    "webhooks", "integrations/google_tags"):
            if prefix == "beta" and sub == "custom_fonts":
                continue  # v2 only
            out[sub] = _maybe(c, f"{s}/{sub}")
        if prefix == "beta":
            out["llms_txt"] = _maybe(c, f"{s}/llms_txt")
        for folder in (out["asset_folders"][1] or {}).get("assetFolders") or []:
            out[f"folder {folder['id']}"] = _get(c, f"/asset_folders/{folder['id']}")
        for asset in (out["assets"][1] or {}).get("assets") or []:
            for loc in site_locales:
                out[f"asset {asset['id']} {loc['id']}"] = _get(c, f"/assets/{asset['id']}", localeId=loc["id"])
        for font in (out.get("custom_fonts", [0, None])[1] or {}).get("customFonts") or []:
            out[f"font {font['id']}"] = _get(c, f"{s}/custom_fonts/{font['id']}")
        for hook in (out["webhooks"][1] or {}).get("webhooks") or []:
            out[f"webhook {hook['id']}"] = _get(c, f"/webhooks/{hook['id']}")
        if logs:
            out["activity_logs"] = _get(c, f"{s}/activity_logs")
        for coll in _get(c, f"{s}/collections")["collections"]:
            cid = coll["id"]
            out[f"collection {cid}"] = _get(c, f"/collections/{cid}")
            for loc in site_locales:
                lid = loc["cmsLocaleId"]
                out[f"items {cid} {lid}"] = _all(c, f"/collections/{cid}/items", "items", cmsLocaleId=lid)
                out[f"live {cid} {lid}"] = _all(c, f"/collections/{cid}/items/live", "items", cmsLocaleId=lid)
                for it in out[f"items {cid} {lid}"]:
                    out[f"item {cid} {it['id']} {lid}"] = _get(c, f"/collections/{cid}/items/{it['id']}",
                                                               cmsLocaleId=lid)
                for it in out[f"live {cid} {lid}"]:
                    out[f"live item {cid} {it['id']} {lid}"] = _get(
                        c, f"/collections/{cid}/items/{it['id']}/live", cmsLocaleId=lid)
        pages = out["pages"] = _all(c, f"{s}/pages", "pages")
        for page in pages:
            for loc in site_locales:
                out[f"page {page['id']} {loc['id']}"] = _get(c, f"/pages/{page['id']}", localeId=loc["id"])
                out[f"dom {page['id']} {loc['id']}"] = _get(c, f"/pages/{page['id']}/dom", localeId=loc["id"])
            r = c.get(f"/pages/{page['id']}/custom_code")
            out[f"page code {page['id']}"] = [r.status_code, r.json()]
        comps = out["components"] = _all(c, f"{s}/components", "components")
        for comp in comps:
            for loc in site_locales:
                base_c = f"{s}/components/{comp['id']}"
                out[f"cdom {comp['id']} {loc['id']}"] = _get(c, f"{base_c}/dom", localeId=loc["id"])
                out[f"cprops {comp['id']} {loc['id']}"] = _get(c, f"{base_c}/properties", localeId=loc["id"])
        for form in _all(c, f"{s}/forms", "forms"):
            out[f"form {form['id']}"] = _get(c, f"/forms/{form['id']}")
            subs = out[f"site form submissions {form['id']}"] = _all(c, f"{s}/forms/{form['id']}/submissions",
                                                                     "formSubmissions")
            if prefix == "v2":  # beta has only the site's path
                out[f"submissions {form['id']}"] = _all(c, f"/forms/{form['id']}/submissions", "formSubmissions")
            for sub in subs:
                out[f"submission {sub['id']}"] = _get(c, f"/form_submissions/{sub['id']}")
                if prefix == "v2":
                    out[f"site submission {sub['id']}"] = _get(c, f"{s}/form_submissions/{sub['id']}")
        out["site submissions"] = _all(c, f"{s}/form_submissions", "formSubmissions")
        for thread in _all(c, f"{s}/comments", "comments"):
            tid = thread["id"]
            out[f"thread {tid}"] = _get(c, f"{s}/comments/{tid}")
            out[f"replies {tid}"] = _all(c, f"{s}/comments/{tid}/replies", "comments")
        if prefix == "beta":
            emails = {(v.get("author") or {}).get("email") for k, v in out.items() if k.startswith("thread ")}
            for email in sorted(e for e in emails if e):
                out[f"comment users {email}"] = _get(c, f"{s}/comments/users", email=email)
        out["products"] = _maybe(c, f"{s}/products")
        out["orders"] = _maybe(c, f"{s}/orders")
        if out["products"][0] == 200:
            skus_coll = next((k.split()[1] for k, v in out.items() if k.startswith("collection ")
                              and any(f["type"] == "SkuValues" for f in v["fields"])), None)
            for p in _all(c, f"{s}/products", "items"):
                pid = p["product"]["id"]
                out[f"product {pid}"] = _get(c, f"{s}/products/{pid}")
                for sku in p["skus"]:
                    out[f"inventory {sku['id']}"] = _maybe(c, f"/collections/{skus_coll}/items/{sku['id']}/inventory")
            for o in _all(c, f"{s}/orders", "orders"):
                out[f"order {o['orderId']}"] = _get(c, f"{s}/orders/{o['orderId']}")
    finally:
        c.close()
    return out
