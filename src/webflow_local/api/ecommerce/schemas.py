"""Requests of the ecommerce family (Data API bodies, the control plane's enable call and checkouts, the
seed section) and the wire shapes of money, products, SKUs, orders, inventory and settings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Discriminator, Field, StringConstraints, Tag

from webflow_local.kit.models import NotNull, RequestModel
from webflow_local.kit.timefmt import parse_iso

PublishStatus = Literal["staging", "live"]
OrderStatus = Literal["pending", "unfulfilled", "fulfilled", "disputed", "dispute-lost", "refunded"]
ORDER_STATUSES: tuple[str, ...] = ("pending", "unfulfilled", "fulfilled", "disputed", "dispute-lost", "refunded")
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Text = Annotated[str, StringConstraints(max_length=10_000)]  # MAX_TEXT
# Counts and quantities within JavaScript's safe integers.
SAFE = 2**53 - 1
# An order's shippingTrackingURL: an http(s) URL in RFC 3986's characters (orders show it as `format: uri`),
# or empty, which clears it. Also the spec correction's pattern (scripts/normalise_spec.py, R20).
_PCHAR = r"([A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})"
TRACKING_URL_PATTERN = (rf"^([hH][tT][tT][pP][sS]?://[A-Za-z0-9][A-Za-z0-9.\-]*(:[0-9]{{1,5}})?(/{_PCHAR}*)*"
                        rf"(\?({_PCHAR}|[/?])*)?(#({_PCHAR}|[/?])*)?)?$")
MAX_TRACKING_URL = 2048
MAX_TEXT = 10_000


# -- Data API bodies ---------------------------------------------------------------------------------
class _ReadOnly(RequestModel):
    """The read-only keys of a product or SKU, which clients echo back: accepted and ignored."""

    id: Any = None
    cms_locale_id: Any = Field(default=None, alias="cmsLocaleId")
    last_published: Any = Field(default=None, alias="lastPublished")
    last_updated: Any = Field(default=None, alias="lastUpdated")
    created_on: Any = Field(default=None, alias="createdOn")
    is_archived: Any = Field(default=None, alias="isArchived")
    is_draft: Any = Field(default=None, alias="isDraft")


class ItemDataIn(_ReadOnly):
    # Validated by the service (the ecommerce keys) and by the items family (every other field). Left out:
    # nothing changes (an update), or the required fields are missing (a create).
    field_data: dict[str, Any] = Field(default_factory=dict, alias="fieldData")


class ProductCreate(RequestModel):
    publish_status: PublishStatus = Field(default="staging", alias="publishStatus")
    product: ItemDataIn
    sku: ItemDataIn


class ProductUpdate(RequestModel):
    publish_status: PublishStatus = Field(default="staging", alias="publishStatus")
    product: Annotated[ItemDataIn | None, NotNull] = None
    sku: Annotated[ItemDataIn | None, NotNull] = None


class SkusCreate(RequestModel):
    publish_status: PublishStatus = Field(default="staging", alias="publishStatus")
    skus: list[ItemDataIn] = Field(min_length=1, max_length=100)


class SkuUpdate(RequestModel):
    publish_status: PublishStatus = Field(default="staging", alias="publishStatus")
    sku: ItemDataIn


class OrderUpdate(RequestModel):
    comment: Annotated[Text | None, NotNull] = None
    shipping_provider: Annotated[Text | None, NotNull] = Field(default=None, alias="shippingProvider")
    shipping_tracking: Annotated[Text | None, NotNull] = Field(default=None, alias="shippingTracking")
    shipping_tracking_url: Annotated[str | None, NotNull] = Field(default=None, alias="shippingTrackingURL",
                                                                  max_length=MAX_TRACKING_URL)


class FulfillIn(RequestModel):
    send_order_fulfilled_email: bool = Field(default=False, alias="sendOrderFulfilledEmail")


class RefundIn(RequestModel):
    reason: Annotated[Literal["duplicate", "fraudulent", "requested"] | None, NotNull] = None


class InventoryUpdate(RequestModel):
    inventory_type: Literal["infinite", "finite"] = Field(alias="inventoryType")
    update_quantity: Annotated[int | float | None, NotNull] = Field(default=None, alias="updateQuantity")
    quantity: Annotated[int | float | None, NotNull] = None


# -- control plane -----------------------------------------------------------------------------------
class EnableIn(RequestModel):
    default_currency: Currency = Field(default="USD", alias="defaultCurrency")


class AddressIn(RequestModel):
    addressee: Annotated[str | None, NotNull] = Field(default=None, max_length=200)
    line1: str = Field(min_length=1, max_length=500)
    line2: Annotated[str | None, NotNull] = Field(default=None, max_length=500)
    city: str = Field(min_length=1, max_length=200)
    state: Annotated[str | None, NotNull] = Field(default=None, max_length=200)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    postal_code: Annotated[str | None, NotNull] = Field(default=None, alias="postalCode", max_length=32)
    japan_type: Annotated[Literal["kana", "kanji"] | None, NotNull] = Field(default=None, alias="japanType")


class CustomerIn(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=320)


class LineItemIn(RequestModel):
    # The SKU by id, or (seed files, where ids are not known yet) by its slug.
    sku_id: Annotated[str | None, NotNull] = Field(default=None, alias="skuId", pattern=r"^[0-9a-f]{24}$")
    sku: Annotated[str | None, NotNull] = Field(default=None, max_length=256)
    count: int = Field(ge=1, le=10_000)


class _Checkout(RequestModel):
    """A completed checkout on the published site."""

    customer: CustomerIn
    line_items: list[LineItemIn] = Field(alias="lineItems", min_length=1, max_length=100)
    shipping_address: Annotated[AddressIn | None, NotNull] = Field(default=None, alias="shippingAddress")
    billing_address: Annotated[AddressIn | None, NotNull] = Field(default=None, alias="billingAddress")
    # The customer's note at checkout (orderComment).
    order_comment: Text = Field(default="", alias="orderComment")


class CheckoutIn(_Checkout):
    # "pending": the payment has not cleared yet (the control plane's status call clears it).
    status: Literal["unfulfilled", "pending"] = "unfulfilled"


class OrderStatusIn(RequestModel):
    """What only Stripe causes on Webflow: a pending payment clears (unfulfilled), a dispute opens, or is
    lost."""

    status: Literal["unfulfilled", "disputed", "dispute-lost"]


class InventorySeed(RequestModel):
    inventory_type: Literal["infinite", "finite"] = Field(alias="inventoryType")
    quantity: int = Field(default=0, ge=0, le=SAFE)


# -- seed files: what an exported world adds (ids, every locale, what is live, recorded orders) --------------
ObjectId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{24}$")]
FieldSlug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=200)]
# The CMS's field types (the collections family's) and the ecommerce ones only enabling makes.
ShopFieldType = Literal["Color", "DateTime", "Email", "File", "Image", "Link", "MultiImage", "MultiReference",
                        "Number", "Option", "Phone", "PlainText", "Reference", "RichText", "Switch", "VideoLink",
                        "Price", "SkuValues", "SkuSettings"]


class ShopFieldSeed(RequestModel):
    """A field of a shop collection, name and slug aside, as collection-details answers it."""

    slug: FieldSlug
    display_name: str = Field(alias="displayName", min_length=1, max_length=200)
    type: ShopFieldType
    is_required: bool = Field(default=False, alias="isRequired")
    help_text: str | None = Field(default=None, alias="helpText")
    validations: dict[str, Any] | None = None


class ShopCollectionSeed(RequestModel):
    """Fixes what enabling makes of one collection: its id, its fields' ids (by slug, name and slug included)
    and, when given, its fields (every one but name and slug, in order) instead of enabling's."""

    id: Annotated[ObjectId | None, NotNull] = None
    field_ids: dict[FieldSlug, ObjectId] = Field(default_factory=dict, alias="fieldIds")
    fields: Annotated[list[ShopFieldSeed] | None, NotNull] = Field(default=None, max_length=60)


class ShopCollectionsSeed(RequestModel):
    products: Annotated[ShopCollectionSeed | None, NotNull] = None
    skus: Annotated[ShopCollectionSeed | None, NotNull] = None
    categories: Annotated[ShopCollectionSeed | None, NotNull] = None


class ShopItemSeed(RequestModel):
    """A category, product or SKU item. Written by hand it is `{fieldData}` (in the primary locale); exported
    it also has its id and its state in every locale, as the CMS seed's items say it, and `live`: the live
    fieldData of the published locales whose live content differs from the staged."""

    id: Annotated[ObjectId | None, NotNull] = None
    field_data: dict[str, Any] = Field(alias="fieldData")
    locales: Annotated[list[str] | None, NotNull] = None  # locale tags; the first one's is `fieldData`
    translations: dict[str, dict[str, Any]] = Field(default_factory=dict)  # tag -> that locale's fieldData
    is_draft: bool = Field(default=False, alias="isDraft")
    is_archived: bool = Field(default=False, alias="isArchived")
    # Published in every locale, in none, or in these tags (default: a product's publishStatus; for a
    # category, unless it is a draft).
    published: Annotated[bool | list[str] | None, NotNull] = None
    live: dict[str, dict[str, Any]] = Field(default_factory=dict)


class SkuSeed(ShopItemSeed):
    inventory: Annotated[InventorySeed | None, NotNull] = None


class ProductItemSeed(ShopItemSeed):
    # A product's read-only keys, accepted and ignored (as seeds always took them: a get-product answer).
    cms_locale_id: Any = Field(default=None, alias="cmsLocaleId")
    last_published: Any = Field(default=None, alias="lastPublished")
    last_updated: Any = Field(default=None, alias="lastUpdated")
    created_on: Any = Field(default=None, alias="createdOn")


class ProductSeed(RequestModel):
    publish_status: PublishStatus = Field(default="live", alias="publishStatus")
    # Its `default-sku` names one of its SKUs by id (an exported product); left out, it is `sku`.
    product: ProductItemSeed
    sku: SkuSeed
    skus: list[SkuSeed] = Field(default_factory=list, max_length=100)


class OrderSeed(_Checkout):
    # Where the order is left: reached through the same transitions as the API's and the control plane's.
    status: OrderStatus = "unfulfilled"


def _instant(value: Any) -> Any:
    return None if value is None else parse_iso(value)


Instant = Annotated[datetime | None, BeforeValidator(_instant)]


class OrderRecordSeed(RequestModel):
    """An order as get-order answers it (an exported world), kept as it is: its id, status, dates and what
    its checkout fixed. No stock is taken (the SKUs' inventory is exported as it is now). The keys every
    order answers the same (paypalDetails, customData, ...) are left out."""

    order_id: str = Field(alias="orderId", min_length=1, max_length=32)
    status: OrderStatus
    comment: Text = ""
    order_comment: Text = Field(default="", alias="orderComment")
    accepted_on: Instant = Field(default=None, alias="acceptedOn")  # default: the seed's time
    fulfilled_on: Instant = Field(default=None, alias="fulfilledOn")
    refunded_on: Instant = Field(default=None, alias="refundedOn")
    disputed_on: Instant = Field(default=None, alias="disputedOn")
    dispute_updated_on: Instant = Field(default=None, alias="disputeUpdatedOn")
    dispute_last_status: str | None = Field(default=None, alias="disputeLastStatus", max_length=32)
    shipping_provider: Text | None = Field(default=None, alias="shippingProvider")
    shipping_tracking: Text | None = Field(default=None, alias="shippingTracking")
    shipping_tracking_url: str | None = Field(default=None, alias="shippingTrackingURL",
                                              max_length=MAX_TRACKING_URL)
    customer_paid: dict[str, Any] = Field(alias="customerPaid")
    net_amount: dict[str, Any] = Field(alias="netAmount")
    application_fee: dict[str, Any] = Field(alias="applicationFee")
    all_addresses: list[dict[str, Any]] = Field(default_factory=list, alias="allAddresses")
    shipping_address: dict[str, Any] | None = Field(default=None, alias="shippingAddress")
    billing_address: dict[str, Any] | None = Field(default=None, alias="billingAddress")
    customer_info: dict[str, Any] = Field(alias="customerInfo")
    purchased_items: list[dict[str, Any]] = Field(alias="purchasedItems", max_length=1000)
    purchased_items_count: int = Field(alias="purchasedItemsCount", ge=0, le=SAFE)
    stripe_details: dict[str, Any] = Field(alias="stripeDetails")
    stripe_card: dict[str, Any] | None = Field(default=None, alias="stripeCard")
    is_shipping_required: bool = Field(alias="isShippingRequired")
    totals: dict[str, Any]


def _order_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "record" if "orderId" in value else "checkout"
    return "record" if isinstance(value, OrderRecordSeed) else "checkout"


# A seed's order: a checkout to play (no id), or a recorded order (an exported world, with its orderId).
OrderEntry = Annotated[Annotated[OrderSeed, Tag("checkout")] | Annotated[OrderRecordSeed, Tag("record")],
                       Discriminator(_order_kind)]


class EcommerceSeed(RequestModel):
    default_currency: Currency = Field(default="USD", alias="defaultCurrency")
    collections: Annotated[ShopCollectionsSeed | None, NotNull] = None
    categories: list[ShopItemSeed] = Field(default_factory=list, max_length=1000)
    products: list[ProductSeed] = Field(default_factory=list, max_length=1000)
    orders: list[OrderEntry] = Field(default_factory=list, max_length=1000)


# -- wire --------------------------------------------------------------------------------------------
# Currencies without minor units, and symbols for the common ones (others show their code).
ZERO_DECIMAL = frozenset({"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND",
                          "VUV", "XAF", "XOF", "XPF"})
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "$", "AUD": "$", "NZD": "$", "CHF": "CHF",
           "INR": "₹", "KRW": "₩", "CNY": "¥", "SEK": "kr", "NOK": "kr", "DKK": "kr", "BRL": "R$", "MXN": "$"}


def money(minor: int, unit: str) -> dict[str, str]:
    """Webflow's money object: the amount in minor units as a string, and as the storefront shows it."""
    digits = 0 if unit in ZERO_DECIMAL else 2
    major = f"{abs(minor) / 10**digits:,.{digits}f}"
    sign = "-" if minor < 0 else ""
    return {"unit": unit, "value": str(minor), "string": f"{sign}{SYMBOLS.get(unit, unit)} {major} {unit}"}


def sku_wire(item: dict[str, Any]) -> dict[str, Any]:
    """A SKU item as the ecommerce endpoints show it: its main image as a URL (the CMS shows the image
    object)."""
    fd = dict(item["fieldData"])
    image = fd.get("main-image")
    if isinstance(image, dict):
        fd["main-image"] = image.get("url") or ""
    return {"id": item["id"], "cmsLocaleId": item["cmsLocaleId"], "lastPublished": item["lastPublished"],
            "lastUpdated": item["lastUpdated"], "createdOn": item["createdOn"], "fieldData": fd}


def settings_wire(row: Any) -> dict[str, Any]:
    from webflow_local.kit.timefmt import iso

    return {"siteId": row.site_id, "createdOn": iso(row.created_on), "defaultCurrency": row.default_currency}


def inventory_wire(row: Any) -> dict[str, Any]:
    return {"id": row.sku_id, "quantity": int(row.quantity), "inventoryType": row.inventory_type}


def order_wire(row: Any) -> dict[str, Any]:
    from webflow_local.kit.timefmt import iso

    c = row.checkout
    return {
        "orderId": row.order_id,
        "status": row.status,
        "comment": row.comment,
        "orderComment": row.order_comment,
        "acceptedOn": iso(row.accepted_on),
        "fulfilledOn": iso(row.fulfilled_on),
        "refundedOn": iso(row.refunded_on),
        "disputedOn": iso(row.disputed_on),
        "disputeUpdatedOn": iso(row.dispute_updated_on),
        "disputeLastStatus": row.dispute_last_status,
        "customerPaid": c["customerPaid"],
        "netAmount": c["netAmount"],
        "applicationFee": c["applicationFee"],
        "allAddresses": c["allAddresses"],
        "shippingAddress": c["shippingAddress"],
        "billingAddress": c["billingAddress"],
        "shippingProvider": row.shipping_provider,
        "shippingTracking": row.shipping_tracking,
        "shippingTrackingURL": row.shipping_tracking_url,
        "customerInfo": c["customerInfo"],
        "purchasedItems": c["purchasedItems"],
        "purchasedItemsCount": c["purchasedItemsCount"],
        "stripeDetails": {**c["stripeDetails"], "refundReason": row.refund_reason},
        "stripeCard": c["stripeCard"],
        "paypalDetails": None,
        "customData": [],
        "metadata": {"isBuyNow": False},
        "isCustomerDeleted": False,
        "isShippingRequired": c["isShippingRequired"],
        "hasDownloads": False,
        "paymentProcessor": "stripe",
        "totals": c["totals"],
        "downloadFiles": [],
    }
