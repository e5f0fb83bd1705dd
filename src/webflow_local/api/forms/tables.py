"""The forms family's tables (declared in its FAMILY; on the one metadata of webflow_local.db.schema).

Forms come from the site (the Designer), not from the Data API: the control plane and seed files make them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, String, Table

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import JSONType, UTCDateTime

forms = Table(
    "forms",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("workspace_id", String(ID), nullable=False),
    Column("display_name", String(200), nullable=False),
    # The page the form is on: its slug as seeded, its id and name (the pages family's when it knows the slug).
    Column("page_id", String(ID), nullable=False),
    Column("page_slug", String(200), nullable=False),
    Column("page_name", String(200), nullable=False),
    Column("site_domain_id", String(ID), nullable=False),
    # The form element (a UUID); the instances of a form inside a component share it.
    Column("form_element_id", String(64), nullable=True),
    # [{id, elementId, displayName, type, placeholder, userVisible}] in the form's order (a JSON array keeps
    # its order on PostgreSQL's JSONB, an object would not).
    Column("fields", JSONType, nullable=False),
    Column("response_settings", JSONType, nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("last_updated", UTCDateTime(), nullable=False),
    Index("ix_forms_site", "site_id", "created_on"),
    Index("ix_forms_element", "site_id", "form_element_id"),
)


form_submissions = Table(
    "form_submissions",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("form_id", String(ID), ForeignKey("forms.id", ondelete="CASCADE"), nullable=False),
    Column("site_id", String(ID), nullable=False),  # the form's, for the by-site listing
    Column("date_submitted", UTCDateTime(), nullable=False),
    Column("locale_id", String(ID), nullable=True),  # a secondary locale's id; NULL for the primary locale
    # {field display name: value}; rendered in the form's field order.
    Column("response", JSONType, nullable=False),
    Index("ix_form_submissions_form", "form_id", "date_submitted"),
    Index("ix_form_submissions_site", "site_id", "date_submitted"),
)


# Per-site forms state set through the control plane: a site whose forms need a republish answers 409.
form_sites = Table(
    "form_sites",
    metadata,
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
    Column("republish_required", Boolean, nullable=False),
)
