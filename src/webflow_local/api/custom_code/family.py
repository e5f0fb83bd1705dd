"""Custom code family: scripts registered to a site (hosted or inline) and applied to the site.

Page-level custom code (`/pages/{page_id}/custom_code`) is left to a later change: it needs the pages
family's page lookup, so those operations answer 501 until then."""

from __future__ import annotations

from webflow_local.api.custom_code import service
from webflow_local.api.custom_code.schemas import HostedScriptIn, InlineScriptIn, ScriptsApplyIn
from webflow_local.api.custom_code.tables import custom_code_blocks, custom_code_scripts
from webflow_local.kit.family import Family, Op

FAMILY = Family(
    "custom_code",
    operations=(
        Op("post-hosted-script", lambda ctx, c: service.register_hosted(ctx, c.path["site_id"], c.body),
           body=HostedScriptIn),
        Op("post-inline-scripts", lambda ctx, c: service.register_inline(ctx, c.path["site_id"], c.body),
           body=InlineScriptIn),
        Op("get-scripts", lambda ctx, c: service.list_registered(ctx, c.path["site_id"])),
        Op("add-custom-code-tosite", lambda ctx, c: service.apply_to_site(ctx, c.path["site_id"], c.body),
           body=ScriptsApplyIn),
        Op("get-site-custom-code", lambda ctx, c: service.get_site_code(ctx, c.path["site_id"])),
        Op("delete-site-custom-code", lambda ctx, c: service.delete_site_code(ctx, c.path["site_id"])),
        Op("get-site-custom-code-blocks", lambda ctx, c: service.list_blocks(ctx, c.path["site_id"], c.query)),
    ),
    tables=(custom_code_scripts, custom_code_blocks),
)
