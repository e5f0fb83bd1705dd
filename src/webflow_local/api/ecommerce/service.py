"""Ecommerce: products and SKUs (CMS items of the site's Products and SKUs collections, stored by the items
family through its hooks), inventory, orders and their lifecycle, the site's settings.

Orders come from checkouts on the published site, which the control plane plays
(`POST /_admin/sites/{site_id}/orders`): the lines are priced from the SKUs, finite inventory is taken with
a conditional UPDATE, and the order starts `unfulfilled`. The Data API then moves it through the
transitions of TRANSITIONS (docs/deviations.md has the table)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Row
from starlette.datastructures import QueryParams

from webflow_local import events
from webflow_local.api.ecommerce.repository import EcommerceRepository
from webflow_local.api.ecommerce.schemas import (
    ORDER_STATUSES,
    SAFE,
    TRACKING_URL_PATTERN,
    AddressIn,
    CheckoutIn,
    EnableIn,
    FulfillIn,
    InventoryUpdate,
    OrderUpdate,
    ProductCreate,
    ProductUpdate,
    RefundIn,
    ShopCollectionSeed,
    ShopCollectionsSeed,
    SkusCreate,
    SkuUpdate,
    inventory_wire,
    money,
    order_wire,
    settings_wire,
    sku_wire,
)
from webflow_local.api.sites.service import site_locales, visible_site
from webflow_local.auth.principal import Principal
from webflow_local.context import Ctx
from webflow_local.errors import Conflict, InternalError, NotFound, ValidationFailed
from webflow_local.kit.ids import is_object_id
from webflow_local.kit.params import int_query, object_id, page_limit
from webflow_local.kit.slugs import is_valid_slug, slugify
from webflow_local.kit.validate import params_under

MAX_LIMIT = 100
NEW_ORDER, ORDER_CHANGED, INVENTORY_CHANGED = "ecomm_new_order", "ecomm_order_changed", "ecomm_inventory_changed"
TRIGGERS = (NEW_ORDER, ORDER_CHANGED, INVENTORY_CHANGED)
STAGED = "staged"

# ec-product-type's option ids, in the spec's order (Physical, Digital, Service, Advanced). Writes through the
# API make "Advanced" products unless the caller says otherwise (webflow-behavior.md section 7).
PRODUCT_TYPES = {"Physical": "ff42fee0113744f693a764e3431a9cc2", "Digital": "f22027db68002190aef89a4a2b7ac8a1",
                 "Service": "c599e43b1a1c34d5a323aedf75d3adf6", "Advanced": "b6ccc1830db4b1babeb06a9ac5f6dd76"}
TAX_CATEGORIES = (
    "standard-taxable", "standard-exempt", "books-religious", "books-textbook", "clothing", "clothing-swimwear",
    "digital-goods", "digital-service", "drugs-non-prescription", "drugs-prescription", "food-bottled-water",
    "food-candy", "food-groceries", "food-prepared", "food-soda", "food-supplements", "magazine-individual",
    "magazine-subscription", "service-admission", "service-advertising", "service-dry-cleaning",
    "service-hairdressing", "service-installation", "service-miscellaneous", "service-parking",
    "service-printing", "service-professional", "service-repair", "service-training",
)

# Order transitions through the Data API and the control plane: action -> (from statuses, to status).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "fulfill": (frozenset({"unfulfilled"}), "fulfilled"),
    "unfulfill": (frozenset({"fulfilled"}), "unfulfilled"),
    "refund": (frozenset({"unfulfilled", "fulfilled"}), "refunded"),
    # Control plane only (Stripe on Webflow): the payment clears, a dispute opens, a dispute is lost.
    "capture": (frozenset({"pending"}), "unfulfilled"),
    "dispute": (frozenset({"unfulfilled", "fulfilled"}), "disputed"),
    "lose-dispute": (frozenset({"disputed"}), "dispute-lost"),
}
VERBS = {"fulfill": "fulfilled", "unfulfill": "unfulfilled", "refund": "refunded", "capture": "captured",
         "dispute": "disputed", "lose-dispute": "marked dispute-lost"}
TRACKING_URL = re.compile(TRACKING_URL_PATTERN)


class EcommerceNotEnabled(Conflict):
    code, default_message = "ecommerce_not_enabled", "Conflict: Ecommerce is not enabled on this site"


class OrderNotFound(NotFound):
    code, default_message = "order_not_found", "Requested order not found"


# -- helpers -----------------------------------------------------------------------------------------
def _hook(ctx: Ctx, name: str) -> Callable[..., Any]:
    """The items/collections family's hook (products and SKUs are CMS items)."""
    found = ctx.hooks(name)
    if not found:
        raise InternalError(f"Ecommerce needs the {name!r} hook (the items and collections families)")
    return found[0]


def _settings(ctx: Ctx, site_id: str) -> Row[Any]:
    row = EcommerceRepository(ctx.conn).settings(site_id)
    if row is None:
        raise EcommerceNotEnabled()
    return row


def _site(ctx: Ctx, site_id: str) -> tuple[Row[Any], Row[Any]]:
    site = visible_site(ctx, site_id)
    return site, _settings(ctx, site.id)


def _echoed_locales(ctx: Ctx, site_id: str, parts: Mapping[str, Any]) -> None:
    """A product's or SKU's `cmsLocaleId` is read-only (clients echo it back), but one that names no locale of
    the site is bad input, as everywhere else."""
    known = {loc.cms_locale_id for loc in site_locales(ctx, site_id)}
    for param, part in parts.items():
        value = getattr(part, "cms_locale_id", None) if part is not None else None
        if value is not None and (not isinstance(value, str) or value not in known):
            raise ValidationFailed.param(f"{param}.cmsLocaleId", f"{value!r} is not a locale of this site")


def _page_size(q: QueryParams) -> tuple[int, int]:
    offset = int_query(q, "offset", 0)
    limit = page_limit(q, MAX_LIMIT)
    return offset, limit


def _hex_id(*parts: str) -> str:
    return hashlib.md5(":".join(parts).encode()).hexdigest()


def _emit(ctx: Ctx, site_id: str, trigger: str, payloads: Callable[[], list[dict[str, Any]]]) -> None:
    events.emit(ctx, site_id, trigger, payloads)



# -- the collections ecommerce makes -----------------------------------------------------------------
def _option(options: Sequence[tuple[str, str]]) -> dict[str, Any]:
    return {"options": [{"name": n, "id": i} for n, i in options]}


def _field(slug: str, name: str, type_: str, validations: dict[str, Any] | None = None,
           required: bool = False) -> dict[str, Any]:
    return {"slug": slug, "display_name": name, "type": type_, "is_required": required, "validations": validations}


def _collection_fields(products: str, skus: str, categories: str) -> dict[str, list[dict[str, Any]]]:
    """Webflow's fields of the three collections (hyphenated slugs). Price, SkuValues and SkuSettings are
    ecommerce field types the Data API cannot create; their values are checked by this family."""
    text = {"singleLine": True, "maxLength": None, "minLength": None}
    return {
        "products": [
            _field("description", "Description", "PlainText", {**text, "singleLine": False}),
            _field("shippable", "Requires shipping", "Switch"),
            _field("sku-properties", "Product Options", "SkuSettings"),
            _field("category", "Category", "MultiReference", {"collectionId": categories}),
            _field("tax-category", "Tax Category", "Option",
                   _option([(t.replace("-", " ").title(), t) for t in TAX_CATEGORIES])),
            _field("default-sku", "Default SKU", "Reference", {"collectionId": skus}),
            _field("ec-product-type", "Product Type", "Option", _option(list(PRODUCT_TYPES.items()))),
        ],
        "skus": [
            _field("product", "Product", "Reference", {"collectionId": products}, required=True),
            _field("sku-values", "SKU Values", "SkuValues"),
            _field("price", "Price", "Price", required=True),
            _field("compare-at-price", "Compare-at price", "Price"),
            _field("main-image", "Main Image", "Image"),
            _field("sku", "SKU", "PlainText", text),
            _field("ec-sku-billing-method", "Billing Method", "Option",
                   _option([("One-time", "one-time"), ("Subscription", "subscription")])),
        ],
        "categories": [],
    }


def _given_fields(seed: ShopCollectionSeed | None, default: list[dict[str, Any]], param: str) -> list[dict[str, Any]]:
    """A collection's fields: enabling's, or those a seed gives (an exported world); the ids it fixes must
    name them."""
    if seed is None:
        return default
    fields = default if seed.fields is None else [
        _field(f.slug, f.display_name, f.type, f.validations, f.is_required) | {"help_text": f.help_text}
        for f in seed.fields]
    slugs = [f["slug"] for f in fields]
    if len(set(slugs)) != len(slugs) or {"name", "slug"} & set(slugs):
        raise ValidationFailed.param(f"{param}.fields", "Field slugs are unique, and name and slug are made anyway")
    unknown = sorted(set(seed.field_ids) - {"name", "slug", *slugs})
    if unknown:
        raise ValidationFailed.param(f"{param}.fieldIds.{unknown[0]}", "No field of the collection has this slug")
    return fields


def enable(ctx: Ctx, site_id: str, body: EnableIn, layout: ShopCollectionsSeed | None = None) -> dict[str, Any]:
    """Turns ecommerce on: the Products, SKUs and Categories collections, and the settings. `layout` (seed
    files) fixes the collections' ids, their fields' ids and their fields."""
    repo = EcommerceRepository(ctx.conn)
    if repo.settings(site_id) is not None:
        raise Conflict("Conflict: Ecommerce is already enabled on this site")
    layout = layout or ShopCollectionsSeed()
    kinds = {"products": layout.products, "skus": layout.skus, "categories": layout.categories}
    field_ids = {k: s.field_ids if s is not None else {} for k, s in kinds.items()}
    given = {k: s.id for k, s in kinds.items() if s is not None and s.id is not None}
    minted = iter(ctx.new_ids(3 - len(given)))
    ids = {k: given.get(k) or next(minted) for k in kinds}
    every = [*ids.values(), *(i for fixed in field_ids.values() for i in fixed.values())]
    if len(set(every)) != len(every):
        raise ValidationFailed.param("collections", "A collection or field id is given twice")
    products, skus, categories = ids["products"], ids["skus"], ids["categories"]
    defaults = _collection_fields(products, skus, categories)
    fields = {k: _given_fields(s, defaults[k], f"collections.{k}") for k, s in kinds.items()}
    make = _hook(ctx, "system_collection")
    for kind, name, singular, slug in (("categories", "Categories", "Category", "category"),
                                       ("products", "Products", "Product", "product"),
                                       ("skus", "SKUs", "SKU", "sku")):
        make(ctx, site_id, ids[kind], name, singular, slug, fields[kind], field_ids=field_ids[kind])
    repo.insert_settings({"site_id": site_id, "default_currency": body.default_currency, "created_on": ctx.now(),
                          "products_collection_id": products, "skus_collection_id": skus,
                          "categories_collection_id": categories, "order_seq": 0})
    return control_settings(ctx, site_id)


def control_settings(ctx: Ctx, site_id: str) -> dict[str, Any]:
    row = _settings(ctx, site_id)
    return {**settings_wire(row), "productsCollectionId": row.products_collection_id,
            "skusCollectionId": row.skus_collection_id, "categoriesCollectionId": row.categories_collection_id}


def get_settings(ctx: Ctx, site_id: str) -> dict[str, Any]:
    _, settings = _site(ctx, site_id)
    return settings_wire(settings)


# -- product and SKU field values --------------------------------------------------------------------
def _sku_properties(value: Any, param: str) -> list[dict[str, Any]]:
    """sku-properties as stored: every property and option with an id (given, or made from its name) and
    options with slugs; names unique."""
    if not isinstance(value, list) or len(value) > 20:
        raise ValidationFailed.param(param, "sku-properties must be an array of at most 20 properties")
    out: list[dict[str, Any]] = []
    for i, prop in enumerate(value):
        at = f"{param}.{i}"
        if not isinstance(prop, dict) or set(prop) - {"id", "name", "enum"}:
            raise ValidationFailed.param(at, "A SKU property is an object with id, name and enum")
        name, options = prop.get("name"), prop.get("enum")
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            raise ValidationFailed.param(f"{at}.name", "A SKU property needs a name (at most 200 characters)")
        if not isinstance(options, list) or not options or len(options) > 100:
            raise ValidationFailed.param(f"{at}.enum", "A SKU property needs 1 to 100 options")
        pid = prop.get("id") or _hex_id("sku-property", name)
        if not isinstance(pid, str) or len(pid) > 64:
            raise ValidationFailed.param(f"{at}.id", "A SKU property id is a string of at most 64 characters")
        enum: list[dict[str, str]] = []
        for j, opt in enumerate(options):
            oat = f"{at}.enum.{j}"
            if not isinstance(opt, dict) or set(opt) - {"id", "name", "slug"}:
                raise ValidationFailed.param(oat, "An option is an object with id, name and slug")
            oname = opt.get("name")
            if not isinstance(oname, str) or not oname.strip() or len(oname) > 200:
                raise ValidationFailed.param(f"{oat}.name", "An option needs a name (at most 200 characters)")
            oid = opt.get("id") or _hex_id("sku-option", pid, oname)
            slug = opt.get("slug") or slugify(oname)
            if not isinstance(oid, str) or len(oid) > 64:
                raise ValidationFailed.param(f"{oat}.id", "An option id is a string of at most 64 characters")
            if not isinstance(slug, str) or not is_valid_slug(slug) or len(slug) > 200:
                raise ValidationFailed.param(f"{oat}.slug", "An option slug uses lowercase letters, digits, - and _")
            enum.append({"id": oid, "name": oname, "slug": slug})
        if len({o["id"] for o in enum}) != len(enum) or len({o["name"] for o in enum}) != len(enum):
            raise ValidationFailed.param(f"{at}.enum", "Option ids and names must be unique in a SKU property")
        out.append({"id": pid, "name": name, "enum": enum})
    if len({p["id"] for p in out}) != len(out) or len({p["name"] for p in out}) != len(out):
        raise ValidationFailed.param(param, "SKU property ids and names must be unique in a product")
    return out


def _price(value: Any, currency: str, param: str) -> dict[str, Any]:
    """A SKU price as stored: minor units (an integer), in the site's currency."""
    if not isinstance(value, dict) or set(value) - {"value", "unit", "currency", "string"}:
        raise ValidationFailed.param(param, "A price is an object with value (minor units) and unit")
    amount = value.get("value")
    if isinstance(amount, float) and amount.is_integer():
        amount = int(amount)
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= SAFE:
        raise ValidationFailed.param(f"{param}.value", "The price value is a non-negative integer in minor units "
                                                       "(2499 for 24.99)")
    for key in ("unit", "currency"):
        unit = value.get(key)
        if key in value and unit != currency:
            raise ValidationFailed.param(f"{param}.{key}", f"Prices are in the site's currency, {currency}")
    return {"value": amount, "unit": currency, "currency": currency}


def _product_data(data: Mapping[str, Any], param: str, creating: bool) -> dict[str, Any]:
    """The product's fieldData with its ecommerce keys checked; other fields are the items family's."""
    out = dict(data)
    default = out.get("default-sku")
    if "default-sku" in out and not (isinstance(default, str) and is_object_id(default)):
        # Checked here, before the update compares it with the product's SKU ids; a product always has one.
        raise ValidationFailed.param(f"{param}default-sku", "The default SKU is a SKU id")
    if "sku-properties" in out and out["sku-properties"] is not None:
        out["sku-properties"] = _sku_properties(out["sku-properties"], f"{param}sku-properties")
    if creating:
        out.setdefault("shippable", True)
        out.setdefault("ec-product-type", PRODUCT_TYPES["Advanced"])
        if out.get("sku-properties") is None:
            out["sku-properties"] = []
    return out


def _values(props: Sequence[Mapping[str, Any]], value: Any, param: str) -> dict[str, str]:
    """sku-values: one option id for every SKU property of the product, and nothing else."""
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValidationFailed.param(param, "sku-values maps each SKU property id to an option id")
    by_id = {p["id"]: p for p in props}
    unknown = sorted(set(value) - set(by_id))
    if unknown:
        raise ValidationFailed.param(param, f"'{unknown[0]}' is not a SKU property of the product")
    missing = [p["id"] for p in props if p["id"] not in value]
    if missing:
        raise ValidationFailed.param(param, f"sku-values needs a value for the SKU property '{missing[0]}'")
    for pid, oid in value.items():
        if oid not in {o["id"] for o in by_id[pid]["enum"]}:
            raise ValidationFailed.param(f"{param}.{pid}", f"'{oid}' is not an option of the SKU property '{pid}'")
    return {p["id"]: value[p["id"]] for p in props}


def _sku_data(data: Mapping[str, Any], param: str, *, currency: str, product_id: str,
              props: Sequence[Mapping[str, Any]], creating: bool) -> dict[str, Any]:
    out = dict(data)
    given = out.get("product")
    if given is not None and given != product_id:
        raise ValidationFailed.param(f"{param}product", "A SKU belongs to the product of the path")
    out["product"] = product_id
    for key in ("price", "compare-at-price"):
        if out.get(key) is not None:
            out[key] = _price(out[key], currency, f"{param}{key}")
    if creating and out.get("price") is None:
        raise ValidationFailed.param(f"{param}price", "Field is required")
    if "sku-values" in out or creating:
        raw = out.get("sku-values")
        if "sku-values" not in out:  # (creating) null is not "left out": the _values check refuses it
            raw = {p["id"]: p["enum"][0]["id"] for p in props}  # the default: each property's first option
        out["sku-values"] = _values(props, raw, f"{param}sku-values")
    return out


def _combo(values: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(values.items()))


# -- products ----------------------------------------------------------------------------------------
def _product(ctx: Ctx, settings: Row[Any], product_id: str) -> dict[str, Any]:
    object_id(product_id)
    found = _hook(ctx, "items_by_id")(ctx, settings.products_collection_id, [product_id])
    if product_id not in found:
        raise NotFound.of("Product not found")
    return dict(found[product_id])


def _skus(ctx: Ctx, settings: Row[Any], product_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Each product's SKU items (CMS wire shape), in creation order."""
    rows = EcommerceRepository(ctx.conn).skus_of(product_ids)
    items = _hook(ctx, "items_by_id")(ctx, settings.skus_collection_id, [r.sku_id for r in rows]) if rows else {}
    out: dict[str, list[dict[str, Any]]] = {p: [] for p in product_ids}
    for r in rows:
        if r.sku_id in items:
            out[r.product_id].append(items[r.sku_id])
    return out


def _product_and_skus(ctx: Ctx, settings: Row[Any], product: dict[str, Any]) -> dict[str, Any]:
    skus = _skus(ctx, settings, [product["id"]])[product["id"]]
    return {"product": product, "skus": [sku_wire(s) for s in skus]}


def list_products(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    """Products page over products only; each carries its SKUs (webflow-behavior.md section 1)."""
    _, settings = _site(ctx, site_id)
    offset, limit = _page_size(q)
    page = _hook(ctx, "items_list")(ctx, settings.products_collection_id,
                                    QueryParams({"offset": str(offset), "limit": str(limit)}), STAGED)
    products = page["items"]
    skus = _skus(ctx, settings, [p["id"] for p in products])
    return {"items": [{"product": p, "skus": [sku_wire(s) for s in skus[p["id"]]]} for p in products],
            "pagination": page["pagination"]}


def get_product(ctx: Ctx, site_id: str, product_id: str) -> dict[str, Any]:
    _, settings = _site(ctx, site_id)
    return _product_and_skus(ctx, settings, _product(ctx, settings, product_id))


def _write(ctx: Ctx, collection_id: str, item_id: str, field_data: dict[str, Any], live: bool) -> None:
    """A staged update of the item, then (live) its publish."""
    _hook(ctx, "item_update")(ctx, collection_id, item_id, {"fieldData": field_data}, live=False, query_locale=None)
    if live:
        _hook(ctx, "items_publish")(ctx, collection_id, [item_id])


def _create_sku_items(ctx: Ctx, settings: Row[Any], product_id: str, datas: list[dict[str, Any]], live: bool,
                      param: str) -> list[dict[str, Any]]:
    with params_under(param):
        made = _hook(ctx, "item_create")(ctx, settings.skus_collection_id,
                                         {"items": [{"fieldData": d, "isDraft": False} for d in datas]}, live=live)
    items: list[dict[str, Any]] = made["items"]
    repo = EcommerceRepository(ctx.conn)
    start = repo.next_position(product_id)
    repo.insert_skus([{"sku_id": s["id"], "site_id": settings.site_id, "product_id": product_id,
                       "position": start + i, "inventory_type": "infinite", "quantity": 0}
                      for i, s in enumerate(items)])
    return items


def create_product(ctx: Ctx, site_id: str, body: ProductCreate) -> dict[str, Any]:
    """The product and its default SKU (each property's first option unless sku-values says otherwise), as
    CMS items; `live` publishes both."""
    site, settings = _site(ctx, site_id)
    _echoed_locales(ctx, site.id, {"product": body.product, "sku": body.sku})
    live = body.publish_status == "live"
    pdata = _product_data(body.product.field_data, "product.fieldData.", creating=True)
    if "default-sku" in pdata:
        raise ValidationFailed.param("product.fieldData.default-sku", "The default SKU is the one this call creates")
    with params_under("product.fieldData."):
        product = _hook(ctx, "item_create")(ctx, settings.products_collection_id,
                                            {"fieldData": pdata, "isDraft": False}, live=live)
    sdata = _sku_data(body.sku.field_data, "sku.fieldData.", currency=settings.default_currency,
                      product_id=product["id"], props=pdata["sku-properties"], creating=True)
    sku = _create_sku_items(ctx, settings, product["id"], [sdata], live, "sku.fieldData.")[0]
    _write(ctx, settings.products_collection_id, product["id"], {"default-sku": sku["id"]}, live)
    return _product_and_skus(ctx, settings, _product(ctx, settings, product["id"]))


def update_product(ctx: Ctx, site_id: str, product_id: str, body: ProductUpdate) -> dict[str, Any]:
    """fieldData merged over the product's; changed SKU properties must keep every existing SKU's values."""
    site, settings = _site(ctx, site_id)
    _echoed_locales(ctx, site.id, {"product": body.product, "sku": body.sku})
    current = _product(ctx, settings, product_id)
    live = body.publish_status == "live"
    data = _product_data(body.product.field_data if body.product else {}, "product.fieldData.", creating=False)
    if data.get("default-sku") is not None:
        mine = {r.sku_id for r in EcommerceRepository(ctx.conn).skus_of([product_id])}
        if data["default-sku"] not in mine:
            raise ValidationFailed.param("product.fieldData.default-sku",
                                         "The default SKU must be a SKU of the product")
    if data.get("sku-properties") is not None:
        props = data["sku-properties"]
        for s in _skus(ctx, settings, [product_id])[product_id]:
            try:
                _values(props, s["fieldData"].get("sku-values") or {}, "product.fieldData.sku-properties")
            except ValidationFailed:
                raise Conflict("Conflict: The SKU properties no longer fit the product's SKU "
                               f"'{s['fieldData'].get('slug')}'; update its sku-values first") from None
    if data or live:
        with params_under("product.fieldData."):
            _write(ctx, settings.products_collection_id, current["id"], data, live)
    if body.sku is not None:
        # The request's `sku` updates the product's default SKU.
        default = _product(ctx, settings, product_id)["fieldData"].get("default-sku")
        if isinstance(default, str):
            update_sku(ctx, site_id, product_id, default, SkuUpdate(publish_status=body.publish_status, sku=body.sku))
    return _product(ctx, settings, product_id)


def create_skus(ctx: Ctx, site_id: str, product_id: str, body: SkusCreate) -> dict[str, Any]:
    """One SKU per combination of the product's SKU properties; a combination the product already has, or
    one sent twice, is a conflict."""
    site, settings = _site(ctx, site_id)
    _echoed_locales(ctx, site.id, {f"skus.{i}": entry for i, entry in enumerate(body.skus)})
    product = _product(ctx, settings, product_id)
    props = product["fieldData"].get("sku-properties") or []
    taken = {_combo(s["fieldData"].get("sku-values") or {}) for s in _skus(ctx, settings, [product_id])[product_id]}
    datas = []
    for i, entry in enumerate(body.skus):
        data = _sku_data(entry.field_data, f"skus.{i}.fieldData.", currency=settings.default_currency,
                         product_id=product_id, props=props, creating=True)
        combo = _combo(data["sku-values"])
        if combo in taken:
            raise Conflict("Conflict: The product already has a SKU with these sku-values",
                           details=[{"param": f"skus.{i}.fieldData.sku-values",
                                     "description": "Each SKU is one combination of the product's options"}])
        taken.add(combo)
        datas.append(data)
    items = _create_sku_items(ctx, settings, product_id, datas, body.publish_status == "live", "skus.")
    return {"skus": [sku_wire(s) for s in items]}


def update_sku(ctx: Ctx, site_id: str, product_id: str, sku_id: str, body: SkuUpdate) -> dict[str, Any]:
    site, settings = _site(ctx, site_id)
    _echoed_locales(ctx, site.id, {"sku": body.sku})
    product = _product(ctx, settings, product_id)
    object_id(sku_id)
    row = EcommerceRepository(ctx.conn).sku(sku_id)
    if row is None or row.product_id != product_id:
        raise NotFound.of("SKU not found")
    props = product["fieldData"].get("sku-properties") or []
    data = _sku_data(body.sku.field_data, "sku.fieldData.", currency=settings.default_currency,
                     product_id=product_id, props=props, creating=False)
    if "sku-values" in body.sku.field_data:
        others = [s for s in _skus(ctx, settings, [product_id])[product_id] if s["id"] != sku_id]
        if _combo(data["sku-values"]) in {_combo(s["fieldData"].get("sku-values") or {}) for s in others}:
            raise Conflict("Conflict: The product already has a SKU with these sku-values")
    with params_under("sku.fieldData."):
        _write(ctx, settings.skus_collection_id, sku_id, data, body.publish_status == "live")
    found = _hook(ctx, "items_by_id")(ctx, settings.skus_collection_id, [sku_id])
    return sku_wire(found[sku_id])


# -- inventory ---------------------------------------------------------------------------------------
def visible_sku_collection(ctx: Ctx, collection_id: str) -> Any:
    """Owner lookup of `sku_collection_id`: the collection (404) of a site the caller may use (403)."""
    return _hook(ctx, "collection_and_site")(ctx, collection_id)


def _inventory_sku(ctx: Ctx, collection_id: str, sku_id: str) -> tuple[Row[Any], Row[Any]]:
    coll, site = visible_sku_collection(ctx, collection_id)
    settings = _settings(ctx, site.id)
    object_id(sku_id)
    row = EcommerceRepository(ctx.conn).sku(sku_id)
    if coll.id != settings.skus_collection_id or row is None or row.site_id != site.id:
        raise NotFound.of("SKU not found")
    return settings, row


def get_inventory(ctx: Ctx, collection_id: str, sku_id: str) -> dict[str, Any]:
    return inventory_wire(_inventory_sku(ctx, collection_id, sku_id)[1])


def _whole(value: int | float | None, param: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationFailed.param(param, f"{param} must be a whole number")
        value = int(value)
    if abs(value) > SAFE:
        raise ValidationFailed.param(param, f"{param} is out of range")
    return value


def update_inventory(ctx: Ctx, collection_id: str, sku_id: str, body: InventoryUpdate) -> dict[str, Any]:
    """`quantity` sets, `updateQuantity` adds a signed amount; the stock never goes below zero."""
    settings, row = _inventory_sku(ctx, collection_id, sku_id)
    quantity = _whole(body.quantity, "quantity")
    delta = _whole(body.update_quantity, "updateQuantity")
    if quantity is not None and delta is not None:
        raise ValidationFailed.param("quantity", "Send quantity or updateQuantity, not both")
    if quantity is not None and quantity < 0:
        raise ValidationFailed.param("quantity", "quantity must not be negative")
    repo = EcommerceRepository(ctx.conn)
    if delta is not None:
        if not repo.add_inventory(row.sku_id, body.inventory_type, delta):
            raise ValidationFailed.param("updateQuantity", f"The quantity must stay between 0 and {SAFE}")
    else:
        repo.set_inventory(row.sku_id, body.inventory_type, quantity)
    updated = repo.sku(row.sku_id)
    _emit(ctx, settings.site_id, INVENTORY_CHANGED, lambda: [inventory_wire(updated)])
    return inventory_wire(updated)


# -- orders ------------------------------------------------------------------------------------------
def _order(ctx: Ctx, site_id: str, order_id: str) -> Row[Any]:
    row = EcommerceRepository(ctx.conn).order(site_id, order_id) if len(order_id) <= 32 else None
    if row is None:
        raise OrderNotFound()
    return row


def list_orders(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    site, _ = _site(ctx, site_id)
    status = q.get("status") or None
    if status is not None and status not in ORDER_STATUSES:
        raise ValidationFailed.param("status", f"status must be one of {', '.join(ORDER_STATUSES)}")
    offset, limit = _page_size(q)
    rows, total = EcommerceRepository(ctx.conn).orders_page(site.id, status, offset, limit)
    return {"orders": [order_wire(r) for r in rows], "pagination": {"limit": limit, "offset": offset, "total": total}}


def get_order(ctx: Ctx, site_id: str, order_id: str) -> dict[str, Any]:
    site, _ = _site(ctx, site_id)
    return order_wire(_order(ctx, site.id, order_id))


def _changed(ctx: Ctx, site_id: str, order_id: str) -> dict[str, Any]:
    wire = order_wire(_order(ctx, site_id, order_id))
    _emit(ctx, site_id, ORDER_CHANGED, lambda: [wire])
    return wire


def update_order(ctx: Ctx, site_id: str, order_id: str, body: OrderUpdate) -> dict[str, Any]:
    """Only the comment and the shipping details change (in any status). An empty shipping detail clears it
    (null, as never set); the comment is a string, empty or not."""
    site, _ = _site(ctx, site_id)
    row = _order(ctx, site.id, order_id)
    if body.shipping_tracking_url is not None and not TRACKING_URL.fullmatch(body.shipping_tracking_url):
        raise ValidationFailed.param("shippingTrackingURL", "shippingTrackingURL must be an http(s) URL")
    sent = body.model_fields_set
    values: dict[str, Any] = {"comment": body.comment} if "comment" in sent else {}
    for field in ("shipping_provider", "shipping_tracking", "shipping_tracking_url"):
        if field in sent:
            values[field] = getattr(body, field) or None
    if not values:
        return order_wire(row)
    EcommerceRepository(ctx.conn).update_order(site.id, row.order_id, values)
    return _changed(ctx, site.id, row.order_id)


def _transition(ctx: Ctx, site_id: str, order_id: str, action: str, values: dict[str, Any]) -> dict[str, Any]:
    """Moves the order when its status allows the action (checked in the UPDATE itself); else 409."""
    row = _order(ctx, site_id, order_id)
    sources, target = TRANSITIONS[action]
    ok = EcommerceRepository(ctx.conn).update_order(site_id, row.order_id, {"status": target, **values},
                                                    from_statuses=sorted(sources))
    if not ok:
        current = _order(ctx, site_id, order_id).status
        raise Conflict(f"Conflict: Order {row.order_id} is {current} and cannot be {VERBS[action]}",
                       details=[{"param": "status", "description": f"'{VERBS[action]}' needs one of: "
                                                                   f"{', '.join(sorted(sources))}"}])
    return _changed(ctx, site_id, row.order_id)


def fulfill_order(ctx: Ctx, site_id: str, order_id: str, body: FulfillIn | None) -> dict[str, Any]:
    # sendOrderFulfilledEmail asks Webflow to email the customer; nothing is sent here.
    site, _ = _site(ctx, site_id)
    return _transition(ctx, site.id, order_id, "fulfill", {"fulfilled_on": ctx.now()})


def unfulfill_order(ctx: Ctx, site_id: str, order_id: str) -> dict[str, Any]:
    site, _ = _site(ctx, site_id)
    return _transition(ctx, site.id, order_id, "unfulfill", {"fulfilled_on": None})


def refund_order(ctx: Ctx, site_id: str, order_id: str, body: RefundIn | None) -> dict[str, Any]:
    """Reverses the (Stripe) charge: refunded, with refundedOn and the reason. Stock is not put back."""
    site, _ = _site(ctx, site_id)
    reason = body.reason if body else None
    return _transition(ctx, site.id, order_id, "refund", {"refunded_on": ctx.now(), "refund_reason": reason})


def set_status(ctx: Ctx, site_id: str, order_id: str, status: str) -> dict[str, Any]:
    """The control plane's Stripe events: a pending payment clears, a dispute opens, a dispute is lost."""
    _settings(ctx, site_id)
    now = ctx.now()
    if status == "unfulfilled":
        return _transition(ctx, site_id, order_id, "capture", {})
    if status == "disputed":
        return _transition(ctx, site_id, order_id, "dispute", {"disputed_on": now, "dispute_updated_on": now,
                                                               "dispute_last_status": "needs_response"})
    return _transition(ctx, site_id, order_id, "lose-dispute", {"dispute_updated_on": now,
                                                                "dispute_last_status": "lost"})


# -- checkout (control plane) ------------------------------------------------------------------------
def as_workspace(ctx: Ctx, site: Mapping[str, Any]) -> None:
    """The control plane sees every site: the services run for it as the site's workspace."""
    ctx.principal = Principal(token_id="admin", kind="workspace", workspace_id=site["workspaceId"], site_id=None,
                              scopes=frozenset(), created_on=ctx.now(), last_used=None, rate_limit=None)


def _address(a: AddressIn | None, kind: str, name: str) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"type": kind, "japanType": a.japan_type, "addressee": a.addressee or name, "line1": a.line1,
            "line2": a.line2 or "", "city": a.city, "state": a.state or "", "country": a.country,
            "postalCode": a.postal_code or ""}


def _line_skus(ctx: Ctx, settings: Row[Any], body: CheckoutIn) -> list[tuple[str, int]]:
    """(sku id, count) per SKU of the checkout, lines of the same SKU added up, in the order first named."""
    counts: dict[str, int] = {}
    for i, line in enumerate(body.line_items):
        param = f"lineItems.{i}"
        if (line.sku_id is None) == (line.sku is None):
            raise ValidationFailed.param(param, "A line names its SKU by skuId (or, in seed files, by sku slug)")
        sku_id = line.sku_id
        if sku_id is None:
            page = _hook(ctx, "items_list")(ctx, settings.skus_collection_id, QueryParams({"slug": line.sku}),
                                            STAGED)
            if not page["items"]:
                raise ValidationFailed.param(f"{param}.sku", f"No SKU has the slug '{line.sku}'")
            sku_id = str(page["items"][0]["id"])
        counts[sku_id] = counts.get(sku_id, 0) + line.count
    return list(counts.items())


def checkout(ctx: Ctx, site: Mapping[str, Any], body: CheckoutIn) -> dict[str, Any]:
    """A completed checkout: lines priced from the SKUs, finite stock taken (all or nothing: a missing unit
    fails the request, which writes nothing), the order made, ecomm_new_order and ecomm_inventory_changed
    fired."""
    as_workspace(ctx, site)
    settings = _settings(ctx, site["id"])
    repo = EcommerceRepository(ctx.conn)
    lines = _line_skus(ctx, settings, body)
    rows = {r.sku_id: r for r in repo.skus_by_id([s for s, _ in lines])}
    skus = _hook(ctx, "items_by_id")(ctx, settings.skus_collection_id, list(rows))
    for i, (sku_id, _) in enumerate(lines):
        if sku_id not in rows or rows[sku_id].site_id != site["id"] or sku_id not in skus:
            raise ValidationFailed.param(f"lineItems.{i}.skuId", f"'{sku_id}' is not a SKU of the site")
    products = _hook(ctx, "items_by_id")(ctx, settings.products_collection_id,
                                         sorted({rows[s].product_id for s, _ in lines}))
    # Stock taken in SKU id order: two checkouts of the same SKUs lock their rows in the same order.
    for sku_id, count in sorted(lines):
        if not repo.take_stock(sku_id, count):
            left = repo.sku(sku_id)
            raise Conflict(f"Conflict: Not enough inventory for the SKU '{skus[sku_id]['fieldData'].get('slug')}'",
                           details=[{"param": "lineItems", "description": f"{sku_id}: {count} wanted, "
                                                                          f"{left.quantity if left else 0} in stock"}])
    currency = settings.default_currency
    purchased = []
    subtotal = 0
    shippable = False
    for sku_id, count in lines:
        sku, product = skus[sku_id]["fieldData"], products.get(rows[sku_id].product_id, {"fieldData": {}})
        pfd = product["fieldData"]
        price = int((sku.get("price") or {}).get("value", 0))
        subtotal += price * count
        shippable = shippable or bool(pfd.get("shippable"))
        image = sku.get("main-image")
        purchased.append({
            "count": count, "rowTotal": money(price * count, currency), "productId": rows[sku_id].product_id,
            "productName": pfd.get("name", ""), "productSlug": pfd.get("slug", ""), "variantId": sku_id,
            "variantName": sku.get("name", ""), "variantSlug": sku.get("slug", ""),
            "variantSKU": sku.get("sku") or sku.get("slug", ""),
            "variantImage": {"url": image.get("url"), "file": None} if isinstance(image, dict) else None,
            "variantPrice": money(price, currency), "weight": None, "width": None, "height": None, "length": None,
        })
    seq = repo.next_order_seq(site["id"])
    order_id = f"{_hex_id('order-prefix', site['id'])[:3]}-{seq}"
    name = body.customer.name
    shipping = _address(body.shipping_address, "shipping", name)
    billing = _address(body.billing_address or body.shipping_address, "billing", name)
    pay = _hex_id("payment", site["id"], order_id)[:24]
    total = money(subtotal, currency)
    now = ctx.now()
    repo.insert_order({
        "site_id": site["id"], "order_id": order_id, "seq": seq, "status": body.status, "comment": "",
        "order_comment": body.order_comment, "accepted_on": now, "fulfilled_on": None, "refunded_on": None,
        "disputed_on": None, "dispute_updated_on": None, "dispute_last_status": None, "shipping_provider": None,
        "shipping_tracking": None, "shipping_tracking_url": None, "refund_reason": None,
        "checkout": {
            # Webflow's fee and Stripe's are not modelled: the site nets what the customer paid.
            "customerPaid": total, "netAmount": total, "applicationFee": money(0, currency),
            "allAddresses": [a for a in (billing, shipping) if a is not None],
            "shippingAddress": shipping, "billingAddress": billing,
            "customerInfo": {"fullName": name, "email": body.customer.email},
            "purchasedItems": purchased, "purchasedItemsCount": sum(c for _, c in lines),
            "stripeDetails": {"subscriptionId": None, "paymentMethod": f"pm_{pay}", "paymentIntentId": f"pi_{pay}",
                              "customerId": f"cus_{pay[:14]}", "chargeId": f"ch_{pay}", "disputeId": None,
                              "refundId": None, "refundReason": None},
            "stripeCard": {"last4": "4242", "brand": "Visa", "ownerName": name,
                           "expires": {"year": now.year + 3, "month": 12}},
            "isShippingRequired": shippable,
            "totals": {"subtotal": total, "extras": [], "total": total},
        },
    })
    wire = order_wire(_order(ctx, site["id"], order_id))
    _emit(ctx, site["id"], NEW_ORDER, lambda: [wire])
    finite = [r for r in repo.skus_by_id([s for s, _ in lines]) if r.inventory_type == "finite"]
    if finite:
        _emit(ctx, site["id"], INVENTORY_CHANGED, lambda: [inventory_wire(r) for r in finite])
    return wire
