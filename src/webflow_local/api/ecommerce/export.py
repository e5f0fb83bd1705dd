"""The `ecommerce` key of an exported site, made from Data API reads only (the same mapping serves
`webflow-local export`, which reads this server, and `pull`, which reads another): the settings, the shop
collections' ids and fields, the categories, products and SKUs as items in every locale (staged and live),
each SKU's inventory, and the orders as recorded. seeding.py loads it back with the same ids."""

from __future__ import annotations

from typing import Any

from webflow_local.api.ecommerce.schemas import OrderRecordSeed
from webflow_local.api.ecommerce.service import _collection_fields
from webflow_local.kit.reading import ApiRead, patch_between, read_all, read_or_none

# The keys of get-order that a recorded order carries (the others answer the same for every order here).
ORDER_KEYS = tuple(f.alias or name for name, f in OrderRecordSeed.model_fields.items())
FIELD_KEYS = ("slug", "displayName", "type", "isRequired", "helpText", "validations")


def _roles(read: ApiRead, site_id: str) -> dict[str, dict[str, Any]]:
    """The shop's collections, told by their fields: Products have the SkuSettings field, SKUs the
    SkuValues field, and Categories are what the products' `category` field references."""
    out: dict[str, dict[str, Any]] = {}
    for c in read.get(f"/v2/sites/{site_id}/collections")["collections"]:
        details = read.get(f"/v2/collections/{c['id']}")
        types = {f["type"] for f in details["fields"]}
        if "SkuSettings" in types:
            out["products"] = details
        elif "SkuValues" in types:
            out["skus"] = details
    category = next((f for f in out.get("products", {}).get("fields", []) if f["slug"] == "category"), None)
    target = ((category or {}).get("validations") or {}).get("collectionId")
    if target:
        out["categories"] = read.get(f"/v2/collections/{target}")
    return out


def _field(f: dict[str, Any]) -> dict[str, Any]:
    return {k: f[k] for k in FIELD_KEYS if f.get(k) is not None}


def _collection(details: dict[str, Any], made: list[dict[str, Any]]) -> dict[str, Any]:
    """Its id and field ids, and its fields unless they are the ones enabling makes (`made`)."""
    out: dict[str, Any] = {"id": details["id"], "fieldIds": {f["slug"]: f["id"] for f in details["fields"]}}
    fields = [_field(f) for f in details["fields"] if f["slug"] not in {"name", "slug"}]
    if fields != made:
        out["fields"] = fields
    return out


def _made(roles: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The fields enabling makes, for these collection ids, as collection-details answers them."""
    ids = {role: (roles.get(role) or {}).get("id", "") for role in ("products", "skus", "categories")}
    made = _collection_fields(ids["products"], ids["skus"], ids["categories"])
    return {role: [_field({"slug": f["slug"], "displayName": f["display_name"], "type": f["type"],
                           "isRequired": f["is_required"], "validations": f["validations"]}) for f in fields]
            for role, fields in made.items()}


def _items(read: ApiRead, collection_id: str, tags: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Every item of the collection in the seed format, by id in list order: the first locale's staged
    fieldData, the other locales' as translations, the published locales, and the live content where it
    differs from the staged."""
    staged: dict[str, dict[str, dict[str, Any]]] = {}
    live: dict[str, dict[str, dict[str, Any]]] = {}
    flags: dict[str, dict[str, Any]] = {}
    for loc, tag in tags.items():
        for it in read_all(read, f"/v2/collections/{collection_id}/items", "items", cmsLocaleId=loc):
            staged.setdefault(it["id"], {})[tag] = it["fieldData"]
            flags.setdefault(it["id"], {"isDraft": it["isDraft"], "isArchived": it["isArchived"]})
        for it in read_all(read, f"/v2/collections/{collection_id}/items/live", "items", cmsLocaleId=loc):
            live.setdefault(it["id"], {})[tag] = it["fieldData"]
    out: dict[str, dict[str, Any]] = {}
    for item_id, by_tag in staged.items():
        first, *others = list(by_tag)
        entry: dict[str, Any] = {"id": item_id, "fieldData": by_tag[first]}
        if [first, *others] != [next(iter(tags.values()))]:
            entry["locales"] = [first, *others]
        translations = {t: patch_between(by_tag[first], by_tag[t]) for t in others if by_tag[t] != by_tag[first]}
        if translations:
            entry["translations"] = translations
        entry.update({k: True for k, v in flags[item_id].items() if v})
        published = [t for t in by_tag if t in live.get(item_id, {})]
        entry["published"] = True if len(published) == len(by_tag) else published or False
        differs = {t: patch_between(by_tag[t], live[item_id][t]) for t in published if live[item_id][t] != by_tag[t]}
        if differs:
            entry["live"] = differs
        out[item_id] = entry
    return out


def _order(order: dict[str, Any]) -> dict[str, Any]:
    return {k: order[k] for k in ORDER_KEYS if order.get(k) is not None}


def export_ecommerce(read: ApiRead, site: dict[str, Any]) -> dict[str, Any] | None:
    """The site's `ecommerce` seed entry, or None when ecommerce is not enabled (or not readable)."""
    site_id = site["id"]
    settings = read_or_none(read, f"/v2/sites/{site_id}/ecommerce/settings")
    if settings is None:
        return None
    locales = [site["locales"]["primary"], *site["locales"]["secondary"]]
    tags = {loc["cmsLocaleId"]: loc["tag"] for loc in locales}
    roles = _roles(read, site_id)
    items = {role: _items(read, d["id"], tags) for role, d in roles.items()}
    made = _made(roles)
    out: dict[str, Any] = {"defaultCurrency": settings["defaultCurrency"],
                           "collections": {role: _collection(d, made[role]) for role, d in roles.items()}}
    if items.get("categories"):
        out["categories"] = list(items["categories"].values())
    products = []
    for p in read_all(read, f"/v2/sites/{site_id}/products", "items"):
        skus = []
        for s in p["skus"]:
            stock = read.get(f"/v2/collections/{roles['skus']['id']}/items/{s['id']}/inventory")
            skus.append({**items["skus"][s["id"]], "inventory": {"inventoryType": stock["inventoryType"],
                                                                 "quantity": stock["quantity"]}})
        if skus:  # a product always has its default SKU, unless the CMS endpoints made it
            products.append({"product": items["products"][p["product"]["id"]], "sku": skus[0],
                             **({"skus": skus[1:]} if skus[1:] else {})})
    if products:
        out["products"] = products
    orders = [_order(o) for o in read_all(read, f"/v2/sites/{site_id}/orders", "orders")]
    if orders:
        out["orders"] = orders
    return out
