"""Ecommerce family: enabling ecommerce through the control plane, products and SKUs (CMS items of the
Products and SKUs collections), inventory, checkouts, the order state machine, concurrency on the last unit,
webhooks, the seed section and the demo shop. Every call goes through the official SDK where it has one;
the world fixture validates every response against the spec."""

from __future__ import annotations

import itertools
import re
import threading
from typing import Any

import httpx
import pytest
from webflow import SkuFieldData, SkuFieldDataPrice, SkuPropertyList, SkuPropertyListEnumItem
from webflow.core.api_error import ApiError
from webflow.resources.products import ProductSkuCreateProduct, ProductSkuCreateSku
from webflow.types import Product, ProductFieldData, Sku

from tests.support.wire import ZERO_ID, err
from tests.support.world import OTHER_SITE, World
from tests.webhooks.test_webhooks import Sink, by_trigger, register

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
ORDER_ID = re.compile(r"^[0-9a-f]{3}-[0-9]+$")
SHIRT_PROPS: list[dict[str, Any]] = [
    {"id": "color", "name": "Color", "enum": [{"id": "red", "name": "Red", "slug": "red"},
                                              {"id": "blue", "name": "Blue", "slug": "blue"}]},
    {"id": "size", "name": "Size", "enum": [{"id": "small", "name": "Small", "slug": "small"},
                                            {"id": "large", "name": "Large", "slug": "large"}]},
]
_unique = itertools.count(1)
ADDRESS = {"line1": "20 W 34th St", "city": "New York", "state": "New York", "country": "US", "postalCode": "10118"}


# -- helpers -----------------------------------------------------------------------------------------
def enable(world: World, currency: str = "USD") -> dict[str, Any]:
    r = world.admin().post(f"/sites/{world.site_id}/ecommerce", json={"defaultCurrency": currency})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def make_product(world: World, slug: str = "shirt", price: int = 2499, props: list[dict[str, Any]] | None = None,
                 live: bool = False, **extra: Any) -> dict[str, Any]:
    body = {"publishStatus": "live" if live else "staging",
            "product": {"fieldData": {"name": slug.title(), "slug": slug, "sku-properties": props or [], **extra}},
            "sku": {"fieldData": {"name": f"{slug.title()} default", "slug": f"{slug}-default",
                                  "price": {"value": price, "unit": "USD"}}}}
    r = world.http().post(f"/sites/{world.site_id}/products", json=body)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def set_stock(world: World, settings: dict[str, Any], sku_id: str, quantity: int) -> None:
    r = world.http().patch(f"/collections/{settings['skusCollectionId']}/items/{sku_id}/inventory",
                           json={"inventoryType": "finite", "quantity": quantity})
    assert r.status_code == 200, r.text


def buy(world: World, *lines: tuple[str, int], expect: int = 201, **extra: Any) -> dict[str, Any]:
    body = {"customer": {"name": "Arthur Dent", "email": "arthur@example.com"},
            "lineItems": [{"skuId": s, "count": n} for s, n in lines], **extra}
    r = world.admin().post(f"/sites/{world.site_id}/orders", json=body)
    assert r.status_code == expect, r.text
    return r.json()  # type: ignore[no-any-return]


def order_of(world: World, status: str) -> str:
    """A new order in this status, reached the way it is on Webflow (checkout, API, Stripe events)."""
    product = make_product(world, slug=f"p-{status}-{next(_unique)}")
    sku = product["skus"][0]["id"]
    order = buy(world, (sku, 1), status="pending" if status == "pending" else "unfulfilled")
    oid, c, admin = order["orderId"], world.http(), world.admin()
    paths: dict[str, list[tuple[str, str | None]]] = {
        "pending": [], "unfulfilled": [], "fulfilled": [("fulfill", None)], "refunded": [("refund", None)],
        "disputed": [("status", "disputed")], "dispute-lost": [("status", "disputed"), ("status", "dispute-lost")]}
    steps = paths[status]
    for action, to in steps:
        if action == "status":
            r = admin.put(f"/sites/{world.site_id}/orders/{oid}/status", json={"status": to})
        else:
            r = c.post(f"/sites/{world.site_id}/orders/{oid}/{action}", json={})
        assert r.status_code == 200, r.text
    assert c.get(f"/sites/{world.site_id}/orders/{oid}").json()["status"] == status
    return str(oid)


# -- not enabled -------------------------------------------------------------------------------------
def test_every_operation_answers_409_until_ecommerce_is_enabled(world: World) -> None:
    coll = world.create_collection({"displayName": "Things", "singularName": "Thing"})
    s = world.site_id
    calls: list[tuple[str, str, Any]] = [
        ("GET", f"/sites/{s}/products", None),
        ("POST", f"/sites/{s}/products", {"product": {"fieldData": {}}, "sku": {"fieldData": {}}}),
             ("GET", f"/sites/{s}/products/{ZERO_ID}", None),
             ("PATCH", f"/sites/{s}/products/{ZERO_ID}", {}),
             ("POST", f"/sites/{s}/products/{ZERO_ID}/skus", {"skus": [{"fieldData": {}}]}),
             ("PATCH", f"/sites/{s}/products/{ZERO_ID}/skus/{ZERO_ID}", {"sku": {"fieldData": {}}}),
             ("GET", f"/sites/{s}/orders", None), ("GET", f"/sites/{s}/orders/abc-1", None),
             ("PATCH", f"/sites/{s}/orders/abc-1", {}), ("POST", f"/sites/{s}/orders/abc-1/fulfill", {}),
             ("POST", f"/sites/{s}/orders/abc-1/unfulfill", None), ("POST", f"/sites/{s}/orders/abc-1/refund", {}),
             ("GET", f"/collections/{coll['id']}/items/{ZERO_ID}/inventory", None),
             ("PATCH", f"/collections/{coll['id']}/items/{ZERO_ID}/inventory", {"inventoryType": "infinite"}),
             ("GET", f"/sites/{s}/ecommerce/settings", None)]
    for prefix in ("v2", "beta"):
        c = world.http(prefix=prefix)
        for method, path, body in calls:
            err(c.request(method, path, json=body), 409, "ecommerce_not_enabled")
    with pytest.raises(ApiError) as e:
        world.sdk().ecommerce.get_settings(s)
    assert e.value.status_code == 409
    # A checkout too; nothing was made.
    r = world.admin().post(f"/sites/{s}/orders", json={"customer": {"name": "A", "email": "a@example.com"},
                                                       "lineItems": [{"skuId": ZERO_ID, "count": 1}]})
    err(r, 409, "ecommerce_not_enabled")
    assert [c["displayName"] for c in world.http().get(f"/sites/{s}/collections").json()["collections"]] == ["Things"]


# -- enabling and settings ---------------------------------------------------------------------------
def test_enable_makes_the_collections_and_settings(world: World) -> None:
    settings = enable(world, "EUR")
    sdk = world.sdk()
    got = sdk.ecommerce.get_settings(world.site_id)
    assert got.default_currency == "EUR" and got.site_id == world.site_id and got.created_on is not None
    assert world.http(prefix="beta").get(f"/sites/{world.site_id}/ecommerce/settings").json() == {
        "siteId": world.site_id, "createdOn": settings["createdOn"], "defaultCurrency": "EUR"}
    colls = {c.display_name: c for c in sdk.collections.list(world.site_id).collections}
    assert set(colls) == {"Products", "SKUs", "Categories"}
    assert colls["Products"].id == settings["productsCollectionId"]
    assert colls["SKUs"].id == settings["skusCollectionId"]
    products = world.http().get(f"/collections/{settings['productsCollectionId']}").json()
    slugs = {f["slug"]: f for f in products["fields"]}
    assert {"name", "slug", "description", "shippable", "sku-properties", "category", "tax-category",
            "default-sku", "ec-product-type"} <= set(slugs)
    assert slugs["default-sku"]["validations"] == {"collectionId": settings["skusCollectionId"]}
    assert slugs["category"]["validations"] == {"collectionId": settings["categoriesCollectionId"]}
    skus = {f["slug"]: f for f in world.http().get(f"/collections/{settings['skusCollectionId']}").json()["fields"]}
    assert {"product", "sku-values", "price", "compare-at-price", "main-image", "sku"} <= set(skus)
    assert skus["price"]["type"] == "Price" and skus["price"]["isRequired"] is True
    # Once per site.
    r = world.admin().post(f"/sites/{world.site_id}/ecommerce", json={"defaultCurrency": "USD"})
    err(r, 409, "conflict")
    err(world.admin().post(f"/sites/{world.site_id}/ecommerce", json={"defaultCurrency": "usd"}), 400,
        "validation_error")
    # Another site's token sees nothing of this site.
    err(world.http(OTHER_SITE).get(f"/sites/{world.site_id}/ecommerce/settings"), 403, "forbidden")


# -- products and SKUs -------------------------------------------------------------------------------
def test_products_and_skus_with_sdk(world: World) -> None:
    enable(world)
    sdk = world.sdk()
    props = [SkuPropertyList(id=p["id"], name=p["name"], enum=[SkuPropertyListEnumItem(**o) for o in p["enum"]])
             for p in SHIRT_PROPS]
    made = sdk.products.create(
        world.site_id, publish_status="staging",
        product=ProductSkuCreateProduct(field_data=ProductFieldData(
            name="T-Shirt", slug="t-shirt", description="Cotton", sku_properties=props)),
        sku=ProductSkuCreateSku(field_data=SkuFieldData(
            name="T-Shirt red small", slug="t-shirt-red-small", price=SkuFieldDataPrice(value=2499, unit="USD"))))
    product, [default] = made.product, made.skus or []
    assert product is not None and product.id and OBJECT_ID.match(product.id)
    pfd = product.model_dump(by_alias=True)["fieldData"]
    # The default SKU takes each property's first option; writes make "Advanced" products.
    assert pfd["default-sku"] == default.id
    assert pfd["ec-product-type"] == "b6ccc1830db4b1babeb06a9ac5f6dd76" and pfd["shippable"] is True
    dfd = default.model_dump(by_alias=True)["fieldData"]
    assert dfd["sku-values"] == {"color": "red", "size": "small"}
    assert dfd["price"] == {"value": 2499, "unit": "USD", "currency": "USD"}
    assert dfd["product"] == product.id
    # More SKUs: one per combination.
    created = sdk.products.create_sku(world.site_id, product.id, skus=[
        Sku(field_data=SkuFieldData(name="Blue L", slug="t-shirt-blue-large", sku_values={"color": "blue",
                                                                                          "size": "large"},
                                    price=SkuFieldDataPrice(value=2999, unit="USD"))),
        Sku(field_data=SkuFieldData(name="Red L", slug="t-shirt-red-large", sku_values={"color": "red",
                                                                                        "size": "large"},
                                    price=SkuFieldDataPrice(value=2999, unit="USD")))])
    assert [s.model_dump(by_alias=True)["fieldData"]["sku-values"] for s in created.skus or []] == [
        {"color": "blue", "size": "large"}, {"color": "red", "size": "large"}]
    c = world.http()
    base = f"/sites/{world.site_id}/products/{product.id}"
    sku = {"name": "X", "slug": "t-shirt-x", "price": {"value": 100}}
    # A combination the product has, twice in one request, an unknown option, a missing property -> nothing made.
    err(c.post(f"{base}/skus", json={"skus": [{"fieldData": {**sku, "sku-values": {"color": "red",
                                                                                    "size": "small"}}}]}),
        409, "conflict")
    both = {"color": "blue", "size": "small"}
    err(c.post(f"{base}/skus", json={"skus": [{"fieldData": {**sku, "sku-values": both}},
                                              {"fieldData": {**sku, "slug": "t-x2", "sku-values": both}}]}),
        409, "conflict")
    b = err(c.post(f"{base}/skus", json={"skus": [{"fieldData": {**sku, "sku-values": {"color": "green",
                                                                                        "size": "small"}}}]}),
            400, "validation_error")
    assert b["details"][0]["param"] == "skus.0.fieldData.sku-values.color"
    err(c.post(f"{base}/skus", json={"skus": [{"fieldData": {**sku, "sku-values": {"color": "blue"}}}]}), 400,
        "validation_error")
    err(c.post(f"{base}/skus", json={"skus": [{"fieldData": {**sku, "price": {"value": 1.5}}}]}), 400,
        "validation_error")
    err(c.post(f"{base}/skus", json={"skus": [{"fieldData": {**sku, "price": {"value": 100, "unit": "EUR"}}}]}),
        400, "validation_error")
    # List and get: products page over products, SKUs inlined in creation order.
    make_product(world, slug="mug", price=900)
    listed = sdk.products.list(world.site_id, limit=1)
    assert listed.pagination is not None and listed.pagination.total == 2 and listed.pagination.limit == 1
    [first] = listed.items or []
    assert first.product is not None and first.product.id == product.id
    assert [s.id for s in first.skus or []] == [default.id, *(s.id for s in created.skus or [])]
    assert [i.product.id for i in sdk.products.list(world.site_id, offset=1).items or [] if i.product] != [product.id]
    got = sdk.products.get(world.site_id, product.id)
    assert got.product is not None and got.product.model_dump(by_alias=True)["fieldData"]["name"] == "T-Shirt"
    assert len(got.skus or []) == 3
    # Update the product (merged fieldData) and a SKU.
    renamed = sdk.products.update(world.site_id, product.id, product=Product(field_data=ProductFieldData(name="Tee")))
    assert renamed.model_dump(by_alias=True)["fieldData"]["name"] == "Tee"
    upd = c.patch(base, json={"product": {"fieldData": {"tax-category": "clothing"}}})
    assert upd.status_code == 200, upd.text
    assert upd.json()["fieldData"]["name"] == "Tee" and upd.json()["fieldData"]["slug"] == "t-shirt"
    assert upd.json()["fieldData"]["tax-category"] == "clothing"
    # update-product's `sku` updates the default SKU.
    r = c.patch(base, json={"product": {"fieldData": {}}, "sku": {"fieldData": {"price": {"value": 2399}}}})
    assert r.status_code == 200, r.text
    assert c.get(base).json()["skus"][0]["fieldData"]["price"]["value"] == 2399
    us = sdk.products.update_sku(world.site_id, product.id, default.id or "", sku=Sku(field_data=SkuFieldData(
        name="Red S", slug="t-shirt-red-small", price=SkuFieldDataPrice(value=1999, unit="USD"))))
    assert us.model_dump(by_alias=True)["fieldData"]["price"]["value"] == 1999
    assert us.model_dump(by_alias=True)["fieldData"]["sku-values"] == {"color": "red", "size": "small"}
    # Moving a SKU onto another's combination is a conflict; an unknown SKU or product is 404.
    err(c.patch(f"{base}/skus/{default.id}", json={"sku": {"fieldData": {"sku-values": {"color": "blue",
                                                                                         "size": "large"}}}}),
        409, "conflict")
    err(c.patch(f"{base}/skus/{ZERO_ID}", json={"sku": {"fieldData": {"name": "n"}}}), 404, "resource_not_found")
    err(c.get(f"/sites/{world.site_id}/products/{ZERO_ID}"), 404, "resource_not_found")
    err(c.get(f"/sites/{world.site_id}/products/nope"), 400, "validation_error")
    # Removing an option an existing SKU uses is a conflict.
    err(c.patch(base, json={"product": {"fieldData": {"sku-properties": SHIRT_PROPS[:1]}}}), 409, "conflict")
    # A duplicate product slug is the CMS's unique-slug error; nothing is made.
    before = sdk.products.list(world.site_id).pagination
    r = c.post(f"/sites/{world.site_id}/products", json={
        "product": {"fieldData": {"name": "Again", "slug": "t-shirt"}},
        "sku": {"fieldData": {"name": "Again", "slug": "again-sku", "price": {"value": 1}}}})
    assert err(r, 400, "validation_error")["details"][0]["param"] == "product.fieldData.slug"
    assert sdk.products.list(world.site_id).pagination == before


def test_products_are_cms_items_and_publish_with_the_site(world: World) -> None:
    settings = enable(world)
    made = make_product(world, slug="lamp", props=SHIRT_PROPS[:1])
    pid, sid = made["product"]["id"], made["skus"][0]["id"]
    c = world.http()
    pc, sc = settings["productsCollectionId"], settings["skusCollectionId"]
    item = c.get(f"/collections/{pc}/items/{pid}").json()
    assert item["fieldData"]["sku-properties"][0]["id"] == "color" and item["fieldData"]["default-sku"] == sid
    assert item["isDraft"] is False and item["lastPublished"] is None
    assert [i["id"] for i in c.get(f"/collections/{pc}/items").json()["items"]] == [pid]
    assert c.get(f"/collections/{sc}/items/{sid}").json()["fieldData"]["product"] == pid
    sdk_item = world.sdk().collections.items.get_item(pc, pid)
    assert sdk_item.field_data is not None and sdk_item.field_data.slug == "lamp"
    # Staging: not live until a site publish publishes it like any item.
    err(c.get(f"/collections/{pc}/items/{pid}/live"), 404, "resource_not_found")
    r = c.post(f"/sites/{world.site_id}/publish", json={"publishToWebflowSubdomain": True})
    assert r.status_code == 202, r.text
    assert c.get(f"/collections/{pc}/items/{pid}/live").json()["fieldData"]["name"] == "Lamp"
    assert c.get(f"/collections/{sc}/items/{sid}/live").status_code == 200
    assert world.sdk().products.get(world.site_id, pid).product.last_published is not None
    # publishStatus live: live at once, and a live update goes live too.
    live = make_product(world, slug="desk", live=True)
    lid = live["product"]["id"]
    assert c.get(f"/collections/{pc}/items/{lid}/live").json()["fieldData"]["default-sku"] == live["skus"][0]["id"]
    r = c.patch(f"/sites/{world.site_id}/products/{lid}", json={"publishStatus": "live",
                                                                "product": {"fieldData": {"name": "Big Desk"}}})
    assert r.status_code == 200, r.text
    assert c.get(f"/collections/{pc}/items/{lid}/live").json()["fieldData"]["name"] == "Big Desk"
    # Categories are items of the Categories collection, referenced by products.
    cat = c.post(f"/collections/{settings['categoriesCollectionId']}/items",
                 json={"isDraft": False, "fieldData": {"name": "Home", "slug": "home"}}).json()
    r = c.patch(f"/sites/{world.site_id}/products/{pid}", json={"product": {"fieldData": {"category": [cat["id"]]}}})
    assert r.status_code == 200 and r.json()["fieldData"]["category"] == [cat["id"]], r.text
    b = err(c.patch(f"/sites/{world.site_id}/products/{pid}",
                    json={"product": {"fieldData": {"category": [ZERO_ID]}}}), 400, "validation_error")
    assert b["details"][0]["param"] == "product.fieldData.category"


# -- inventory ---------------------------------------------------------------------------------------
def test_inventory_with_sdk(world: World) -> None:
    settings = enable(world)
    sku = make_product(world)["skus"][0]["id"]
    sdk = world.sdk()
    sc = settings["skusCollectionId"]
    inv = sdk.inventory.list(sc, sku)
    assert (inv.id, inv.inventory_type, inv.quantity) == (sku, "infinite", 0)
    inv = sdk.inventory.update(sc, sku, inventory_type="finite", quantity=10)
    assert (inv.inventory_type, inv.quantity) == ("finite", 10)
    inv = sdk.inventory.update(sc, sku, inventory_type="finite", update_quantity=-3)
    assert inv.quantity == 7
    c = world.http()
    path = f"/collections/{sc}/items/{sku}/inventory"
    assert c.patch(path, json={"inventoryType": "finite", "updateQuantity": 2}).json()["quantity"] == 9
    # Never below zero; quantity and updateQuantity not together; whole numbers only.
    for body in ({"inventoryType": "finite", "updateQuantity": -10}, {"inventoryType": "finite", "quantity": -1},
                 {"inventoryType": "finite", "quantity": 1, "updateQuantity": 1},
                 {"inventoryType": "finite", "quantity": 1.5}, {"quantity": 3}):
        err(c.patch(path, json=body), 400, "validation_error")
    assert c.get(path).json() == {"id": sku, "quantity": 9, "inventoryType": "finite"}
    # Nor above 2^53 - 1 (JavaScript's safe integers), however it is reached.
    big = 2**53 - 1
    assert c.patch(path, json={"inventoryType": "finite", "quantity": big}).json()["quantity"] == big
    err(c.patch(path, json={"inventoryType": "finite", "updateQuantity": 1}), 400, "validation_error")
    assert c.patch(path, json={"inventoryType": "finite", "quantity": 9}).json()["quantity"] == 9
    assert c.patch(path, json={"inventoryType": "infinite"}).json()["inventoryType"] == "infinite"
    # Only SKUs of the site's SKUs collection have inventory.
    err(c.get(f"/collections/{settings['productsCollectionId']}/items/{sku}/inventory"), 404, "resource_not_found")
    err(c.get(f"/collections/{sc}/items/{ZERO_ID}/inventory"), 404, "resource_not_found")
    err(world.http(OTHER_SITE).get(path), 403, "forbidden")


def test_product_and_sku_writes_refuse_malformed_field_data(world: World) -> None:
    """Contract findings: a malformed default-sku was a 500 (it is a 400), and what a product or SKU write
    refuses changes nothing."""
    enable(world)
    made = make_product(world)
    pid, sku = made["product"]["id"], made["skus"][0]["id"]
    c = world.http()
    path = f"/sites/{world.site_id}/products/{pid}"
    before = c.get(path).json()
    for default in ({}, [], 7, None, "not-an-id", ZERO_ID):
        b = err(c.patch(path, json={"product": {"fieldData": {"default-sku": default}}}), 400, "validation_error")
        assert b["details"][0]["param"] == "product.fieldData.default-sku"
    for body in ({"product": {"fieldData": {"name": ""}}}, {"product": {"fieldData": {"slug": "Not A Slug"}}},
                 {"product": {"fieldData": {"unknown-key": "x"}}},
                 {"sku": {"fieldData": {"price": {}}}}, {"sku": {"fieldData": {"price": {"value": 1.5}}}},
                 {"sku": {"fieldData": {"price": {"value": -1}}}}, {"sku": {"fieldData": {"sku-properties": []}}},
                 {"sku": {"fieldData": {"price": {"value": 1, "unit": None}}}},
                 {"sku": {"fieldData": {"compare-at-price": {"value": 1, "currency": "EUR"}}}},
                 {"sku": {"fieldData": {"ec-sku-subscription-plan": {"interval": "year"}}}},
                 {"sku": {"fieldData": {"main-image": "not a url"}}},
                 {"product": {"cmsLocaleId": ZERO_ID, "fieldData": {"name": "Y"}}},
                 {"sku": {"cmsLocaleId": "__not_a_locale__", "fieldData": {"name": "Y"}}},
                 {"sku": {"cmsLocaleId": {"a": 1}, "fieldData": {"name": "Y"}}},
                 {"product": {"cmsLocaleId": [], "fieldData": {"name": "Y"}}}):
        err(c.patch(path, json=body), 400, "validation_error")
    err(c.patch(f"{path}/skus/{sku}", json={"sku": {"cmsLocaleId": ZERO_ID, "fieldData": {"name": "Y"}}}), 400,
        "validation_error")

    err(c.post(f"/sites/{world.site_id}/products", json={
        "product": {"fieldData": {"name": "X", "slug": "x", "default-sku": sku}},
        "sku": {"fieldData": {"name": "X", "slug": "x-sku", "price": {"value": 1}}}}), 400, "validation_error")
    err(c.post(f"/sites/{world.site_id}/products", json={
        "product": {"fieldData": {"name": "X", "slug": "x"}},
        "sku": {"fieldData": {"name": "X", "slug": "x-sku", "price": {"value": 1}, "sku-values": None}}}), 400,
        "validation_error")
    assert c.get(path).json() == before
    # The default SKU can be named (its own), and optional fields cleared with null.
    r = c.patch(path, json={"product": {"fieldData": {"default-sku": sku, "description": None}}})
    assert r.status_code == 200, r.text
    assert r.json()["fieldData"]["default-sku"] == sku and "description" not in r.json()["fieldData"]
    # The locale a SKU answers with, echoed back, is fine.
    echoed = c.patch(f"{path}/skus/{sku}", json={"sku": {"cmsLocaleId": made["skus"][0]["cmsLocaleId"],
                                                          "fieldData": {"name": made["skus"][0]["fieldData"]["name"]}}})
    assert echoed.status_code == 200, echoed.text


# -- checkouts and orders ----------------------------------------------------------------------------
def test_checkout_prices_lines_takes_stock_and_orders_read_with_sdk(world: World) -> None:
    settings = enable(world)
    shirt = make_product(world, slug="shirt", price=2499, props=SHIRT_PROPS)
    mug = make_product(world, slug="mug", price=900)
    s1, s2 = shirt["skus"][0]["id"], mug["skus"][0]["id"]
    set_stock(world, settings, s2, 5)
    order = buy(world, (s1, 2), (s2, 1), (s2, 1), shippingAddress=ADDRESS, orderComment="Gift wrap, please")
    assert ORDER_ID.match(order["orderId"]) and order["status"] == "unfulfilled"
    assert [(p["variantId"], p["count"]) for p in order["purchasedItems"]] == [(s1, 2), (s2, 2)]
    assert order["purchasedItems"][0]["rowTotal"] == {"unit": "USD", "value": "4998", "string": "$ 49.98 USD"}
    assert order["purchasedItems"][0]["variantPrice"]["value"] == "2499"
    assert order["purchasedItems"][0]["productName"] == "Shirt" and order["purchasedItemsCount"] == 4
    assert order["totals"]["total"] == order["customerPaid"] == {"unit": "USD", "value": "6798",
                                                                 "string": "$ 67.98 USD"}
    assert order["customerInfo"] == {"fullName": "Arthur Dent", "email": "arthur@example.com"}
    assert order["shippingAddress"]["addressee"] == "Arthur Dent" and order["billingAddress"]["type"] == "billing"
    assert order["orderComment"] == "Gift wrap, please" and order["comment"] == ""
    assert order["paypalDetails"] is None and order["fulfilledOn"] is None and order["isShippingRequired"] is True
    # Finite stock went down; infinite stock is untouched.
    c = world.http()
    assert c.get(f"/collections/{settings['skusCollectionId']}/items/{s2}/inventory").json()["quantity"] == 3
    second = buy(world, (s1, 1))
    assert second["shippingAddress"] is None and second["allAddresses"] == []
    # Reads and the status filter, with the SDK.
    sdk = world.sdk()
    listed = sdk.orders.list(world.site_id)
    assert [o.order_id for o in listed.orders or []] == [order["orderId"], second["orderId"]]
    assert listed.pagination is not None and listed.pagination.total == 2
    assert sdk.orders.get(world.site_id, order["orderId"]).model_dump(by_alias=True, mode="json")["orderId"] == \
        order["orderId"]
    sdk.orders.update_fulfill(world.site_id, second["orderId"])
    assert [o.order_id for o in sdk.orders.list(world.site_id, status="fulfilled").orders or []] == [
        second["orderId"]]
    page = sdk.orders.list(world.site_id, status="unfulfilled", offset=0, limit=1)
    assert page.pagination is not None and page.pagination.total == 1
    err(c.get(f"/sites/{world.site_id}/orders", params={"status": "shipped"}), 400, "validation_error")
    err(c.get(f"/sites/{world.site_id}/orders/abc-999"), 404, "order_not_found")
    # Update: only the comment and shipping details.
    upd = sdk.orders.update(world.site_id, order["orderId"], comment="Packed", shipping_provider="UPS",
                            shipping_tracking="1Z999", shipping_tracking_url="https://ups.example/1Z999")
    assert (upd.comment, upd.shipping_provider, upd.shipping_tracking, upd.shipping_tracking_url) == (
        "Packed", "UPS", "1Z999", "https://ups.example/1Z999")
    assert upd.status == "unfulfilled"
    err(c.patch(f"/sites/{world.site_id}/orders/{order['orderId']}", json={"status": "fulfilled"}), 400,
        "validation_error")
    err(c.patch(f"/sites/{world.site_id}/orders/{order['orderId']}", json={"shippingTrackingURL": "nope"}), 400,
        "validation_error")
    assert c.get(f"/sites/{world.site_id}/orders/{order['orderId']}").json()["comment"] == "Packed"
    # Never-set shipping details are null, and an empty one clears back to null (the comment is a string).
    assert (second["shippingProvider"], second["shippingTracking"], second["shippingTrackingURL"]) == (None,) * 3
    opath = f"/sites/{world.site_id}/orders/{order['orderId']}"
    cleared = c.patch(opath, json={"shippingTrackingURL": "", "shippingProvider": "", "comment": ""}).json()
    assert (cleared["shippingTrackingURL"], cleared["shippingProvider"], cleared["shippingTracking"],
            cleared["comment"]) == (None, None, "1Z999", "")
    # A tracking URL is an http(s) URL in URI characters (orders show it as `format: uri`).
    for bad in ("https://ups.example/a b", "https://ups.example/%zz", "ftp://ups.example/1", "https://x/a\n"):
        err(c.patch(opath, json={"shippingTrackingURL": bad}), 400, "validation_error")
    assert c.get(opath).json()["shippingTrackingURL"] is None
    # Bad checkouts write nothing: an unknown SKU, too few units.
    buy(world, (ZERO_ID, 1), expect=400)
    b = buy(world, (s1, 1), (s2, 4), expect=409)
    assert b["code"] == "conflict"
    assert c.get(f"/collections/{settings['skusCollectionId']}/items/{s2}/inventory").json()["quantity"] == 3
    assert sdk.orders.list(world.site_id).pagination.total == 2


def test_money_in_a_zero_decimal_currency(world: World) -> None:
    enable(world, "JPY")
    r = world.http().post(f"/sites/{world.site_id}/products", json={
        "product": {"fieldData": {"name": "Tea", "slug": "tea"}},
        "sku": {"fieldData": {"name": "Tea", "slug": "tea-sku", "price": {"value": 1200, "unit": "JPY"}}}})
    assert r.status_code == 200, r.text
    order = buy(world, (r.json()["skus"][0]["id"], 3))
    assert order["totals"]["total"] == {"unit": "JPY", "value": "3600", "string": "¥ 3,600 JPY"}


STATUSES = ["pending", "unfulfilled", "fulfilled", "refunded", "disputed", "dispute-lost"]
# The Data API's actions: the statuses each is legal from, and where it leads (docs/deviations.md).
LEGAL = {"fulfill": ({"unfulfilled"}, "fulfilled"), "unfulfill": ({"fulfilled"}, "unfulfilled"),
         "refund": ({"unfulfilled", "fulfilled"}, "refunded")}
# The control plane's Stripe events.
STRIPE = {"unfulfilled": ({"pending"}, "unfulfilled"), "disputed": ({"unfulfilled", "fulfilled"}, "disputed"),
          "dispute-lost": ({"disputed"}, "dispute-lost")}


def test_order_state_machine_every_transition(world: World) -> None:
    enable(world)
    c, admin = world.http(), world.admin()
    for start in STATUSES:
        for action, (sources, target) in LEGAL.items():
            oid = order_of(world, start)
            r = c.post(f"/sites/{world.site_id}/orders/{oid}/{action}", json={})
            if start in sources:
                assert r.status_code == 200, (start, action, r.text)
                body = r.json()
                assert body["status"] == target
                if action == "fulfill":
                    assert body["fulfilledOn"] is not None
                if action == "unfulfill":
                    assert body["fulfilledOn"] is None
                if action == "refund":
                    assert body["refundedOn"] is not None
            else:
                err(r, 409, "conflict")
                assert c.get(f"/sites/{world.site_id}/orders/{oid}").json()["status"] == start
        for to, (sources, target) in STRIPE.items():
            oid = order_of(world, start)
            r = admin.put(f"/sites/{world.site_id}/orders/{oid}/status", json={"status": to})
            if start in sources:
                assert r.status_code == 200 and r.json()["status"] == target, (start, to, r.text)
            else:
                err(r, 409, "conflict")
                assert c.get(f"/sites/{world.site_id}/orders/{oid}").json()["status"] == start


def test_refund_with_the_sdk_and_its_reason(world: World) -> None:
    enable(world)
    oid = order_of(world, "fulfilled")
    sdk = world.sdk()
    refunded = sdk.orders.refund(world.site_id, oid, reason="requested")
    assert refunded.status == "refunded" and refunded.refunded_on is not None
    assert refunded.stripe_details is not None and refunded.stripe_details.refund_reason == "requested"
    with pytest.raises(ApiError) as e:
        sdk.orders.refund(world.site_id, oid)
    assert e.value.status_code == 409
    other = order_of(world, "fulfilled")
    assert sdk.orders.update_unfulfill(world.site_id, other).status == "unfulfilled"
    err(world.http().post(f"/sites/{world.site_id}/orders/{oid}/refund", json={"reason": "bored"}), 400,
        "validation_error")


def test_two_checkouts_for_the_last_unit(world: World) -> None:
    settings = enable(world)
    sku = make_product(world, slug="last")["skus"][0]["id"]
    set_stock(world, settings, sku, 1)
    body = {"customer": {"name": "A", "email": "a@example.com"}, "lineItems": [{"skuId": sku, "count": 1}]}
    start = threading.Barrier(2)
    answers: list[httpx.Response] = []

    def checkout() -> None:
        with httpx.Client(base_url=f"{world.base}/_admin", timeout=60) as admin:
            start.wait()
            answers.append(admin.post(f"/sites/{world.site_id}/orders", json=body))

    threads = [threading.Thread(target=checkout) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in answers) == [201, 409], [r.text for r in answers]
    assert world.http().get(f"/collections/{settings['skusCollectionId']}/items/{sku}/inventory").json()[
        "quantity"] == 0
    assert world.sdk().orders.list(world.site_id).pagination.total == 1


# -- webhooks ----------------------------------------------------------------------------------------
def test_order_and_inventory_webhooks(world: World) -> None:
    settings = enable(world)
    sink = Sink(world.base, "ecommerce")
    try:
        for trigger in ("ecomm_new_order", "ecomm_order_changed", "ecomm_inventory_changed"):
            register(world, trigger, sink.url)
        sku = make_product(world)["skus"][0]["id"]
        set_stock(world, settings, sku, 3)  # inventory_changed 1
        order = buy(world, (sku, 2))  # new_order, inventory_changed 2
        c = world.http()
        c.post(f"/sites/{world.site_id}/orders/{order['orderId']}/fulfill", json={})  # order_changed 1
        c.patch(f"/sites/{world.site_id}/orders/{order['orderId']}", json={"comment": "hi"})  # order_changed 2
        c.post(f"/sites/{world.site_id}/orders/{order['orderId']}/refund", json={})  # order_changed 3
        buy(world, (sku, 5), expect=409)  # rolled back: nothing
        got = by_trigger(sink.wait(6))
        # Deliveries may arrive in any order.
        assert sorted(p["quantity"] for p in got["ecomm_inventory_changed"]) == [1, 3]
        assert {"id": sku, "quantity": 3, "inventoryType": "finite"} in got["ecomm_inventory_changed"]
        [new] = got["ecomm_new_order"]
        assert new["orderId"] == order["orderId"] and new["status"] == "unfulfilled"
        changed = got["ecomm_order_changed"]
        assert sorted((p["status"], p["comment"]) for p in changed) == [
            ("fulfilled", ""), ("fulfilled", "hi"), ("refunded", "hi")]
    finally:
        sink.close()


# -- seeds and the demo ------------------------------------------------------------------------------
def test_seed_section_and_demo_shop(world: World) -> None:
    seed = {"workspaces": [{"displayName": "Shop WS", "sites": [{"displayName": "Shop", "ecommerce": {
        "defaultCurrency": "GBP",
        "products": [{"product": {"fieldData": {"name": "Scarf", "slug": "scarf", "sku-properties": SHIRT_PROPS[:1]}},
                      "sku": {"fieldData": {"name": "Red scarf", "slug": "scarf-red", "price": {"value": 1500}},
                              "inventory": {"inventoryType": "finite", "quantity": 4}},
                      "skus": [{"fieldData": {"name": "Blue scarf", "slug": "scarf-blue", "price": {"value": 1600},
                                              "sku-values": {"color": "blue"}}}]}],
        "orders": [{"customer": {"name": "Ada", "email": "ada@example.com"},
                    "lineItems": [{"sku": "scarf-red", "count": 2}], "status": "fulfilled"},
                   {"customer": {"name": "Bob", "email": "bob@example.com"},
                    "lineItems": [{"sku": "scarf-blue", "count": 1}]}]}}]}]}
    r = world.admin().post("/seed", json=seed)
    assert r.status_code == 201, r.text
    [shop] = r.json()["ecommerce"]
    assert shop["defaultCurrency"] == "GBP" and len(shop["products"][0]["skus"]) == 2
    assert [o["status"] for o in shop["orders"]] == ["fulfilled", "unfulfilled"]
    assert shop["orders"][0]["totals"]["total"]["string"] == "£ 30.00 GBP"
    red = shop["products"][0]["skus"][0]["id"]
    r = world.admin().get(f"/sites/{shop['siteId']}/ecommerce")
    assert r.json()["skusCollectionId"] == shop["skusCollectionId"]
    # An unknown SKU slug is reported where it is in the seed.
    bad = {"workspaces": [{"displayName": "W2", "sites": [{"displayName": "S2", "ecommerce": {
        "orders": [{"customer": {"name": "A", "email": "a@example.com"}, "lineItems": [{"sku": "x", "count": 1}]}]}}]}]}
    b = err(world.admin().post("/seed", json=bad), 400, "validation_error")
    assert b["details"][0]["param"] == "ecommerce.orders.0.lineItems.0.sku"
    err(world.admin().post("/seed", json={"workspaces": [{"displayName": "W3", "sites": [
        {"displayName": "S3", "ecommerce": []}]}]}), 400, "validation_error")
    assert red
    # The demo world: ecommerce in USD, two products (one with finite stock), two orders.
    from webflow_local.demo import demo_seed

    r = world.admin().post("/seed", json={**demo_seed(), "reset": True})
    assert r.status_code == 201, r.text
    [demo] = r.json()["ecommerce"]
    assert demo["defaultCurrency"] == "USD" and len(demo["products"]) == 2 and len(demo["orders"]) == 2
