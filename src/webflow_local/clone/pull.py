"""`webflow-local pull`: a site read through the official SDK, written into the local store with the
source's ids and timestamps, so the clone answers reads as the source does.

Order: the site (workspace, locales, domains), collections and their fields, in one transaction that also
writes the checkpoint listing the item parts (collection x locale x stage); then each page of 100 item
variants in its own transaction with the checkpoint moved past it; then every other family (pages,
components, forms, assets, comments, site configuration, webhooks, ecommerce, ...), each exported by the
family from the source's API reads (the mapping `webflow-local export` uses) and loaded as a seed, one
transaction each. An interrupted pull run again resumes at the first page or family not written; the
checkpoint is deleted when the pull ends. Those families keep the source's ids; their timestamps are the
pull's (the seed format takes none)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from webflow import Webflow

from webflow_local.admin import service as admin
from webflow_local.admin.schemas import WorkspaceIn
from webflow_local.api.clones import service as clones
from webflow_local.api.collections.repository import CollectionRepository
from webflow_local.api.items.repository import ItemRepository
from webflow_local.api.sites.repository import SiteRepository
from webflow_local.clone.remote import NO_RETRY, RemoteRead, Throttle
from webflow_local.context import Ctx
from webflow_local.db.session import transaction
from webflow_local.errors import WebflowError
from webflow_local.kit.timefmt import parse_iso
from webflow_local.runtime import Runtime
from webflow_local.transfer.world import claimed_collections, family_sections

PAGE = 100
# Seed keys a pull leaves out on purpose: a clone's webhooks would deliver its events to the source's receivers.
NOT_PULLED = frozenset({"webhooks"})
STAGES = ("staged", "live")


class PullError(Exception):
    """A pull that cannot start (the site exists here already, ...): one line for the user."""


@dataclass
class PullReport:
    site_id: str
    collections: int = 0
    variants: int = 0
    resumed: bool = False
    requests: int = 0
    waited_seconds: float = 0.0
    retries: dict[int, int] = field(default_factory=dict)
    families: dict[str, int] = field(default_factory=dict)  # seed key -> entries loaded
    skipped: list[str] = field(default_factory=list)  # optional parts the source refused (plan, scope)

    def dump(self) -> dict[str, Any]:
        return {"siteId": self.site_id, "collections": self.collections, "itemVariants": self.variants,
                "resumed": self.resumed, "requests": self.requests, "waitedSeconds": round(self.waited_seconds, 1),
                "retries": {str(k): v for k, v in self.retries.items()}, "families": self.families,
                "skipped": self.skipped}


Progress = Callable[[str, int, int | None], None]  # (what, done so far, total if known)


def _dump(model: Any) -> dict[str, Any]:
    """An SDK model as its wire JSON (aliases, ISO strings), keys the answer did not have left out."""
    out: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return out


def _ts(value: Any) -> datetime | None:
    return parse_iso(value) if isinstance(value, str) and value else None


class Puller:
    def __init__(self, engine: Engine, runtime: Runtime, sdk: Webflow, throttle: Throttle, read: RemoteRead,
                 source: str, site_id: str, progress: Progress | None = None,
                 stop_after_pages: int | None = None) -> None:
        self.engine, self.runtime, self.sdk, self.throttle, self.read = engine, runtime, sdk, throttle, read
        self.source, self.site_id = source, site_id
        self.progress = progress or (lambda what, done, total: None)
        # Tests interrupt a pull after so many item pages (as a crash would, between two transactions).
        self.stop_after_pages = stop_after_pages

    @contextmanager
    def _ctx(self) -> Iterator[Ctx]:
        with transaction(self.engine) as conn:
            yield Ctx(conn, self.runtime)

    def run(self) -> PullReport:
        report = PullReport(self.site_id)
        with self._ctx() as ctx:
            state = clones.checkpoint(ctx, self.source, self.site_id)
            exists = SiteRepository(ctx.conn).get(self.site_id) is not None
        if state is None:
            if exists:
                raise PullError(f"site {self.site_id} is already in the local store (and no pull of it from "
                                f"{self.source} to resume): delete it or pull into another database")
            families = self._read_families(report)
            state = self._structure(report, claimed_collections(families))
        else:
            report.resumed = True
            families = None
        report.collections = len({p[0] for p in state["parts"]})
        self._items(state, report)
        if families is None:  # resumed: read again (a checkpoint holds no file contents)
            families = self._read_families(report)
        self._load_families(state, families, report)
        with self._ctx() as ctx:
            clones.clear_checkpoint(ctx, self.source, self.site_id)
        report.requests, report.waited_seconds = self.throttle.requests, self.throttle.waited
        report.retries = dict(self.throttle.retries)
        return report

    # -- site, locales, collections, fields --------------------------------------------------------------
    def _structure(self, report: PullReport, claimed: set[str]) -> dict[str, Any]:
        self.progress("site", 0, None)
        site = _dump(self.sdk.sites.get(self.site_id, request_options=NO_RETRY))
        listed = self.sdk.collections.list(self.site_id, request_options=NO_RETRY).collections or []
        colls = []
        for i, c in enumerate(listed):
            self.progress("collections", i, len(listed))
            if c.id not in claimed:  # a family's (the shop's): loaded with that family
                colls.append(_dump(self.sdk.collections.get(c.id, request_options=NO_RETRY)))
        locs = [site["locales"]["primary"], *site["locales"].get("secondary", [])] if site.get("locales") else []
        loc_ids = [loc["cmsLocaleId"] for loc in locs]
        parts = [[c["id"], loc, stage, 0] for c in colls for stage in STAGES for loc in loc_ids]
        state = {"parts": parts, "part": 0, "offset": 0, "done": 0}
        with self._ctx() as ctx:
            self._write_site(ctx, site, locs)
            for c in colls:
                self._write_collection(ctx, c)
            clones.save_checkpoint(ctx, self.source, self.site_id, state)
        report.collections = len(colls)
        return state

    def _write_site(self, ctx: Ctx, site: dict[str, Any], locs: list[dict[str, Any]]) -> None:
        repo = SiteRepository(ctx.conn)
        ws = site["workspaceId"]
        if repo.workspace(ws) is None:
            admin.create_workspace(ctx, WorkspaceIn(id=ws, display_name=f"Pulled from {self.source}"[:200],
                                                    slug=f"pulled-{ws}"))
        now = ctx.now()
        repo.insert({
            "id": site["id"], "workspace_id": ws, "display_name": site["displayName"],
            "short_name": site.get("shortName") or site["id"], "time_zone": site.get("timeZone") or "UTC",
            "parent_folder_id": site.get("parentFolderId"),
            "data_collection_enabled": bool(site.get("dataCollectionEnabled", True)),
            "data_collection_type": site.get("dataCollectionType") or "always",
            "created_on": _ts(site.get("createdOn")) or now, "last_updated": _ts(site.get("lastUpdated")) or now,
            "last_published": _ts(site.get("lastPublished")),
        })
        for i, loc in enumerate(locs):
            repo.insert_locale({
                "id": loc["id"], "cms_locale_id": loc["cmsLocaleId"], "site_id": site["id"], "is_primary": i == 0,
                "position": i, "display_name": loc.get("displayName") or loc["tag"], "tag": loc["tag"],
                "subdirectory": loc.get("subdirectory") or "", "enabled": bool(loc.get("enabled", True)),
                "redirect": bool(loc.get("redirect", i == 0)), "display_image_id": loc.get("displayImageId"),
            })
        for d in site.get("customDomains") or []:
            repo.insert_domain({"id": d["id"], "site_id": site["id"], "url": d["url"],
                                "last_published": _ts(d.get("lastPublished"))})

    def _write_collection(self, ctx: Ctx, c: dict[str, Any]) -> None:
        repo = CollectionRepository(ctx.conn)
        now = ctx.now()
        repo.insert({
            "id": c["id"], "site_id": self.site_id, "display_name": c["displayName"],
            "name_key": c["displayName"].strip().lower(), "singular_name": c["singularName"], "slug": c["slug"],
            "created_on": _ts(c.get("createdOn")) or now, "last_updated": _ts(c.get("lastUpdated")) or now,
        })
        rows = []
        for i, f in enumerate(c.get("fields") or []):
            validations = f.get("validations")
            # The store keeps option and reference metadata in validations (as the API's create does).
            meta = f.get("metadata") or {}
            if f["type"] == "Option" and "options" in meta:
                validations = {**(validations or {}), "options": meta["options"]}
            elif f["type"] in {"Reference", "MultiReference"} and meta.get("collectionId"):
                validations = {**(validations or {}), "collectionId": meta["collectionId"]}
            rows.append({
                "id": f["id"], "collection_id": c["id"], "position": i, "slug": f["slug"],
                "display_name": f["displayName"], "type": f["type"], "is_required": bool(f.get("isRequired")),
                "is_editable": bool(f.get("isEditable", True)), "help_text": f.get("helpText"),
                "validations": validations,
            })
        if rows:
            repo.insert_fields(rows)

    # -- every other family ------------------------------------------------------------------------------
    def _read_families(self, report: PullReport) -> dict[str, Any]:
        """Each family's seed entries, made by its own export from the source's API reads (what
        `webflow-local export` writes). A family the source refuses (plan, scope, not enabled) is named in
        the report and left out."""
        self.progress("families", 0, None)
        found = family_sections(self.runtime.seed_sections(), self.read, self.site_id, skip=NOT_PULLED,
                                refused=lambda key, e: report.skipped.append(f"{key} ({e.status})"))
        # The parts a family left out because the source refused them.
        report.skipped += [r for r in dict.fromkeys(self.read.refused) if r not in report.skipped]
        return found

    def _load_families(self, state: dict[str, Any], families: dict[str, Any], report: PullReport) -> None:
        """The entries loaded as a seed loads them, in seed order, each family in its own transaction with
        the checkpoint noting it done (a resumed pull goes on with the next). One whose entries cannot be
        loaded is named in the report, and the others still come."""
        done: list[str] = state.setdefault("families", [])
        keys = [k for k in self.runtime.seed_sections() if k in families and k not in done]
        for i, key in enumerate(keys):
            self.progress(key, i, len(keys))
            try:
                with self._ctx() as ctx:
                    loaded = admin.load_sections(ctx, self.site_id, {key: families[key]})
                    done.append(key)
                    clones.save_checkpoint(ctx, self.source, self.site_id, state)
            except WebflowError as e:
                report.skipped.append(f"{key} ({e.status}: {e.message})")
                continue
            report.families[key] = len(loaded.get(key) or [])

    # -- items -------------------------------------------------------------------------------------------
    def _items(self, state: dict[str, Any], report: PullReport) -> None:
        parts = state["parts"]
        pages = 0
        report.variants = int(state["done"])
        total: int | None = None
        while state["part"] < len(parts):
            cid, loc, stage, _ = parts[state["part"]]
            listing = self.sdk.collections.items.list_items_live if stage == "live" else \
                self.sdk.collections.items.list_items
            page = listing(cid, cms_locale_id=loc, offset=state["offset"], limit=PAGE, request_options=NO_RETRY)
            found = [_dump(it) for it in page.items or []]
            n_total = page.pagination.total if page.pagination and page.pagination.total is not None else None
            parts[state["part"]][3] = n_total or 0
            known = sum(p[3] for p in parts)
            total = known if state["part"] == len(parts) - 1 else max(known, total or 0)
            with self._ctx() as ctx:
                self._write_items(ctx, cid, stage, found)
                state["done"] += len(found)
                state["offset"] += len(found)
                if len(found) < PAGE or (n_total is not None and state["offset"] >= n_total):
                    state["part"] += 1
                    state["offset"] = 0
                clones.save_checkpoint(ctx, self.source, self.site_id, state)
            report.variants = int(state["done"])
            self.progress("items", report.variants, total)
            pages += 1
            if self.stop_after_pages is not None and pages >= self.stop_after_pages:
                raise KeyboardInterrupt("pull stopped after the requested pages")

    def _write_items(self, ctx: Ctx, cid: str, stage: str, found: list[dict[str, Any]]) -> None:
        if not found:
            return
        repo = ItemRepository(ctx.conn)
        ids = [it["id"] for it in found]
        locs = [loc.cms_locale_id for loc in SiteRepository(ctx.conn).locales_of([self.site_id])]
        have = {i for i, _ in repo.existing_ids(cid, locs, ids, "staged")}
        have |= {i for i, _ in repo.existing_ids(cid, locs, ids, "live")}
        groups: dict[str, dict[str, Any]] = {}
        variants = []
        now = ctx.now()
        for it in found:
            created = _ts(it.get("createdOn")) or now
            if it["id"] not in have and it["id"] not in groups:
                groups[it["id"]] = {"id": it["id"], "collection_id": cid, "created_on": created}
            fd = dict(it.get("fieldData") or {})
            variants.append({
                "item_id": it["id"], "cms_locale_id": it["cmsLocaleId"], "stage": stage, "collection_id": cid,
                "name": str(fd.get("name", "")), "slug": str(fd.get("slug", "")), "field_data": fd,
                "is_draft": bool(it.get("isDraft")), "is_archived": bool(it.get("isArchived")),
                "created_on": created, "last_updated": _ts(it.get("lastUpdated")) or created,
                "last_published": _ts(it.get("lastPublished")),
            })
        repo.insert(list(groups.values()), variants)
