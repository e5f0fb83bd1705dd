"""Ecommerce family: products and SKUs (CMS items of the site's Products and SKUs collections, through the
items family's hooks), inventory, orders and their lifecycle, and the site's ecommerce settings.

Ecommerce is enabled, and orders are made, through the control plane (`POST /_admin/sites/{site_id}/ecommerce`,
`POST /_admin/sites/{site_id}/orders`) and the `ecommerce` key of a site in seed files."""

from __future__ import annotations

from webflow_local.api.ecommerce import seeding, service
from webflow_local.api.ecommerce.admin_routes import router as admin_router
from webflow_local.api.ecommerce.export import export_ecommerce
from webflow_local.api.ecommerce.schemas import (
    EcommerceSeed,
    FulfillIn,
    InventoryUpdate,
    OrderUpdate,
    ProductCreate,
    ProductUpdate,
    RefundIn,
    SkusCreate,
    SkuUpdate,
)
from webflow_local.api.ecommerce.tables import ecommerce_orders, ecommerce_sites, ecommerce_skus
from webflow_local.kit.family import Family, Op, SeedSection

FAMILY = Family(
    "ecommerce",
    operations=(
        Op("list-products", lambda ctx, c: service.list_products(ctx, c.path["site_id"], c.query)),
        Op("create-product", lambda ctx, c: service.create_product(ctx, c.path["site_id"], c.body),
           body=ProductCreate),
        Op("get-product", lambda ctx, c: service.get_product(ctx, c.path["site_id"], c.path["product_id"])),
        Op("update-product", lambda ctx, c: service.update_product(ctx, c.path["site_id"], c.path["product_id"],
                                                                   c.body), body=ProductUpdate),
        Op("create-skus", lambda ctx, c: service.create_skus(ctx, c.path["site_id"], c.path["product_id"], c.body),
           body=SkusCreate),
        Op("update-sku", lambda ctx, c: service.update_sku(ctx, c.path["site_id"], c.path["product_id"],
                                                           c.path["sku_id"], c.body), body=SkuUpdate),
        Op("list-orders", lambda ctx, c: service.list_orders(ctx, c.path["site_id"], c.query)),
        Op("get-order", lambda ctx, c: service.get_order(ctx, c.path["site_id"], c.path["order_id"])),
        Op("update-order", lambda ctx, c: service.update_order(ctx, c.path["site_id"], c.path["order_id"], c.body),
           body=OrderUpdate),
        Op("fulfill-order", lambda ctx, c: service.fulfill_order(ctx, c.path["site_id"], c.path["order_id"], c.body),
           body=FulfillIn),
        Op("unfulfill-order", lambda ctx, c: service.unfulfill_order(ctx, c.path["site_id"], c.path["order_id"])),
        Op("refund-order", lambda ctx, c: service.refund_order(ctx, c.path["site_id"], c.path["order_id"], c.body),
           body=RefundIn),
        Op("list-inventory", lambda ctx, c: service.get_inventory(ctx, c.path["sku_collection_id"],
                                                                  c.path["sku_id"])),
        Op("update-inventory", lambda ctx, c: service.update_inventory(ctx, c.path["sku_collection_id"],
                                                                       c.path["sku_id"], c.body),
           body=InventoryUpdate),
        Op("ecommerce-settings", lambda ctx, c: service.get_settings(ctx, c.path["site_id"])),
    ),
    tables=(ecommerce_sites, ecommerce_skus, ecommerce_orders),
    owners={"sku_collection_id": service.visible_sku_collection},
    triggers=service.TRIGGERS,
    seed=(SeedSection("ecommerce", EcommerceSeed, seeding.seed_ecommerce, single=True, export=export_ecommerce),),
    admin=admin_router,
)
