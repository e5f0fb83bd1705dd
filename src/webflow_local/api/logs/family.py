"""Logs family: the site activity log (recorded from every write operation through the "write" hook) and
the workspace audit log (recorded from control-plane events through the "audit" hook). Both Enterprise."""

from __future__ import annotations

from webflow_local.api.logs import activity, audit, service
from webflow_local.api.logs.tables import TABLES
from webflow_local.kit.family import Family, Op

FAMILY = Family(
    "logs",
    operations=(
        Op("get-site-activity-logs", lambda ctx, c: service.site_activity(ctx, c.path["site_id"], c.query)),
        Op("get-workspace-audit-logs", lambda ctx, c: service.audit_logs(ctx, c.query)),
    ),
    tables=TABLES,
    hooks={"write": activity.record_write, "audit": audit.record},
)
