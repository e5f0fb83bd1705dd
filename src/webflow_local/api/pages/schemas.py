"""Requests (page settings, the bulk metadata update, static content writes, the control plane's pages) and
the wire shapes of pages and their DOM nodes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from webflow_local.kit.models import NotNull, RequestModel

NODE_TYPES = ("text", "image", "component-instance", "text-input", "select", "submit-button", "search-button")
NodeType = Literal["text", "image", "component-instance", "text-input", "select", "submit-button", "search-button"]
PropertyType = Literal["Plain Text", "Rich Text", "Alt Text"]
MAX_DOM_NODES = 1000
MAX_BULK = 100
SLUG_MAX = 200  # its column's size


# -- the Data API ---------------------------------------------------------------------------------------
class SeoIn(RequestModel):
    title: Annotated[str | None, NotNull] = None
    description: Annotated[str | None, NotNull] = None


class OpenGraphIn(RequestModel):
    title: Annotated[str | None, NotNull] = None
    title_copied: Annotated[bool | None, NotNull] = Field(default=None, alias="titleCopied")
    description: Annotated[str | None, NotNull] = None
    description_copied: Annotated[bool | None, NotNull] = Field(default=None, alias="descriptionCopied")


class PageSettingsIn(RequestModel):
    """update-page-settings: every key optional; what is given is applied in the chosen locale."""

    title: Annotated[str | None, NotNull] = Field(default=None, min_length=1)
    slug: Annotated[str | None, NotNull] = Field(default=None, max_length=SLUG_MAX)
    seo: Annotated[SeoIn | None, NotNull] = None
    open_graph: Annotated[OpenGraphIn | None, NotNull] = Field(default=None, alias="openGraph")
    # The spec's Page object is also what clients echo back: its read-only keys are accepted and ignored.
    id: str | None = None
    site_id: str | None = Field(default=None, alias="siteId")


class PageMetadataIn(PageSettingsIn):
    """One entry of the beta bulk PATCH /pages."""

    id: str
    locale_id: Annotated[str | None, NotNull] = Field(default=None, alias="localeId")


class BulkPagesIn(RequestModel):
    pages: list[PageMetadataIn] = Field(min_length=1, max_length=MAX_BULK)


class PropertyOverrideIn(RequestModel):
    property_id: str = Field(alias="propertyId")
    text: str


class ChoiceIn(RequestModel):
    value: str
    text: str


class NodeUpdateIn(RequestModel):
    """One node of update-static-content; which keys fit depends on the node's type (checked per node,
    a misfit is reported in `errors`)."""

    node_id: str = Field(alias="nodeId")
    text: Annotated[str | None, NotNull] = None
    property_overrides: Annotated[list[PropertyOverrideIn] | None, NotNull] = Field(default=None,
                                                                                   alias="propertyOverrides")
    choices: Annotated[list[ChoiceIn] | None, NotNull] = None
    placeholder: Annotated[str | None, NotNull] = None
    value: Annotated[str | None, NotNull] = None
    waiting_text: Annotated[str | None, NotNull] = Field(default=None, alias="waitingText")


class StaticContentIn(RequestModel):
    nodes: list[NodeUpdateIn] = Field(min_length=1, max_length=MAX_DOM_NODES)


# -- the control plane and seed files ---------------------------------------------------------------------
class ImageIn(RequestModel):
    alt: str | None = None
    asset_id: str = Field(alias="assetId", min_length=1)


class PropertySeed(RequestModel):
    property_id: Annotated[str | None, NotNull] = Field(default=None, alias="propertyId")
    type: PropertyType = "Plain Text"
    label: str = Field(min_length=1)
    text: str


class NodeContentSeed(RequestModel):
    """A node's content: the keys of its type (`html` for text nodes, `propertyOverrides` texts by label or
    propertyId for component instances)."""

    html: Annotated[str | None, NotNull] = None
    image: Annotated[ImageIn | None, NotNull] = None
    component_id: Annotated[str | None, NotNull] = Field(default=None, alias="componentId")
    property_overrides: Annotated[list[PropertySeed] | None, NotNull] = Field(default=None,
                                                                             alias="propertyOverrides")
    choices: Annotated[list[ChoiceIn] | None, NotNull] = None
    placeholder: Annotated[str | None, NotNull] = None
    value: Annotated[str | None, NotNull] = None
    waiting_text: Annotated[str | None, NotNull] = Field(default=None, alias="waitingText")


class NodeSeed(NodeContentSeed):
    id: Annotated[str | None, NotNull] = None  # a UUID; one is made when left out
    type: NodeType
    attributes: dict[str, str] = Field(default_factory=dict)
    # Content in secondary locales, by locale tag (or site locale id).
    locales: dict[str, NodeContentSeed] = Field(default_factory=dict)


class PageLocaleSeed(RequestModel):
    title: Annotated[str | None, NotNull] = Field(default=None, min_length=1)
    slug: Annotated[str | None, NotNull] = Field(default=None, max_length=SLUG_MAX)
    seo: Annotated[SeoIn | None, NotNull] = None
    open_graph: Annotated[OpenGraphIn | None, NotNull] = Field(default=None, alias="openGraph")
    # The path at the site's last publish in this locale (left out: never published), as exports carry it.
    published_path: Annotated[str | None, NotNull] = Field(default=None, alias="publishedPath")


class PageSeed(PageLocaleSeed):
    """A page of a seed file or POST /_admin/sites/{id}/pages (Webflow has no API to create pages)."""

    id: Annotated[str | None, NotNull] = None
    title: str = Field(min_length=1)
    parent: Annotated[str | None, NotNull] = None  # the parent page's slug or id
    collection: Annotated[str | None, NotNull] = None  # template page of this collection (id, slug or name)
    utility: bool = False  # a utility page (404, password, search)
    draft: bool = False
    archived: bool = False
    can_branch: bool = Field(default=False, alias="canBranch")
    # Settings in secondary locales, by locale tag (or site locale id).
    locales: dict[str, PageLocaleSeed] = Field(default_factory=dict)
    nodes: list[NodeSeed] = Field(default_factory=list, max_length=MAX_DOM_NODES)


def node_wire(node_id: str, node_type: str, attributes: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": node_id, "type": node_type}
    if node_type == "text":
        out["text"] = content["text"]
    elif node_type == "image":
        out["image"] = content["image"]
    elif node_type == "component-instance":
        out["componentId"] = content["componentId"]
        out["propertyOverrides"] = content["propertyOverrides"]
        return out  # the spec's component node has no attributes
    elif node_type == "text-input":
        out["placeholder"] = content["placeholder"]
    elif node_type == "select":
        out["choices"] = content["choices"]
    elif node_type == "submit-button":
        out["value"] = content["value"]
        out["waitingText"] = content["waitingText"]
    elif node_type == "search-button":
        out["value"] = content["value"]
    out["attributes"] = attributes
    return out


# -- components -------------------------------------------------------------------------------------------
class PropertyUpdateIn(RequestModel):
    property_id: str = Field(alias="propertyId")
    text: str


class ComponentPropertiesIn(RequestModel):
    """update-component-properties: default values in a secondary locale."""

    properties: list[PropertyUpdateIn] = Field(min_length=1, max_length=MAX_DOM_NODES)


class ComponentPropertySeed(RequestModel):
    property_id: Annotated[str | None, NotNull] = Field(default=None, alias="propertyId")  # a UUID; made if absent
    type: PropertyType = "Plain Text"
    label: str = Field(min_length=1, max_length=200)
    text: str  # the default value in the primary locale (HTML for Rich Text)
    # Default values in secondary locales, by locale tag (or site locale id).
    locales: dict[str, str] = Field(default_factory=dict)


class ComponentSeed(RequestModel):
    """A component of a seed file or POST /_admin/sites/{id}/components (Webflow has no API to create one)."""

    id: Annotated[str | None, NotNull] = None  # a UUID; one is made when left out
    name: str = Field(min_length=1, max_length=200)
    group: str = Field(default="", max_length=200)
    description: str = ""
    readonly: bool = False
    nodes: list[NodeSeed] = Field(default_factory=list, max_length=MAX_DOM_NODES)
    properties: list[ComponentPropertySeed] = Field(default_factory=list, max_length=MAX_DOM_NODES)
    # Branches the component has a copy in (branchId values, 24 hex): each starts as the main content.
    branches: list[str] = Field(default_factory=list, max_length=20)


def component_wire(row: Any) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "group": row.group, "description": row.description,
            "readonly": row.readonly}
