"""Pages family: page metadata per locale, static content (DOM) per locale, the beta bulk metadata update,
pages created and deleted through the control plane and seed files, and what a site publish does to pages
(its "site_publish" hook). Its "page_by_slug" hook lets the forms family name a form's page by slug.
Components live here too: their content is stored and rendered as pages' is, and a page's component
instances show their component's properties."""

from __future__ import annotations

from webflow_local.api.pages import components, export, service
from webflow_local.api.pages.admin_routes import router as admin_router
from webflow_local.api.pages.schemas import (
    BulkPagesIn,
    ComponentPropertiesIn,
    ComponentSeed,
    PageSeed,
    PageSettingsIn,
    StaticContentIn,
)
from webflow_local.api.pages.tables import (
    component_nodes,
    component_properties,
    page_locales,
    page_node_locales,
    page_nodes,
    pages,
)
from webflow_local.api.pages.tables import components as components_table
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
        Op("list-components", lambda ctx, c: components.list_components(ctx, c.path["site_id"], c.query)),
        Op("get-component-content", lambda ctx, c: components.get_content(
            ctx, c.path["site_id"], c.path["component_id"], c.query)),
        Op("update-component-content", lambda ctx, c: components.update_content(
            ctx, c.path["site_id"], c.path["component_id"], c.query, c.body), body=StaticContentIn),
        Op("get-component-properties", lambda ctx, c: components.get_properties(
            ctx, c.path["site_id"], c.path["component_id"], c.query)),
        Op("update-component-properties", lambda ctx, c: components.update_properties(
            ctx, c.path["site_id"], c.path["component_id"], c.query, c.body), body=ComponentPropertiesIn),
    ),
    tables=(pages, page_locales, page_nodes, page_node_locales, components_table, component_nodes,
            component_properties),
    owners={"page_id": service.visible_page, "component_id": components.visible_component},
    triggers=("page_created", "page_metadata_updated", "page_deleted"),
    # Components first: a page's component instances name them. A template page names its collection,
    # which may be one the ecommerce key makes.
    seed=(SeedSection("components", ComponentSeed, components.seed_components, export=export.export_components),
          SeedSection("pages", PageSeed, service.seed_pages, after=("components", "ecommerce"),
                      export=export.export_pages)),
    admin=admin_router,
    hooks={"site_publish": service.publish_pages, "page": service.page_ref, "page_by_slug": service.page_by_slug},
)
