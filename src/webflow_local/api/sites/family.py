"""Sites family: sites with their locales and custom domains, and the site publish."""

from __future__ import annotations

from webflow_local.api.sites import service
from webflow_local.api.sites.schemas import SitePublish
from webflow_local.kit.family import Family, Op

FAMILY = Family(
    "sites",
    operations=(
        Op("list-sites", lambda ctx, c: service.list_sites(ctx)),
        Op("get-site", lambda ctx, c: service.get_site(ctx, c.path["site_id"])),
        Op("get-custom-domains", lambda ctx, c: service.get_custom_domains(ctx, c.path["site_id"])),
        Op("site-publish", lambda ctx, c: service.site_publish(ctx, c.path["site_id"], c.body), body=SitePublish),
    ),
    # Workspaces are the sites family's too: the audit logs name one by id or slug, create-site by id.
    owners={"site_id": service.visible_site, "workspace_id": service.visible_workspace_by_id,
            "workspace_id_or_slug": service.visible_workspace},
    triggers=("site_publish",),
)
