from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from webflow_local.errors import Forbidden


@dataclass(frozen=True)
class Principal:
    """Who is calling: a site token (one site) or a workspace token (every site of the workspace)."""

    token_id: str
    kind: str
    workspace_id: str
    site_id: str | None
    scopes: frozenset[str]
    created_on: datetime
    last_used: datetime | None
    rate_limit: int | None
    user: dict[str, Any] = field(default_factory=dict)
    # The OAuth app an app token was granted to (None for site and workspace tokens).
    app_id: str | None = None

    def can_see_site(self, site_id: str, workspace_id: str) -> bool:
        if self.kind == "site":
            return self.site_id == site_id
        return self.workspace_id == workspace_id

    def ensure_site(self, site_id: str, workspace_id: str) -> None:
        if not self.can_see_site(site_id, workspace_id):
            raise Forbidden()
