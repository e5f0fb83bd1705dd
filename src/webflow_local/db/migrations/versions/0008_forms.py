"""forms tables

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 16:30:00

The forms family's tables (src/webflow_local/api/forms/tables.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import webflow_local.db.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forms",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("workspace_id", sa.String(length=24), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("page_id", sa.String(length=24), nullable=False),
        sa.Column("page_slug", sa.String(length=200), nullable=False),
        sa.Column("page_name", sa.String(length=200), nullable=False),
        sa.Column("site_domain_id", sa.String(length=24), nullable=False),
        sa.Column("form_element_id", sa.String(length=64), nullable=True),
        sa.Column("fields", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("response_settings", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("created_on", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_updated", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_forms_site_id_sites"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forms")),
    )
    with op.batch_alter_table("forms", schema=None) as batch_op:
        batch_op.create_index("ix_forms_element", ["site_id", "form_element_id"], unique=False)
        batch_op.create_index("ix_forms_site", ["site_id", "created_on"], unique=False)

    op.create_table(
        "form_sites",
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("republish_required", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_form_sites_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("site_id", name=op.f("pk_form_sites")),
    )
    op.create_table(
        "form_submissions",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("form_id", sa.String(length=24), nullable=False),
        sa.Column("site_id", sa.String(length=24), nullable=False),
        sa.Column("date_submitted", webflow_local.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("locale_id", sa.String(length=24), nullable=True),
        sa.Column("response", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"], ["forms.id"], name=op.f("fk_form_submissions_form_id_forms"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_submissions")),
    )
    with op.batch_alter_table("form_submissions", schema=None) as batch_op:
        batch_op.create_index("ix_form_submissions_form", ["form_id", "date_submitted"], unique=False)
        batch_op.create_index("ix_form_submissions_site", ["site_id", "date_submitted"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("form_submissions", schema=None) as batch_op:
        batch_op.drop_index("ix_form_submissions_site")
        batch_op.drop_index("ix_form_submissions_form")

    op.drop_table("form_submissions")
    op.drop_table("form_sites")
    with op.batch_alter_table("forms", schema=None) as batch_op:
        batch_op.drop_index("ix_forms_site")
        batch_op.drop_index("ix_forms_element")

    op.drop_table("forms")
