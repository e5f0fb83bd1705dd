"""variant counts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 10:10:00

Per (collection, stage, locale) variant counts, so unfiltered item lists need not count the collection.
Existing rows are counted once here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "variant_counts",
        sa.Column("collection_id", sa.String(length=24), nullable=False),
        sa.Column("stage", sa.String(length=8), nullable=False),
        sa.Column("cms_locale_id", sa.String(length=24), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["collections.id"],
            name=op.f("fk_variant_counts_collection_id_collections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("collection_id", "stage", "cms_locale_id", name=op.f("pk_variant_counts")),
    )
    op.execute(
        "INSERT INTO variant_counts (collection_id, stage, cms_locale_id, n) "
        "SELECT collection_id, stage, cms_locale_id, COUNT(*) FROM item_variants "
        "GROUP BY collection_id, stage, cms_locale_id"
    )


def downgrade() -> None:
    op.drop_table("variant_counts")
