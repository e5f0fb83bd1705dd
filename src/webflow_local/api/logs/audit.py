"""The workspace audit log: control-plane events (tokens issued and revoked, members added, sites created
and deleted, apps authorized), recorded through the "audit" hook by whoever makes them: the control plane
(admin/service.py), the site management operations (through the "write" hook) and the OAuth flow.

Webflow's audit log has six event types (user_access, custom_role, workspace_membership, site_membership,
workspace_invitation, workspace_setting); each event here takes the nearest (docs/deviations.md):
a token issued is a `user_access/login` by API, a revoked one a `logout`; a member added is
`workspace_membership/user_added`; a site created makes its creator a member of it
(`site_membership/user_added`), a deleted site removes them (`user_removed`)."""

from __future__ import annotations

from typing import Any

from webflow_local.api.logs.repository import LogRepository
from webflow_local.context import Ctx

# The actor of control-plane actions done for no workspace user.
ADMIN_ACTOR = {"id": "control-plane", "email": "admin@webflow-local.test"}


def record(ctx: Ctx, workspace_id: str, event_type: str, sub_type: str, payload: dict[str, Any],
           actor: dict[str, Any] | None = None) -> None:
    """The "audit" hook."""
    LogRepository(ctx.conn).add_audit({
        "workspace_id": workspace_id, "timestamp": ctx.now(), "actor": actor or ADMIN_ACTOR,
        "event_type": event_type, "event_sub_type": sub_type, "payload": payload,
    })


def actor_of(user: dict[str, Any], fallback_id: str) -> dict[str, Any]:
    """A token's caller as an audit actor: its user, else the token."""
    if user.get("id"):
        return {"id": str(user["id"]), "email": str(user.get("email") or "")}
    return {"id": fallback_id, "email": ""}
