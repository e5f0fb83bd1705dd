"""Snapshots family: no Data API operations; its control-plane routes and its table."""

from __future__ import annotations

from webflow_local.api.snapshots.admin_routes import router as admin_router
from webflow_local.api.snapshots.tables import snapshots
from webflow_local.kit.family import Family

FAMILY = Family("snapshots", tables=(snapshots,), admin=admin_router)
