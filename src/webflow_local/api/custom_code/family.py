"""Custom code family: scripts registered to a site (hosted or inline) and applied to the site or to its
pages (the page is found through the pages family's "page" hook); a site's `customCode` seed key, after
its pages (named by id or slug through the "page_by_slug" hook)."""

from __future__ import annotations

from webflow_local.api.custom_code import export, service
from webflow_local.api.custom_code.schemas import CustomCodeSeed, HostedScriptIn, InlineScriptIn, ScriptsApplyIn
from webflow_local.api.custom_code.tables import custom_code_blocks, custom_code_scripts
from webflow_local.kit.family import Family, Op, SeedSection

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
        Op("add-custom-code-to-page", lambda ctx, c: service.apply_to_page(ctx, c.path["page_id"], c.body),
           body=ScriptsApplyIn),
        Op("get-page-custom-code", lambda ctx, c: service.get_page_code(ctx, c.path["page_id"])),
        Op("delete-page-custom-code", lambda ctx, c: service.delete_page_code(ctx, c.path["page_id"])),
        Op("get-site-custom-code-blocks", lambda ctx, c: service.list_blocks(ctx, c.path["site_id"], c.query)),
    ),
    tables=(custom_code_scripts, custom_code_blocks),
    seed=(SeedSection("customCode", CustomCodeSeed, service.seed_custom_code, after=("pages",), single=True,
                      export=export.export_custom_code),),
    hooks={"page_deleted": service.forget_page, "hosted_bytes": service.hosted_bytes},
)
