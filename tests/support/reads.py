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


def read_site(base: str, token: str, site_id: str, *, logs: bool = True) -> dict[str, Any]:
    """Everything the Data API answers about one site, keyed by request. `logs=False` leaves out the site
    activity log, which records API writes (a seeded world has none)."""
    c = httpx.Client(base_url=f"{base}/v2", headers={"Authorization": f"Bearer {token}"}, timeout=60)
    out: dict[str, Any] = {}
    try:
        site = out["site"] = _get(c, f"/sites/{site_id}")
        site_locales = [site["locales"]["primary"], *site["locales"]["secondary"]]
        s = f"/sites/{site_id}"
        for sub in ("custom_domains", "custom_code", "custom_code/blocks", "ecommerce/settings", "redirects",
                    "robots_txt", "registered_scripts", "plan", "custom_fonts", "asset_folders", "assets",
                    "webhooks", "integrations/google_tags"):
            r = c.get(f"{s}/{sub}")
            out[sub] = [r.status_code, r.json() if r.content else None]
        if logs:
            out["activity_logs"] = _get(c, f"{s}/activity_logs")
        for coll in _get(c, f"{s}/collections")["collections"]:
            cid = coll["id"]
            out[f"collection {cid}"] = _get(c, f"/collections/{cid}")
            for loc in site_locales:
                lid = loc["cmsLocaleId"]
                out[f"items {cid} {lid}"] = _all(c, f"/collections/{cid}/items", "items", cmsLocaleId=lid)
                out[f"live {cid} {lid}"] = _all(c, f"/collections/{cid}/items/live", "items", cmsLocaleId=lid)
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
            out[f"submissions {form['id']}"] = _all(c, f"/forms/{form['id']}/submissions", "formSubmissions")
        for thread in _all(c, f"{s}/comments", "comments"):
            tid = thread["id"]
            out[f"thread {tid}"] = _get(c, f"{s}/comments/{tid}")
            out[f"replies {tid}"] = _all(c, f"{s}/comments/{tid}/replies", "comments")
        r = c.get(f"{s}/products")
        out["products"] = [r.status_code, r.json()]
        r = c.get(f"{s}/orders")
        out["orders"] = [r.status_code, r.json()]
    finally:
        c.close()
    return out
