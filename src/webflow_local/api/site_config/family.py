"""Site configuration family: redirects, Google tags, robots.txt, well-known files, llms.txt (beta), and site
management (create, update, delete, hosting plan). Everything but Google tags is Enterprise-only."""

from __future__ import annotations

from webflow_local.api.site_config import export, service
from webflow_local.api.site_config.admin_routes import router as admin_router
from webflow_local.api.site_config.schemas import (
    GoogleTagSeed,
    GoogleTagsIn,
    LlmsSeed,
    RedirectSeed,
    RobotsIn,
    WellKnownIn,
)
from webflow_local.api.site_config.tables import TABLES
from webflow_local.kit.family import NO_BODY, RAW_JSON, Family, Op, SeedSection

FAMILY = Family(
    "site_config",
    operations=(
        # Redirects (Enterprise)
        Op("get-redirects", lambda ctx, c: service.list_redirects(ctx, c.path["site_id"], c.query)),
        Op("create-redirect", lambda ctx, c: service.create_redirect(ctx, c.path["site_id"], c.body), body=RAW_JSON),
        Op("update-redirect", lambda ctx, c: service.update_redirect(ctx, c.path["site_id"], c.path["redirect_id"],
                                                                     c.body), body=RAW_JSON),
        Op("delete-redirects", lambda ctx, c: service.delete_redirect(ctx, c.path["site_id"], c.path["redirect_id"],
                                                                      c.query)),
        # Google tags (every plan)
        Op("list-google-tags", lambda ctx, c: service.list_google_tags(ctx, c.path["site_id"])),
        Op("upsert-google-tags", lambda ctx, c: service.upsert_google_tags(ctx, c.path["site_id"], c.body),
           body=GoogleTagsIn),
        Op("delete-google-tag", lambda ctx, c: service.delete_google_tag(ctx, c.path["site_id"], c.path["tag_id"])),
        Op("delete-google-tags", lambda ctx, c: service.delete_google_tags(ctx, c.path["site_id"])),
        # robots.txt (Enterprise)
        Op("get-robots-txt", lambda ctx, c: service.get_robots(ctx, c.path["site_id"])),
        Op("replace-robots-txt", lambda ctx, c: service.replace_robots(ctx, c.path["site_id"], c.body), body=RAW_JSON),
        Op("update-robots-txt", lambda ctx, c: service.update_robots(ctx, c.path["site_id"], c.body), body=RAW_JSON),
        Op("delete-robots-txt", lambda ctx, c: service.delete_robots(ctx, c.path["site_id"], c.body), body=RAW_JSON),
        # well-known files (Enterprise)
        Op("set-well-known", lambda ctx, c: service.set_well_known(ctx, c.path["site_id"], c.body), body=RAW_JSON),
        Op("delete-well-known", lambda ctx, c: service.delete_well_known(ctx, c.path["site_id"], c.body),
           body=RAW_JSON),
        # llms.txt (beta, Enterprise)
        Op("get-llms-txt", lambda ctx, c: service.get_llms(ctx, c.path["site_id"])),
        Op("update-llms-txt", lambda ctx, c: service.update_llms(ctx, c.path["site_id"], c.body), body=RAW_JSON),
        Op("delete-llms-txt", lambda ctx, c: service.delete_llms(ctx, c.path["site_id"]), body=NO_BODY),
        # Site management (Enterprise)
        Op("create-site", lambda ctx, c: service.create_site(ctx, c.body), body=RAW_JSON),
        Op("update-site", lambda ctx, c: service.update_site(ctx, c.path["site_id"], c.body), body=RAW_JSON),
        Op("delete-site", lambda ctx, c: service.delete_site(ctx, c.path["site_id"])),
        Op("get-site-plan", lambda ctx, c: service.get_site_plan(ctx, c.path["site_id"])),
    ),
    tables=TABLES,
    # create-site: a workspace token of that workspace (404 / 403 before the body is read). Redirect ids are
    # looked up by the operations themselves, after the Enterprise check and before their bodies.
    # A seed sets them whatever the workspace's plan (the API shows them on Enterprise only).
    seed=(
        SeedSection("redirects", RedirectSeed, service.seed_redirects, export=export.export_redirects),
        SeedSection("googleTags", GoogleTagSeed, service.seed_google_tags, export=export.export_google_tags),
        SeedSection("robotsTxt", RobotsIn, service.seed_robots, single=True, export=export.export_robots),
        SeedSection("llmsTxt", LlmsSeed, service.seed_llms, single=True, export=export.export_llms),
        SeedSection("wellKnownFiles", WellKnownIn, service.seed_well_known),  # no API read: not exported
    ),
    admin=admin_router,
)
