"""Custom fonts family (v2 only): a site's fonts, created and replaced with the same presigned upload as assets
(through the assets family's "presign_upload" and "hosted_url" hooks; its upload target hands a font's bytes
back through this family's "upload_received" hook and serves them through "hosted_object"). Seed key:
`customFonts` (seed.py), exported from Data API reads with each font's binary."""

from __future__ import annotations

from webflow_local.api.custom_fonts import seed, service
from webflow_local.api.custom_fonts.schemas import BatchDelete, FontCreate, FontFile, FontSeed, FontUpdate
from webflow_local.api.custom_fonts.tables import custom_font_files, custom_fonts
from webflow_local.kit.family import Family, Op, SeedSection

FAMILY = Family(
    "custom_fonts",
    operations=(
        Op("list-custom-fonts", lambda ctx, c: service.list_fonts(ctx, c.path["site_id"], c.query)),
        Op("create-custom-font", lambda ctx, c: service.create_font(ctx, c.path["site_id"], c.body),
           body=FontCreate),
        Op("get-custom-font", lambda ctx, c: service.get_font(ctx, c.path["site_id"], c.path["font_id"])),
        Op("update-custom-font",
           lambda ctx, c: service.update_font(ctx, c.path["site_id"], c.path["font_id"], c.body), body=FontUpdate),
        Op("delete-custom-font", lambda ctx, c: service.delete_font(ctx, c.path["site_id"], c.path["font_id"])),
        Op("replace-custom-font-file",
           lambda ctx, c: service.replace_file(ctx, c.path["site_id"], c.path["font_id"], c.body), body=FontFile),
        Op("batch-delete-custom-fonts", lambda ctx, c: service.batch_delete(ctx, c.path["site_id"], c.body),
           body=BatchDelete),
    ),
    tables=(custom_fonts, custom_font_files),
    owners={"font_id": service.visible_font},
    seed=(SeedSection("customFonts", FontSeed, seed.seed_fonts, export=seed.export_fonts),),
    hooks={"upload_received": service.upload_received, "hosted_object": service.hosted_object},
)
