"""Token introspection: what the calling token is and may do."""

from __future__ import annotations

from typing import Any

from webflow_local.api.sites.repository import SiteRepository
from webflow_local.config import DEFAULT_RATE_LIMIT
from webflow_local.context import Ctx
from webflow_local.kit.timefmt import iso

DEFAULT_USER = {"id": "", "email": "developer@webflow-local.test", "firstName": "Local", "lastName": "Developer"}


def _user(ctx: Ctx) -> dict[str, Any]:
    user = {**DEFAULT_USER, **ctx.principal.user}
    if not user["id"]:
        user["id"] = ctx.principal.token_id
    return user


def introspect(ctx: Ctx) -> dict[str, Any]:
    p = ctx.principal
    if p.kind == "site":
        site_ids = [p.site_id]
    else:
        site_ids = [s.id for s in SiteRepository(ctx.conn).find(workspace_id=p.workspace_id)]
    out: dict[str, Any] = {
        "authorization": {
            "id": p.token_id,
            "createdOn": iso(p.created_on),
            # This request is a use of the token.
            "lastUsed": iso(ctx.now()),
            "grantType": "authorization_code" if p.app_id else f"{p.kind}_token",
            "rateLimit": ctx.settings.rate_limit or DEFAULT_RATE_LIMIT,
            "scope": ",".join(sorted(p.scopes)),
            "authorizedTo": {
                "siteIds": site_ids,
                "workspaceIds": [p.workspace_id],
                "userIds": [_user(ctx)["id"]],
            },
        }
    }
    # An app token shows its app (the apps family answers the "application" hook); other tokens have none,
    # sent as explicit null (unset is null on Webflow).
    out["application"] = None
    if p.app_id:
        for application in ctx.hooks("application"):
            app = application(ctx, p.app_id)
            if app is not None:
                out["application"] = app
    return out


def authorized_by(ctx: Ctx) -> dict[str, Any]:
    return _user(ctx)
