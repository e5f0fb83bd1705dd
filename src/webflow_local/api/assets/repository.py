"""All SQL of assets, asset folders, alt texts and the stored bytes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Table, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from webflow_local.api.assets.tables import asset_alt_texts, asset_files, asset_folders, assets
from webflow_local.db.schema import control_state
from webflow_local.db.upsert import upsert

SECRET_KEY = "upload_secret"


def _insert_new(conn: Connection, table: Table, row: dict[str, Any]) -> bool:
    """INSERT that writes nothing when a unique constraint says the row exists (no SAVEPOINT needed)."""
    mod: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = mod.insert(table).on_conflict_do_nothing().execution_options(preserve_rowcount=True)
    return int(conn.execute(stmt, row).rowcount) == 1


class AssetRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- folders ----------------------------------------------------------------------------------
    def folder(self, folder_id: str) -> Row[Any] | None:
        return self.conn.execute(select(asset_folders).where(asset_folders.c.id == folder_id)).first()

    def folders_of(self, site_id: str) -> list[Row[Any]]:
        q = select(asset_folders).where(asset_folders.c.site_id == site_id).order_by(
            asset_folders.c.created_on, asset_folders.c.id)
        return list(self.conn.execute(q))

    def insert_folder(self, row: dict[str, Any]) -> bool:
        """False when the parent already has a folder of that name."""
        return _insert_new(self.conn, asset_folders, row)

    def asset_ids_in(self, folder_ids: Sequence[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {f: [] for f in folder_ids}
        if not folder_ids:
            return out
        q = (select(assets.c.folder_id, assets.c.id).where(assets.c.folder_id.in_(folder_ids))
             .order_by(assets.c.created_on, assets.c.id))
        for r in self.conn.execute(q):
            out[r.folder_id].append(r.id)
        return out

    # -- assets -----------------------------------------------------------------------------------
    def get(self, asset_id: str) -> Row[Any] | None:
        return self.conn.execute(select(assets).where(assets.c.id == asset_id)).first()

    def by_hash(self, site_id: str, file_hash: str) -> Row[Any] | None:
        q = select(assets).where(assets.c.site_id == site_id, assets.c.file_hash == file_hash)
        return self.conn.execute(q).first()

    def insert(self, row: dict[str, Any]) -> bool:
        """False when the site already has an asset with that hash."""
        return _insert_new(self.conn, assets, row)

    def page(self, site_id: str, folder_ids: Sequence[str] | None, offset: int,
             limit: int) -> tuple[list[Row[Any]], int]:
        where = [assets.c.site_id == site_id]
        if folder_ids is not None:
            where.append(assets.c.folder_id.in_(folder_ids))
        total = int(self.conn.execute(select(func.count()).select_from(assets).where(*where)).scalar_one())
        rows = self.conn.execute(
            select(assets).where(*where).order_by(assets.c.created_on, assets.c.id).offset(offset).limit(limit))
        return list(rows), total

    def update(self, asset_id: str, values: dict[str, Any]) -> None:
        self.conn.execute(update(assets).where(assets.c.id == asset_id).values(**values))

    def delete(self, asset_id: str) -> None:
        self.conn.execute(assets.delete().where(assets.c.id == asset_id))

    # -- alt texts --------------------------------------------------------------------------------
    def alt_texts(self, asset_ids: Sequence[str], locale_id: str) -> dict[str, str]:
        if not asset_ids:
            return {}
        q = select(asset_alt_texts.c.asset_id, asset_alt_texts.c.alt_text).where(
            asset_alt_texts.c.asset_id.in_(asset_ids), asset_alt_texts.c.locale_id == locale_id)
        return {r.asset_id: r.alt_text for r in self.conn.execute(q)}

    def set_alt_text(self, asset_id: str, locale_id: str, text: str) -> None:
        upsert(self.conn, asset_alt_texts, {"asset_id": asset_id, "locale_id": locale_id, "alt_text": text},
               ["asset_id", "locale_id"], ["alt_text"])

    # -- bytes ------------------------------------------------------------------------------------
    def store_file(self, asset_id: str, data: bytes, at: datetime) -> None:
        upsert(self.conn, asset_files, {"asset_id": asset_id, "data": data, "uploaded_on": at}, ["asset_id"],
               ["data", "uploaded_on"])

    def file(self, asset_id: str) -> bytes | None:
        q = select(asset_files.c.data).where(asset_files.c.asset_id == asset_id)
        data = self.conn.execute(q).scalar()
        return None if data is None else bytes(data)

    # -- the signing secret (when no setting names one) -------------------------------------------
    def secret(self, new: str) -> str:
        """The deployment's upload secret: the stored one, or `new` stored now (the first process wins)."""
        _insert_new(self.conn, control_state, {"key": SECRET_KEY, "value": new})
        value = self.conn.execute(select(control_state.c.value).where(control_state.c.key == SECRET_KEY)).scalar()
        return str(value)
