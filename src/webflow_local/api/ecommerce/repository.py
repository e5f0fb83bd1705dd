"""All SQL of the ecommerce family: a site's settings, SKUs' products and inventory, orders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from webflow_local.api.ecommerce.schemas import SAFE
from webflow_local.api.ecommerce.tables import ecommerce_orders, ecommerce_sites, ecommerce_skus


class EcommerceRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- settings ----------------------------------------------------------------------------------
    def settings(self, site_id: str) -> Row[Any] | None:
        return self.conn.execute(select(ecommerce_sites).where(ecommerce_sites.c.site_id == site_id)).first()

    def insert_settings(self, row: dict[str, Any]) -> None:
        self.conn.execute(ecommerce_sites.insert().values(**row))

    def next_order_seq(self, site_id: str) -> int:
        """The site's next order number. The UPDATE locks the site's row, so concurrent checkouts queue here
        and each reads its own number."""
        where = ecommerce_sites.c.site_id == site_id
        self.conn.execute(update(ecommerce_sites).where(where).values(order_seq=ecommerce_sites.c.order_seq + 1))
        return int(self.conn.execute(select(ecommerce_sites.c.order_seq).where(where)).scalar_one())

    def raise_order_seq(self, site_id: str, at_least: int) -> None:
        """Order numbers continue after `at_least` (a seeded order's number), never going back."""
        c = ecommerce_sites.c
        self.conn.execute(update(ecommerce_sites).where(c.site_id == site_id, c.order_seq < at_least)
                          .values(order_seq=at_least))

    # -- SKUs and inventory ------------------------------------------------------------------------
    def insert_skus(self, rows: list[dict[str, Any]]) -> None:
        self.conn.execute(ecommerce_skus.insert(), rows)

    def sku(self, sku_id: str) -> Row[Any] | None:
        return self.conn.execute(select(ecommerce_skus).where(ecommerce_skus.c.sku_id == sku_id)).first()

    def skus_of(self, product_ids: Sequence[str]) -> list[Row[Any]]:
        if not product_ids:
            return []
        q = (select(ecommerce_skus).where(ecommerce_skus.c.product_id.in_(list(product_ids)))
             .order_by(ecommerce_skus.c.product_id, ecommerce_skus.c.position))
        return list(self.conn.execute(q))

    def skus_by_id(self, sku_ids: Sequence[str]) -> list[Row[Any]]:
        return list(self.conn.execute(select(ecommerce_skus).where(ecommerce_skus.c.sku_id.in_(list(sku_ids)))))

    def next_position(self, product_id: str) -> int:
        q = select(func.coalesce(func.max(ecommerce_skus.c.position), -1)).where(
            ecommerce_skus.c.product_id == product_id)
        return int(self.conn.execute(q).scalar_one()) + 1

    def set_inventory(self, sku_id: str, inventory_type: str, quantity: int | None) -> None:
        values: dict[str, Any] = {"inventory_type": inventory_type}
        if quantity is not None:
            values["quantity"] = quantity
        self.conn.execute(update(ecommerce_skus).where(ecommerce_skus.c.sku_id == sku_id).values(**values))

    def add_inventory(self, sku_id: str, inventory_type: str, delta: int) -> bool:
        """quantity += delta unless that leaves 0..SAFE (checked in the same statement, so concurrent
        updates cannot pass each other); False when it would."""
        q = ecommerce_skus.c.quantity
        stmt = (update(ecommerce_skus)
                .where(ecommerce_skus.c.sku_id == sku_id, q + delta >= 0, q + delta <= SAFE)
                .values(quantity=q + delta, inventory_type=inventory_type)
                .execution_options(preserve_rowcount=True))
        return int(self.conn.execute(stmt).rowcount) == 1

    def take_stock(self, sku_id: str, count: int) -> bool:
        """A checkout's units of a finite SKU: one conditional UPDATE (quantity >= count), so of two
        checkouts for the last unit exactly one gets it. True also for infinite SKUs (nothing to take)."""
        c = ecommerce_skus.c
        stmt = (update(ecommerce_skus)
                .where(c.sku_id == sku_id, c.inventory_type == "finite", c.quantity >= count)
                .values(quantity=c.quantity - count)
                .execution_options(preserve_rowcount=True))
        if int(self.conn.execute(stmt).rowcount) == 1:
            return True
        row = self.sku(sku_id)
        return row is not None and row.inventory_type == "infinite"

    # -- orders ------------------------------------------------------------------------------------
    def insert_order(self, row: dict[str, Any]) -> None:
        self.conn.execute(ecommerce_orders.insert().values(**row))

    def order(self, site_id: str, order_id: str) -> Row[Any] | None:
        q = select(ecommerce_orders).where(ecommerce_orders.c.site_id == site_id,
                                           ecommerce_orders.c.order_id == order_id)
        return self.conn.execute(q).first()

    def orders_page(self, site_id: str, status: str | None, offset: int,
                    limit: int) -> tuple[list[Row[Any]], int]:
        where = [ecommerce_orders.c.site_id == site_id]
        if status is not None:
            where.append(ecommerce_orders.c.status == status)
        total = int(self.conn.execute(select(func.count()).select_from(ecommerce_orders).where(*where)).scalar_one())
        q = select(ecommerce_orders).where(*where).order_by(ecommerce_orders.c.seq).offset(offset).limit(limit)
        return list(self.conn.execute(q)), total

    def update_order(self, site_id: str, order_id: str, values: dict[str, Any],
                     from_statuses: Sequence[str] | None = None) -> bool:
        """Sets values; with from_statuses only while the order is in one of them (a transition checked in
        the same statement, so two concurrent refunds cannot both succeed). False when nothing matched."""
        where = [ecommerce_orders.c.site_id == site_id, ecommerce_orders.c.order_id == order_id]
        if from_statuses is not None:
            where.append(ecommerce_orders.c.status.in_(list(from_statuses)))
        stmt = update(ecommerce_orders).where(*where).values(**values).execution_options(preserve_rowcount=True)
        return int(self.conn.execute(stmt).rowcount) == 1
