"""Apps family: OAuth apps (control plane), the authorization-code flow at /oauth/*, app subscriptions
(beta), ID tokens and their resolution (beta)."""

from __future__ import annotations

from webflow_local.api.apps import service
from webflow_local.api.apps.admin_routes import router as admin_router
from webflow_local.api.apps.public import router as public_router
from webflow_local.api.apps.schemas import ResolveIn
from webflow_local.api.apps.tables import TABLES
from webflow_local.kit.family import Family, Op

FAMILY = Family(
    "apps",
    operations=(
        Op("app_subscriptions", lambda ctx, c: service.app_subscriptions(ctx)),
        Op("resolve", lambda ctx, c: service.resolve(ctx, c.body), body=ResolveIn),
    ),
    tables=TABLES,
    admin=admin_router,
    public=public_router,
    hooks={"application": service.application},
)
