"""Pages family: page metadata per locale, static content (DOM) per locale, the beta bulk metadata update,
pages created and deleted through the control plane and seed files, and what a site publish does to pages
(its "site_publish" hook). Its "page_by_slug" hook lets the forms family name a form's page by slug."""

from __future__ import annotations

from webflow_local.api.pages import service
from webflow_local.api.pages.admin import router as admin_router
from webflow_local.api.pages.schemas import BulkPagesIn, PageSeed, PageSettingsIn, StaticContentIn
from webflow_local.api.pages.tables import page_locales, page_node_locales, page_nodes, pages
from webflow_local.kit.family import Family, Op, SeedSection

FAMILY = Family(
    "pages",
    operations=(
        Op("list-pages", lambda ctx, c: service.list_pages(ctx, c.path["site_id"], c.query)),
        Op("get-page-metadata", lambda ctx, c: service.get_page(ctx, c.path["page_id"], c.query)),
        Op("update-page-settings", lambda ctx, c: service.update_settings(ctx, c.path["page_id"], c.query, c.body),
           body=PageSettingsIn),
        Op("get-static-content", lambda ctx, c: service.get_content(ctx, c.path["page_id"], c.query)),
        Op("update-static-content", lambda ctx, c: service.update_content(ctx, c.path["page_id"], c.query, c.body),
           body=StaticContentIn),
        Op("update-page-metadata-bulk", lambda ctx, c: service.update_pages_bulk(ctx, c.body), body=BulkPagesIn),
    ),
    tables=(pages, page_locales, page_nodes, page_node_locales),
    owners={"page_id": service.visible_page},
    triggers=("page_created", "page_metadata_updated", "page_deleted"),
    seed=(SeedSection("pages", PageSeed, service.seed_pages),),
    admin=admin_router,
    hooks={"site_publish": service.publish_pages, "page_by_slug": service.page_by_slug},
)
