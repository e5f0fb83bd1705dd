"""Token family: introspection and the user who authorized the token."""

from __future__ import annotations

from webflow_local.api.token import service
from webflow_local.kit.family import Family, Op

FAMILY = Family(
    "token",
    operations=(
        Op("introspect", lambda ctx, c: service.introspect(ctx)),
        Op("authorized_by", lambda ctx, c: service.authorized_by(ctx)),
    ),
)
