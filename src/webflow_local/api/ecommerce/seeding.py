"""The `ecommerce` key of a site in seed files: ecommerce enabled (with the collection and field ids an
exported world fixes), the categories, the products with their SKUs and inventory, then the orders.

Categories, products and SKUs are CMS items made through the items family's seed hook, so an entry may
carry what an export reads (ids, every locale, what is published, live content that differs from the
staged); an entry written by hand is `{fieldData}` and gets what create-product would give it. Orders are
checkouts played through the same code as the control plane's, or, with an `orderId` (an exported world),
recorded orders kept as they are."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row

from webflow_local.api.ecommerce.repository import EcommerceRepository
from webflow_local.api.ecommerce.schemas import (
    CheckoutIn,
    EcommerceSeed,
    EnableIn,
    OrderRecordSeed,
    OrderSeed,
    ProductSeed,
    ShopItemSeed,
)
from webflow_local.api.ecommerce.service import (
    _combo,
    _hook,
    _product_data,
    _settings,
    _sku_data,
    as_workspace,
    checkout,
    enable,
    fulfill_order,
    get_order,
    get_product,
    refund_order,
    set_status,
)
from webflow_local.context import Ctx
from webflow_local.errors import Conflict, ValidationFailed
from webflow_local.kit.reading import patch_between
from webflow_local.kit.validate import params_under

REFUND_REASONS = (None, "duplicate", "fraudulent", "requested")


@dataclass
class _ItemSpec:
    """One item as the items family's seed hook reads it (the attributes of the CMS seed's items)."""

    id: str | None
    field_data: dict[str, Any]
    locales: list[str] | None
    translations: dict[str, dict[str, Any]]
    is_draft: bool
    is_archived: bool
    published: bool | list[str] | None
    cms_locale_ids: list[str] | None = None


@dataclass
class _Made:
    """An item made with its live content, and what is left to write once the items it names exist: the
    `deferred` keys' values and the staged content of locales whose live content differs (by cmsLocaleId)."""

    collection_id: str
    id: str
    locale_ids: list[str]
    published: set[str]
    base: dict[str, dict[str, Any]]
    staged: dict[str, dict[str, Any]]
    deferred: tuple[str, ...] = ()
    differs: list[str] = field(default_factory=list)


def _published(entry: ShopItemSeed, tags: list[str], default: bool | None) -> list[str]:
    """The tags the seed hook publishes the item in (it reads `published` the same way)."""
    published = entry.published if entry.published is not None else default
    if published is None:
        return [] if entry.is_draft else tags
    if isinstance(published, bool):
        return tags if published else []
    return [t for t in tags if t in published]


def _make_item(ctx: Ctx, site: Mapping[str, Any], collection_id: str, entry: ShopItemSeed,
               field_data: dict[str, Any], *, published: bool | None, deferred: tuple[str, ...] = ()) -> _Made:
    """The item in each of its locales with its live content (the staged one where it has no live one),
    published where it is; the keys in `deferred` (references to items not made yet) left out."""
    locs = [site["locales"]["primary"], *site["locales"]["secondary"]]
    tag_ids = {loc["tag"]: loc["cmsLocaleId"] for loc in locs}
    tags = entry.locales or [locs[0]["tag"]]
    for param, named in (("locales", tags), ("translations", list(entry.translations)),
                         ("live", list(entry.live)),
                         ("published", entry.published if isinstance(entry.published, list) else [])):
        unknown = [t for t in named if t not in tag_ids]
        if unknown:
            raise ValidationFailed.param(param, f"'{unknown[0]}' is not a locale tag of the site")
    live_tags = _published(entry, tags, published)
    not_live = [t for t in entry.live if t not in live_tags]
    if not_live:
        raise ValidationFailed.param(f"live.{not_live[0]}", "Live content is for the locales the item is published in")
    staged = {t: {**field_data, **entry.translations.get(t, {})} for t in tags}
    base = {t: {**staged[t], **entry.live.get(t, {})} for t in tags}
    first = {k: v for k, v in base[tags[0]].items() if k not in deferred}
    spec = _ItemSpec(
        id=entry.id, field_data=first, locales=tags, is_draft=entry.is_draft, is_archived=entry.is_archived,
        translations={t: patch for t in tags[1:]
                      if (patch := patch_between(first, {k: v for k, v in base[t].items() if k not in deferred}))},
        published=live_tags or False)
    with params_under("fieldData."):
        made = _hook(ctx, "items_seed")(ctx, site, collection_id, [spec])[0]
    return _Made(collection_id=collection_id, id=made["id"], locale_ids=[tag_ids[t] for t in tags],
                 published={tag_ids[t] for t in live_tags}, base={tag_ids[t]: base[t] for t in tags},
                 staged={tag_ids[t]: staged[t] for t in tags}, deferred=deferred,
                 differs=[tag_ids[t] for t in entry.live])


def _finish(ctx: Ctx, made: _Made) -> None:
    """The deferred keys (live too where the item is published), then the staged content where it differs
    from the live."""
    update = _hook(ctx, "item_update")
    with params_under("fieldData."):
        for loc in made.locale_ids:
            values = {k: made.base[loc][k] for k in made.deferred if made.base[loc].get(k) not in (None, "", [])}
            if values:
                update(ctx, made.collection_id, made.id, {"fieldData": values}, live=loc in made.published,
                       query_locale=loc)
        for loc in made.differs:
            update(ctx, made.collection_id, made.id, {"fieldData": patch_between(made.base[loc], made.staged[loc])},
                   live=False, query_locale=loc)


def _seed_product(ctx: Ctx, site: Mapping[str, Any], settings: Row[Any], entry: ProductSeed) -> dict[str, Any]:
    """The product, then its SKUs (their order is the product's), then its default SKU: the one its
    fieldData names (an exported product), else `sku`. An entry without ids gets create-product's defaults."""
    live = entry.publish_status == "live"
    with params_under("product."):
        pdata = _product_data(entry.product.field_data, "fieldData.", creating=entry.product.id is None)
    skus = [entry.sku, *entry.skus]
    default = pdata.get("default-sku")
    if default is not None and default not in {s.id for s in skus}:
        raise ValidationFailed.param("product.fieldData.default-sku", "The default SKU is one of the product's "
                                                                      "SKUs (sku or skus), by id")
    with params_under("product."):
        product = _make_item(ctx, site, settings.products_collection_id, entry.product, pdata, published=live,
                             deferred=("default-sku",))
    props = pdata.get("sku-properties") or []
    taken: set[tuple[tuple[str, str], ...]] = set()
    rows = []
    for i, seed in enumerate(skus):
        at = "sku." if i == 0 else f"skus.{i - 1}."
        data = _sku_data(seed.field_data, f"{at}fieldData.", currency=settings.default_currency,
                         product_id=product.id, props=props, creating=True)
        if _combo(data["sku-values"]) in taken:
            raise Conflict("Conflict: The product already has a SKU with these sku-values",
                           details=[{"param": f"{at}fieldData.sku-values",
                                     "description": "Each SKU is one combination of the product's options"}])
        taken.add(_combo(data["sku-values"]))
        with params_under(at):
            sku = _make_item(ctx, site, settings.skus_collection_id, seed, data, published=live)
            _finish(ctx, sku)
        stock = seed.inventory
        rows.append({"sku_id": sku.id, "site_id": settings.site_id, "product_id": product.id, "position": i,
                     "inventory_type": stock.inventory_type if stock else "infinite",
                     "quantity": stock.quantity if stock else 0})
    EcommerceRepository(ctx.conn).insert_skus(rows)
    if default is None:
        product.base[product.locale_ids[0]]["default-sku"] = rows[0]["sku_id"]
    with params_under("product."):
        _finish(ctx, product)
    return get_product(ctx, site["id"], product.id)


def _seed_order(ctx: Ctx, site: Mapping[str, Any], entry: OrderSeed) -> dict[str, Any]:
    fields = entry.model_dump(by_alias=True, exclude_none=True)
    fields["status"] = "pending" if entry.status == "pending" else "unfulfilled"
    order = checkout(ctx, site, CheckoutIn.model_validate(fields))
    path = {"pending": [], "unfulfilled": [], "fulfilled": ["fulfilled"], "refunded": ["refunded"],
            "disputed": ["disputed"], "dispute-lost": ["disputed", "dispute-lost"]}[entry.status]
    for step in path:
        if step == "fulfilled":
            order = fulfill_order(ctx, site["id"], order["orderId"], None)
        elif step == "refunded":
            order = refund_order(ctx, site["id"], order["orderId"], None)
        else:
            order = set_status(ctx, site["id"], order["orderId"], step)
    return order


def _record_order(ctx: Ctx, site: Mapping[str, Any], entry: OrderRecordSeed) -> dict[str, Any]:
    """A recorded order, as it is. It takes the next order number (lists keep the seed's order), and later
    checkouts number after its own (`abc-12`: after 12), so they never take its id."""
    repo = EcommerceRepository(ctx.conn)
    site_id = site["id"]
    if repo.order(site_id, entry.order_id) is not None:
        raise Conflict(f"Conflict: The site already has an order {entry.order_id}",
                       details=[{"param": "orderId", "description": "Order ids are unique in a site"}])
    reason = entry.stripe_details.get("refundReason")
    if reason not in REFUND_REASONS:
        raise ValidationFailed.param("stripeDetails.refundReason", "duplicate, fraudulent, requested or null")
    seq = repo.next_order_seq(site_id)
    number = re.fullmatch(r".*-([0-9]{1,9})", entry.order_id)
    if number:
        repo.raise_order_seq(site_id, int(number.group(1)))
    repo.insert_order({
        "site_id": site_id, "order_id": entry.order_id, "seq": seq, "status": entry.status,
        "comment": entry.comment, "order_comment": entry.order_comment,
        "accepted_on": entry.accepted_on or ctx.now(), "fulfilled_on": entry.fulfilled_on,
        "refunded_on": entry.refunded_on, "disputed_on": entry.disputed_on,
        "dispute_updated_on": entry.dispute_updated_on, "dispute_last_status": entry.dispute_last_status,
        "shipping_provider": entry.shipping_provider, "shipping_tracking": entry.shipping_tracking,
        "shipping_tracking_url": entry.shipping_tracking_url, "refund_reason": reason,
        "checkout": {
            "customerPaid": entry.customer_paid, "netAmount": entry.net_amount,
            "applicationFee": entry.application_fee, "allAddresses": entry.all_addresses,
            "shippingAddress": entry.shipping_address, "billingAddress": entry.billing_address,
            "customerInfo": entry.customer_info, "purchasedItems": entry.purchased_items,
            "purchasedItemsCount": entry.purchased_items_count, "stripeDetails": entry.stripe_details,
            "stripeCard": entry.stripe_card, "isShippingRequired": entry.is_shipping_required,
            "totals": entry.totals,
        },
    })
    return get_order(ctx, site_id, entry.order_id)


def _unique_ids(entry: EcommerceSeed) -> None:
    """An item id given twice would be refused by the items family as a taken slug: said plainly here."""
    seen: set[str] = set()
    at: list[tuple[str, str | None]] = [(f"categories.{i}.id", c.id) for i, c in enumerate(entry.categories)]
    for i, p in enumerate(entry.products):
        at.append((f"products.{i}.product.id", p.product.id))
        at += [(f"products.{i}.{'sku' if j == 0 else f'skus.{j - 1}'}.id", s.id)
               for j, s in enumerate([p.sku, *p.skus])]
    for param, item_id in at:
        if item_id is not None:
            if item_id in seen:
                raise ValidationFailed.param(f"ecommerce.{param}", f"The id {item_id} is given twice")
            seen.add(item_id)


def seed_ecommerce(ctx: Ctx, site: dict[str, Any], entries: list[EcommerceSeed]) -> list[dict[str, Any]]:
    """Enable (with the ids and fields of `collections`), then the categories, then the products (with their
    SKUs and inventory), then the orders (checkouts moved to their status, or recorded orders)."""
    out = []
    for entry in entries:
        as_workspace(ctx, site)
        _unique_ids(entry)
        with params_under("ecommerce."):
            settings = enable(ctx, site["id"], EnableIn(default_currency=entry.default_currency), entry.collections)
        row = _settings(ctx, site["id"])
        categories = []
        for i, c in enumerate(entry.categories):
            with params_under(f"ecommerce.categories.{i}."):
                made = _make_item(ctx, site, row.categories_collection_id, c, c.field_data, published=None)
                _finish(ctx, made)
            categories.append({"id": made.id, "cmsLocaleIds": made.locale_ids})
        products = []
        for i, p in enumerate(entry.products):
            with params_under(f"ecommerce.products.{i}."):
                products.append(_seed_product(ctx, site, row, p))
        orders = []
        for i, o in enumerate(entry.orders):
            with params_under(f"ecommerce.orders.{i}."):
                orders.append(_record_order(ctx, site, o) if isinstance(o, OrderRecordSeed)
                              else _seed_order(ctx, site, o))
        out.append({**settings, "categories": categories, "products": products, "orders": orders})
    return out
