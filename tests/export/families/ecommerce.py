"""State of this family beyond the demo world, for the export round trip (tests/export/test_round_trip.py).

The demo enables the shop (two products, two orders). Added here: fields added to and changed on the shop's
collections; categories in two locales, one published in one of them, one changed after its publish, one a
draft; a product with two SKUs whose default is the second, in two locales, with content staged after its
publish (the product's and a SKU's); a product never published; inventory set and changed; orders
fulfilled (with shipping details), refunded, pending, disputed and lost, and fulfilled then unfulfilled."""

from __future__ import annotations

from typing import Any

import httpx


def _ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, f"{r.request.method} {r.request.url}: {r.status_code} {r.text}"
    return r.json() if r.content else None


def _price(value: int) -> dict[str, Any]:
    return {"value": value, "unit": "USD"}


def enrich(api: httpx.Client, admin: httpx.Client, site_id: str) -> None:
    """`api`: the Data API (/v2) with an all-scopes site token; `admin`: the control plane."""
    shop = _ok(admin.get(f"/sites/{site_id}/ecommerce"))
    products, skus, cats = shop["productsCollectionId"], shop["skusCollectionId"], shop["categoriesCollectionId"]
    site = _ok(api.get(f"/sites/{site_id}"))
    en, fr = site["locales"]["primary"]["cmsLocaleId"], site["locales"]["secondary"][0]["cmsLocaleId"]
    s = f"/sites/{site_id}"

    # The shop's collections: a field added to Categories and to Products, one of enabling's changed.
    _ok(api.post(f"/collections/{cats}/fields", json={"type": "PlainText", "displayName": "Blurb"}))
    _ok(api.post(f"/collections/{products}/fields", json={"type": "PlainText", "displayName": "Material",
                                                          "helpText": "What it is made of"}))
    description = next(f for f in _ok(api.get(f"/collections/{products}"))["fields"] if f["slug"] == "description")
    _ok(api.patch(f"/collections/{products}/fields/{description['id']}", json={"helpText": "Shown on the page"}))

    # Categories: one in English and French (its French name and blurb differ), published in English only
    # and changed after that; one a draft, never published.
    apparel = _ok(api.post(f"/collections/{cats}/items/bulk", json={
        "cmsLocaleIds": [en, fr], "isDraft": False,
        "fieldData": {"name": "Apparel", "slug": "apparel", "blurb": "Things to wear"}}), 202)["id"]
    _ok(api.patch(f"/collections/{cats}/items/{apparel}", json={
        "cmsLocaleId": fr, "fieldData": {"name": "Vêtements", "blurb": ""}}))
    _ok(api.post(f"/collections/{cats}/items/publish", json={"items": [{"id": apparel, "cmsLocaleIds": [en]}]}),
        202)
    _ok(api.patch(f"/collections/{cats}/items/{apparel}", json={
        "cmsLocaleId": en, "fieldData": {"blurb": "Clothes, and more"}}))
    _ok(api.post(f"/collections/{cats}/items", json={"fieldData": {"name": "Books", "slug": "books"},
                                                     "isDraft": True}), 202)

    # A product with two SKUs, in its category; the second SKU becomes its default.
    mug = _ok(api.post(f"{s}/products", json={"publishStatus": "live", "product": {"fieldData": {
        "name": "Difference Engine Mug", "slug": "difference-engine-mug", "category": [apparel],
        "material": "Ceramic", "sku-properties": [{"id": "color", "name": "Color", "enum": [
            {"id": "black", "name": "Black", "slug": "black"}, {"id": "white", "name": "White", "slug": "white"}]}]}},
        "sku": {"fieldData": {"name": "Mug - Black", "slug": "mug-black", "price": _price(1200)}}}))
    mug_id, black = mug["product"]["id"], mug["skus"][0]["id"]
    white = _ok(api.post(f"{s}/products/{mug_id}/skus", json={"publishStatus": "live", "skus": [{"fieldData": {
        "name": "Mug - White", "slug": "mug-white", "sku-values": {"color": "white"}, "price": _price(1300),
        "compare-at-price": _price(1500), "sku": "MUG-W"}}]}))["skus"][0]["id"]
    _ok(api.patch(f"{s}/products/{mug_id}", json={"publishStatus": "live",
                                                  "product": {"fieldData": {"default-sku": white}}}))
    # Its French variant (the CMS's insert-items), then content staged after its publish.
    _ok(api.post(f"/collections/{products}/items/insert", json={"items": [{
        "id": mug_id, "cmsLocaleIds": [fr], "isDraft": False,
        "fieldData": {"name": "Tasse", "slug": "tasse", "category": [apparel]}}]}), 202)
    _ok(api.patch(f"{s}/products/{mug_id}", json={"publishStatus": "staging",
                                                  "product": {"fieldData": {"description": "Now dishwasher safe"}}}))
    _ok(api.patch(f"{s}/products/{mug_id}/skus/{black}", json={"publishStatus": "staging",
                                                               "sku": {"fieldData": {"price": _price(1250)}}}))
    # A product never published.
    _ok(api.post(f"{s}/products", json={"publishStatus": "staging", "product": {"fieldData": {
        "name": "Punched Card Set", "slug": "punched-card-set", "shippable": True}},
        "sku": {"fieldData": {"name": "Punched Card Set", "slug": "punched-card-set", "price": _price(800)}}}))

    # Inventory: set, then taken from; and back to infinite.
    inventory = f"/collections/{skus}/items"
    _ok(api.patch(f"{inventory}/{black}/inventory", json={"inventoryType": "finite", "quantity": 10}))
    _ok(api.patch(f"{inventory}/{black}/inventory", json={"inventoryType": "finite", "updateQuantity": -3}))
    _ok(api.patch(f"{inventory}/{white}/inventory", json={"inventoryType": "finite", "quantity": 4}))
    _ok(api.patch(f"{inventory}/{white}/inventory", json={"inventoryType": "infinite"}))

    # Orders, each moved the way Webflow moves them.
    def buy(*lines: tuple[str, int], status: str = "unfulfilled") -> str:
        order = _ok(admin.post(f"{s}/orders", json={
            "customer": {"name": "Grace Hopper", "email": "grace@example.com"}, "status": status,
            "lineItems": [{"skuId": sku, "count": n} for sku, n in lines],
            "shippingAddress": {"line1": "1 Navy Way", "city": "Arlington", "state": "VA", "country": "US",
                                "postalCode": "22202"},
            "orderComment": "Gift wrap, please"}), 201)
        return str(order["orderId"])

    fulfilled = buy((black, 2), (white, 1))
    _ok(api.post(f"{s}/orders/{fulfilled}/fulfill", json={"sendOrderFulfilledEmail": False}))
    _ok(api.patch(f"{s}/orders/{fulfilled}", json={
        "comment": "Left with the porter", "shippingProvider": "Royal Mail", "shippingTracking": "RM123",
        "shippingTrackingURL": "https://track.example.com/RM123"}))
    refunded = buy((white, 1))
    _ok(api.post(f"{s}/orders/{refunded}/refund", json={"reason": "requested"}))
    buy((black, 1), status="pending")
    lost = buy((white, 2))
    _ok(admin.put(f"{s}/orders/{lost}/status", json={"status": "disputed"}))
    _ok(admin.put(f"{s}/orders/{lost}/status", json={"status": "dispute-lost"}))
    back = buy((black, 1))
    _ok(api.post(f"{s}/orders/{back}/fulfill", json={}))
    _ok(api.post(f"{s}/orders/{back}/unfulfill"))
