"""Assets family: asset folders, asset metadata, the upload target that stands in for S3 and the hosted
files (public routes, outside /v2, /beta and /_admin).

Hooks for other families:
- "hosted_url" `(ctx, key) -> str`: where the file host serves a key;
- "presign_upload" `(ctx, key, content_type, max_size, *, file_hash, expires_in, type_field)
  -> {url, fields, expiresAt}`: an upload through the same target (custom fonts); the bytes come back through
  the owner's "upload_received" hook and are served through its "hosted_object" hook;
- "asset_for_field" `(ctx, site_id, value, kind) -> value | None`: a CMS Image/File value naming an asset
  (or, with WEBFLOW_LOCAL_FETCH_REMOTE_FILES, a remote file) as Webflow renders it;
- "hosted_bytes" `(ctx, url) -> bytes | None`: the bytes this server's file host serves at a URL (what
  `export` downloads).

Seed keys: `assetFolders` and `assets` (seed.py), both exported from Data API reads, bytes included."""

from __future__ import annotations

from webflow_local.api.assets import seed, service
from webflow_local.api.assets.public import router as public_router
from webflow_local.api.assets.schemas import AssetCreate, AssetSeed, AssetUpdate, FolderCreate, FolderSeed, file_url
from webflow_local.api.assets.tables import asset_alt_texts, asset_files, asset_folders, assets
from webflow_local.kit.family import Family, Op, SeedSection

FAMILY = Family(
    "assets",
    operations=(
        Op("list-asset-folders", lambda ctx, c: service.list_folders(ctx, c.path["site_id"])),
        Op("create-asset-folder", lambda ctx, c: service.create_folder(ctx, c.path["site_id"], c.body),
           body=FolderCreate),
        Op("get-asset-folder", lambda ctx, c: service.get_folder(ctx, c.path["asset_folder_id"])),
        Op("create-asset", lambda ctx, c: service.create_asset(ctx, c.path["site_id"], c.body), body=AssetCreate),
        Op("list-assets", lambda ctx, c: service.list_assets(ctx, c.path["site_id"], c.query)),
        Op("get-asset", lambda ctx, c: service.get_asset(ctx, c.path["asset_id"], c.query)),
        Op("patch-asset", lambda ctx, c: service.update_asset(ctx, c.path["asset_id"], c.query, c.body),
           body=AssetUpdate),
        Op("delete-asset", lambda ctx, c: service.delete_asset(ctx, c.path["asset_id"])),
    ),
    tables=(asset_folders, assets, asset_alt_texts, asset_files),
    owners={"asset_id": service.visible_asset, "asset_folder_id": service.visible_folder},
    seed=(SeedSection("assetFolders", FolderSeed, seed.seed_folders, export=seed.export_folders),
          SeedSection("assets", AssetSeed, seed.seed_assets, after=("assetFolders",), export=seed.export_assets)),
    public=public_router,
    # A 10 MB document and the presigned POST's form fields.
    body_caps={"/_uploads/": service.DOCUMENT_MAX + 1024 * 1024},
    # Other families' uploads use this upload target and file host (presign_upload; their bytes come back
    # through their own "upload_received" and "hosted_object" hooks); CMS file fields resolve assets here.
    hooks={"presign_upload": service.presign_upload, "asset_for_field": service.asset_for_field,
           "hosted_url": lambda ctx, key: file_url(ctx.settings.public_url, key), "hosted_bytes": seed.hosted_bytes},
)
