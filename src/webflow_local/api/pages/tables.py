"""The pages family's tables (declared in its FAMILY; on the one metadata of webflow_local.db.schema)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import JSONType, UTCDateTime

# A page of a site. `kind`: static | home | template (a collection's template page) | utility (404,
# password, search); the slug of the last three is never changed through the API.
pages = Table(
    "pages",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("parent_id", String(ID), ForeignKey("pages.id", ondelete="SET NULL"), nullable=True),
    Column("collection_id", String(ID), ForeignKey("collections.id", ondelete="CASCADE"), nullable=True),
    Column("kind", String(16), nullable=False),
    Column("draft", Boolean, nullable=False),
    Column("archived", Boolean, nullable=False),
    Column("can_branch", Boolean, nullable=False),
    Column("is_branch", Boolean, nullable=False),
    Column("branch_id", String(ID), nullable=True),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_updated", UTCDateTime(), nullable=False),
    Column("last_published", UTCDateTime(), nullable=True),
    Index("ix_pages_site", "site_id", "created_on", "id"),
)


# A page's settings per site locale (locales.id). The primary locale's row always exists and holds every
# value; a secondary locale's row exists once something was written or published in it, and its NULL
# values read the primary's. `published_path` is the path at the last site publish (NULL: never published).
page_locales = Table(
    "page_locales",
    metadata,
    Column("page_id", String(ID), ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True),
    Column("locale_id", String(ID), ForeignKey("locales.id", ondelete="CASCADE"), primary_key=True),
    Column("title", Text, nullable=True),
    Column("slug", String(200), nullable=True),
    Column("seo_title", Text, nullable=True),
    Column("seo_description", Text, nullable=True),
    Column("og_title", Text, nullable=True),
    Column("og_title_copied", Boolean, nullable=True),
    Column("og_description", Text, nullable=True),
    Column("og_description_copied", Boolean, nullable=True),
    Column("published_path", Text, nullable=True),
    Column("dom_last_updated", UTCDateTime(), nullable=True),
)


# The static content (DOM) nodes of a page, in order, with the primary locale's content; `content` holds the
# type's own keys (text {html, text}, image {alt, assetId}, choices, placeholder, value/waitingText,
# componentId/propertyOverrides).
page_nodes = Table(
    "page_nodes",
    metadata,
    Column("page_id", String(ID), ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True),
    Column("node_id", String(36), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("type", String(32), nullable=False),
    Column("attributes", JSONType, nullable=False),
    Column("content", JSONType, nullable=False),
    Index("ix_page_nodes_order", "page_id", "position"),
)


# A node's content in a secondary locale, once written there (until then that locale reads the primary's).
page_node_locales = Table(
    "page_node_locales",
    metadata,
    Column("page_id", String(ID), ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True),
    Column("node_id", String(36), primary_key=True),
    Column("locale_id", String(ID), ForeignKey("locales.id", ondelete="CASCADE"), primary_key=True),
    Column("content", JSONType, nullable=False),
)


# A site's components (Webflow has no API to create them: the control plane and seed files do). `id` is a
# UUID, as Webflow's are. `branches`: the branch ids the component has a copy in (its content and property
# rows under that branch id); the main content's rows have branch "".
components = Table(
    "components",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("group", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("readonly", Boolean, nullable=False),
    Column("branches", JSONType, nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Index("ix_components_site", "site_id", "created_on", "id"),
)


# A component's static content nodes per branch, in order: `content` is the primary locale's (the shape of
# page_nodes.content), `locales` the content written in secondary locales by site locale id.
component_nodes = Table(
    "component_nodes",
    metadata,
    Column("component_id", String(36), ForeignKey("components.id", ondelete="CASCADE"), primary_key=True),
    Column("branch", String(ID), primary_key=True),
    Column("node_id", String(36), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("type", String(32), nullable=False),
    Column("attributes", JSONType, nullable=False),
    Column("content", JSONType, nullable=False),
    Column("locales", JSONType, nullable=False),
)


# A component's properties (Plain Text, Rich Text, Alt Text) per branch: the default value in the primary
# locale (`text`, the wire's {html, text}) and in secondary locales written (`locales`, by site locale id).
component_properties = Table(
    "component_properties",
    metadata,
    Column("component_id", String(36), ForeignKey("components.id", ondelete="CASCADE"), primary_key=True),
    Column("branch", String(ID), primary_key=True),
    Column("property_id", String(36), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("type", String(16), nullable=False),
    Column("label", String(200), nullable=False),
    Column("text", JSONType, nullable=False),
    Column("locales", JSONType, nullable=False),
)
