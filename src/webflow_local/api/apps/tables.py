"""The apps family's tables: OAuth apps, their subscriptions, authorization codes, pending consents and the
ID tokens the control plane mints (on the one metadata of webflow_local.db.schema)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text

from webflow_local.db.schema import ID, metadata
from webflow_local.db.types import UTCDateTime

apps = Table(
    "apps",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("client_id", String(200), nullable=False, unique=True),
    # Kept as given: app-created webhooks are signed with it, as on Webflow.
    Column("client_secret", String(200), nullable=False),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("homepage", String(2048), nullable=False),
    Column("scopes", Text, nullable=False),  # comma-separated, normalised
    Column("redirect_uri", String(2048), nullable=False),
    # Approve every authorization without showing the consent page (for CI).
    Column("auto_approve", Boolean, nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
)

app_subscriptions = Table(
    "app_subscriptions",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("app_id", String(ID), ForeignKey("apps.id", ondelete="CASCADE"), nullable=False),
    Column("workspace_id", String(ID), ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False),
    Column("grant_type", String(16), nullable=False),  # Site | Workspace
    Column("grant_id", String(ID), nullable=False),
    Column("price_value", Integer, nullable=False),  # cents
    Column("price_unit", String(8), nullable=False),
    Column("price_interval", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("starts_at", UTCDateTime(), nullable=False),
    Column("ends_at", UTCDateTime(), nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Index("ix_app_subscriptions_app", "app_id", "workspace_id"),
)

# A consent page shown: its CSRF token (hashed; the browser holds it in a cookie and in the page's form)
# and what it would grant. Used once.
oauth_consents = Table(
    "oauth_consents",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("app_id", String(ID), ForeignKey("apps.id", ondelete="CASCADE"), nullable=False),
    Column("csrf_hash", String(64), nullable=False),
    Column("scopes", Text, nullable=False),
    Column("state", Text, nullable=True),
    Column("redirect_uri", String(2048), nullable=False),
    Column("expires_on", UTCDateTime(), nullable=False),
    Column("used_on", UTCDateTime(), nullable=True),
)

# Authorization codes (hashed): single use, 15 minutes.
oauth_codes = Table(
    "oauth_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("app_id", String(ID), ForeignKey("apps.id", ondelete="CASCADE"), nullable=False),
    Column("workspace_id", String(ID), ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=True),
    Column("user_id", String(ID), ForeignKey("users.id", ondelete="CASCADE"), nullable=True),
    Column("scopes", Text, nullable=False),
    Column("redirect_uri", String(2048), nullable=True),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("expires_on", UTCDateTime(), nullable=False),
    Column("used_on", UTCDateTime(), nullable=True),
)

# ID tokens (hashed) of a user on a site, as a Designer Extension gets them; /token/resolve reads them.
id_tokens = Table(
    "id_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(ID), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("site_id", String(ID), ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    Column("created_on", UTCDateTime(), nullable=False),
    Column("expires_on", UTCDateTime(), nullable=False),
)

TABLES = (apps, app_subscriptions, oauth_consents, oauth_codes, id_tokens)
