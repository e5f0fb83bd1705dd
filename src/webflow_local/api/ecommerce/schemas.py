"""Requests of the ecommerce family (Data API bodies, the control plane's enable call and checkouts, the
seed section) and the wire shapes of money, products, SKUs, orders, inventory and settings."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from webflow_local.kit.models import NotNull, RequestModel

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


class SkuSeed(RequestModel):
    field_data: dict[str, Any] = Field(alias="fieldData")
    inventory: Annotated[InventorySeed | None, NotNull] = None


class ProductSeed(RequestModel):
    publish_status: PublishStatus = Field(default="live", alias="publishStatus")
    product: ItemDataIn
    sku: SkuSeed
    skus: list[SkuSeed] = Field(default_factory=list, max_length=100)


class OrderSeed(_Checkout):
    # Where the order is left: reached through the same transitions as the API's and the control plane's.
    status: OrderStatus = "unfulfilled"


class EcommerceSeed(RequestModel):
    default_currency: Currency = Field(default="USD", alias="defaultCurrency")
    products: list[ProductSeed] = Field(default_factory=list, max_length=1000)
    orders: list[OrderSeed] = Field(default_factory=list, max_length=1000)


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
