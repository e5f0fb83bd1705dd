"""The `ecommerce` seed key with the ids an exported world fixes: the shop collections' and fields' ids,
categories, products and SKUs (every locale, live content that differs from the staged, the default SKU),
inventory, and recorded orders. Ids are kept; an id given twice or already taken is refused and nothing is
written; exporting a seeded shop answers the same entry back."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from tests.export.cli import in_process
from tests.support.wire import err
from tests.support.world import World
from webflow_local.transfer.world import export_world

TOKEN = "5e" * 32
PRODUCTS, SKUS, CATEGORIES = "6a0000000000000000000001", "6a0000000000000000000002", "6a0000000000000000000003"
CATEGORY, PRODUCT, BLACK, WHITE = ("6a00000000000000000000c1", "6a00000000000000000000a1", "6a00000000000000000000b1",
                                   "6a00000000000000000000b2")
BLURB, NAME = "6a00000000000000000000f1", "6a00000000000000000000f2"
MONEY = {"unit": "USD", "value": "1200", "string": "$ 12.00 USD"}
PRICE = {"value": 1200, "unit": "USD", "currency": "USD"}

RECORD: dict[str, Any] = {
    "orderId": "abc-12", "status": "refunded", "comment": "Broken in transit", "orderComment": "Gift wrap",
    "acceptedOn": "2024-03-01T10:00:00.000Z", "refundedOn": "2024-03-02T10:00:00.000Z",
    "customerPaid": MONEY, "netAmount": MONEY, "applicationFee": {**MONEY, "value": "0", "string": "$ 0.00 USD"},
    "allAddresses": [], "customerInfo": {"fullName": "Grace Hopper", "email": "grace@example.com"},
    "purchasedItems": [{"count": 1, "productId": PRODUCT, "variantId": BLACK, "rowTotal": MONEY}],
    "purchasedItemsCount": 1,
    "stripeDetails": {"paymentIntentId": "pi_1", "chargeId": "ch_1", "refundReason": "requested"},
    "stripeCard": {"last4": "4242", "brand": "Visa"}, "isShippingRequired": True,
    "totals": {"subtotal": MONEY, "extras": [], "total": MONEY},
}

# An entry as an export writes it (every key the export writes, in the forms it writes them).
SHOP: dict[str, Any] = {
    "defaultCurrency": "USD",
    "collections": {
        "products": {"id": PRODUCTS}, "skus": {"id": SKUS},
        "categories": {"id": CATEGORIES, "fieldIds": {"name": NAME, "blurb": BLURB},
                       "fields": [{"slug": "blurb", "displayName": "Blurb", "type": "PlainText", "isRequired": False,
                                   "helpText": "One line", "validations": {"singleLine": True}}]},
    },
    "categories": [{"id": CATEGORY, "fieldData": {"name": "Apparel", "slug": "apparel", "blurb": "To wear"},
                    "locales": ["en", "fr-FR"], "translations": {"fr-FR": {"name": "Vêtements", "blurb": None}},
                    "published": ["en"], "live": {"en": {"blurb": "Things to wear"}}}],
    "products": [{
        "product": {"id": PRODUCT, "published": True, "live": {"en": {"description": None}}, "fieldData": {
            "name": "Mug", "slug": "mug", "description": "Now dishwasher safe", "category": [CATEGORY],
            "shippable": True, "ec-product-type": "b6ccc1830db4b1babeb06a9ac5f6dd76", "default-sku": WHITE,
            "sku-properties": [{"id": "color", "name": "Color", "enum": [
                {"id": "black", "name": "Black", "slug": "black"},
                {"id": "white", "name": "White", "slug": "white"}]}]}},
        "sku": {"id": BLACK, "published": True, "inventory": {"inventoryType": "finite", "quantity": 7},
                "fieldData": {"name": "Mug - Black", "slug": "mug-black", "price": PRICE, "product": PRODUCT,
                              "sku-values": {"color": "black"}}},
        "skus": [{"id": WHITE, "published": False, "inventory": {"inventoryType": "infinite", "quantity": 0},
                  "fieldData": {"name": "Mug - White", "slug": "mug-white", "price": {**PRICE, "value": 1300},
                                "product": PRODUCT, "sku-values": {"color": "white"}}}],
    }],
    "orders": [RECORD],
}


def _world(shop: dict[str, Any], slug: str = "shop-ws", token: str = TOKEN) -> dict[str, Any]:
    site: dict[str, Any] = {"displayName": "Shop", "tokens": [{"value": token, "scopes": "all"}], "ecommerce": shop,
                            "locales": {"primary": {"displayName": "English", "tag": "en"},
                                        "secondary": [{"displayName": "French", "tag": "fr-FR", "subdirectory": "fr"}]}}
    return {"workspaces": [{"displayName": "Shop WS", "slug": slug, "sites": [site]}]}


def _seed(world: World, shop: dict[str, Any]) -> tuple[str, httpx.Client]:
    r = world.admin().post("/seed", json=_world(shop))
    assert r.status_code == 201, r.text
    return r.json()["sites"][0]["id"], world.http(TOKEN)


def _sites(world: World) -> list[str]:
    return [s["id"] for s in world.admin().get("/sites").json()["sites"]]


def test_an_entry_with_ids_keeps_them(world: World) -> None:
    site_id, c = _seed(world, SHOP)
    s = f"/sites/{site_id}"
    shop = world.admin().get(f"{s}/ecommerce").json()
    assert (shop["productsCollectionId"], shop["skusCollectionId"], shop["categoriesCollectionId"]) == (
        PRODUCTS, SKUS, CATEGORIES)
    fields = {f["slug"]: f for f in c.get(f"/collections/{CATEGORIES}").json()["fields"]}
    assert (fields["name"]["id"], fields["blurb"]["id"], fields["blurb"]["helpText"]) == (NAME, BLURB, "One line")

    # The category: staged in both locales, live in English with its own content.
    site = c.get(s).json()
    en, fr = site["locales"]["primary"]["cmsLocaleId"], site["locales"]["secondary"][0]["cmsLocaleId"]
    items = f"/collections/{CATEGORIES}/items/{CATEGORY}"
    assert c.get(items, params={"cmsLocaleId": en}).json()["fieldData"]["blurb"] == "To wear"
    assert c.get(f"{items}/live", params={"cmsLocaleId": en}).json()["fieldData"]["blurb"] == "Things to wear"
    assert c.get(items, params={"cmsLocaleId": fr}).json()["fieldData"] == {"name": "Vêtements", "slug": "apparel"}
    assert c.get(f"{items}/live", params={"cmsLocaleId": fr}).status_code == 404

    # The product: its SKUs in the entry's order, its default the second, the staged description not live.
    got = c.get(f"{s}/products/{PRODUCT}").json()
    assert [k["id"] for k in got["skus"]] == [BLACK, WHITE]
    assert got["product"]["fieldData"]["default-sku"] == WHITE
    assert got["product"]["fieldData"]["description"] == "Now dishwasher safe"
    live = c.get(f"/collections/{PRODUCTS}/items/{PRODUCT}/live").json()["fieldData"]
    assert "description" not in live and live["default-sku"] == WHITE
    assert c.get(f"/collections/{SKUS}/items/{WHITE}/live").status_code == 404
    assert c.get(f"/collections/{SKUS}/items/{BLACK}/inventory").json() == {
        "id": BLACK, "quantity": 7, "inventoryType": "finite"}

    # The recorded order, as it was; a checkout after it numbers after its number.
    order = c.get(f"{s}/orders/abc-12").json()
    assert (order["status"], order["refundedOn"], order["stripeDetails"]["refundReason"]) == (
        "refunded", "2024-03-02T10:00:00.000Z", "requested")
    assert order["purchasedItems"] == RECORD["purchasedItems"] and order["comment"] == "Broken in transit"
    r = world.admin().post(f"{s}/orders", json={"customer": {"name": "Ada", "email": "ada@example.com"},
                                                "lineItems": [{"skuId": BLACK, "count": 1}]})
    assert r.status_code == 201, r.text
    assert r.json()["orderId"].endswith("-13")
    assert [o["orderId"] for o in c.get(f"{s}/orders").json()["orders"]] == ["abc-12", r.json()["orderId"]]


def test_exporting_a_seeded_shop_answers_the_same_entry(world: World, database_url: str) -> None:
    site_id, _ = _seed(world, SHOP)
    exported = in_process(database_url, lambda ctx: export_world(ctx, site_id))
    shop = exported["workspaces"][0]["sites"][0]["ecommerce"]
    # Enabling's fields are left out, and each collection's field ids are all there.
    assert shop["collections"]["products"].keys() == {"id", "fieldIds"}
    assert set(shop["collections"]["categories"]["fieldIds"]) == {"name", "slug", "blurb"}
    for kind in ("products", "skus", "categories"):
        shop["collections"][kind].pop("fieldIds")
        assert shop["collections"][kind].pop("id") == SHOP["collections"][kind]["id"]
    assert shop["collections"] == {"products": {}, "skus": {}, "categories": {
        "fields": SHOP["collections"]["categories"]["fields"]}}
    assert shop["categories"] == SHOP["categories"] and shop["products"] == SHOP["products"]
    assert shop["orders"] == [RECORD]
    # And the collections are the shop's, not the CMS's.
    assert exported["workspaces"][0]["sites"][0]["collections"] == []


def test_ids_given_twice_or_taken_are_refused_and_nothing_is_written(world: World) -> None:
    sites = _sites(world)
    twice = copy.deepcopy(SHOP)
    twice["products"][0]["skus"][0]["id"] = BLACK
    b = err(world.admin().post("/seed", json=_world(twice)), 400, "validation_error")
    assert b["details"][0]["param"] == "ecommerce.products.0.skus.0.id"

    orders = copy.deepcopy(SHOP)
    orders["orders"] = [RECORD, RECORD]
    b = err(world.admin().post("/seed", json=_world(orders)), 409, "conflict")
    assert b["details"][0]["param"] == "orderId" and "abc-12" in b["message"]

    fields = copy.deepcopy(SHOP)
    fields["collections"]["skus"]["fieldIds"] = {"price": BLURB}
    b = err(world.admin().post("/seed", json=_world(fields)), 400, "validation_error")
    assert b["details"][0]["param"] == "ecommerce.collections"
    assert _sites(world) == sites

    # The same collection ids again, in another site: refused, and that site is not made either.
    _seed(world, SHOP)
    sites = _sites(world)
    r = world.admin().post("/seed", json=_world(SHOP, slug="other-ws", token="6e" * 32))
    assert r.status_code == 409, r.text
    assert _sites(world) == sites


def test_what_an_entry_names_must_be_the_sites_and_its_own(world: World) -> None:
    def refused(change: Any, param: str) -> None:
        shop = copy.deepcopy(SHOP)
        change(shop)
        b = err(world.admin().post("/seed", json=_world(shop)), 400, "validation_error")
        assert b["details"][0]["param"] == param, b

    product = "ecommerce.products.0.product."
    refused(lambda s: s["products"][0]["product"].update(live={"fr-FR": {"name": "x"}}), f"{product}live.fr-FR")
    refused(lambda s: s["products"][0]["product"].update(locales=["en", "xx"]), f"{product}locales")
    refused(lambda s: s["products"][0]["product"]["fieldData"].update({"default-sku": CATEGORY}),
            f"{product}fieldData.default-sku")
    refused(lambda s: s["products"][0]["skus"][0]["fieldData"].update(slug="mug-black"),
            "ecommerce.products.0.skus.0.fieldData.slug")
    refused(lambda s: s["collections"]["products"].update(fieldIds={"colour": "6a00000000000000000000f3"}),
            "ecommerce.collections.products.fieldIds.colour")
    refused(lambda s: s["orders"][0]["stripeDetails"].update(refundReason="bored"),
            "ecommerce.orders.0.stripeDetails.refundReason")
