"""`webflow-local push`: the local store's CMS content of one site (collections, fields, items with their
translations, and which items are live) sent to a target site through the official SDK.

Ids are mapped: what push made (or found by slug) on the target is remembered in `clone_id_map` with a
digest of what was sent, so a re-run sends nothing for what did not change. Locales are matched by tag.
Reference values name target items: items are written first without references that point at items not yet
on the target, then those references are set."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from webflow import Webflow
from webflow.resources.collections.resources.items.types.item_i_ds_with_locales import ItemIDsWithLocales
from webflow.types.collection_item_with_id_input import CollectionItemWithIdInput
from webflow.types.option_field import OptionField
from webflow.types.reference_field import ReferenceField
from webflow.types.static_field import StaticField

from webflow_local.api.clones import service as clones
from webflow_local.api.collections.repository import CollectionRepository
from webflow_local.api.sites.repository import SiteRepository
from webflow_local.clone.pull import Progress
from webflow_local.clone.remote import NO_RETRY, Throttle, api_base
from webflow_local.context import Ctx
from webflow_local.db.session import transaction
from webflow_local.runtime import Runtime

BATCH = 100
SYSTEM_FIELDS = frozenset({"name", "slug"})
REFERENCES = frozenset({"Reference", "MultiReference"})


class PushError(Exception):
    """A push that cannot run (no such local site, ...): one line for the user."""


@dataclass
class PushReport:
    site_id: str
    target_site_id: str
    collections_created: int = 0
    fields_created: int = 0
    items_created: int = 0
    items_updated: int = 0
    items_unchanged: int = 0
    items_published: int = 0
    skipped_locales: list[str] = field(default_factory=list)
    requests: int = 0
    writes: int = 0

    def dump(self) -> dict[str, Any]:
        return {"siteId": self.site_id, "targetSiteId": self.target_site_id,
                "collectionsCreated": self.collections_created, "fieldsCreated": self.fields_created,
                "itemsCreated": self.items_created, "itemsUpdated": self.items_updated,
                "itemsUnchanged": self.items_unchanged, "itemsPublished": self.items_published,
                "skippedLocales": self.skipped_locales, "requests": self.requests}


@dataclass
class LocalItem:
    id: str
    variants: dict[str, dict[str, Any]]  # local cmsLocaleId -> staged variant (field_data, is_draft, ...)
    live: set[str]  # local cmsLocaleIds with a live variant


def _dump(model: Any) -> dict[str, Any]:
    out: dict[str, Any] = model.model_dump(mode="json", by_alias=True)
    return out


def _options(field: dict[str, Any]) -> list[dict[str, Any]]:
    return list((field.get("metadata") or {}).get("options") or (field.get("validations") or {}).get("options") or [])


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


class Pusher:
    def __init__(self, engine: Engine, runtime: Runtime, sdk: Webflow, throttle: Throttle, target: str,
                 site_id: str, target_site_id: str, progress: Progress | None = None) -> None:
        self.engine, self.runtime, self.sdk, self.throttle = engine, runtime, sdk, throttle
        self.site_id, self.target_site_id = site_id, target_site_id
        self.key = f"{api_base(target)}#{target_site_id}"
        self.progress = progress or (lambda what, done, total: None)
        self.report = PushReport(site_id, target_site_id)
        self.options: dict[str, dict[str, dict[str, str]]] = {}
        self._cid = ""  # the collection whose items are being sent (for its option map)

    @contextmanager
    def _ctx(self) -> Iterator[Ctx]:
        with transaction(self.engine) as conn:
            yield Ctx(conn, self.runtime)

    def _remember(self, kind: str, rows: list[tuple[str, str, str | None]]) -> None:
        with self._ctx() as ctx:
            clones.remember(ctx, self.key, kind, rows)

    def run(self) -> PushReport:
        with self._ctx() as ctx:
            if SiteRepository(ctx.conn).get(self.site_id) is None:
                raise PushError(f"site {self.site_id} is not in the local store")
            locales = SiteRepository(ctx.conn).locales_of([self.site_id])
            colls = CollectionRepository(ctx.conn).for_site(self.site_id)
            fields = CollectionRepository(ctx.conn).fields_of([c.id for c in colls])
            maps = {k: clones.id_map(ctx, self.key, k) for k in ("collection", "field", "item")}
        target = self.sdk.sites.get(self.target_site_id, request_options=NO_RETRY)
        tlocs = [target.locales.primary, *(target.locales.secondary or [])] if target.locales else []
        by_tag = {t.tag: t.cms_locale_id for t in tlocs if t is not None and t.tag and t.cms_locale_id}
        self.locale_map = {loc.cms_locale_id: by_tag[loc.tag] for loc in locales if loc.tag in by_tag}
        self.report.skipped_locales = [loc.tag for loc in locales if loc.tag not in by_tag]
        primary = next(loc.cms_locale_id for loc in locales if loc.is_primary)
        self.primary = primary
        coll_map = self._collections(colls, maps["collection"])
        field_slugs = self._fields(colls, fields, coll_map, maps["field"])
        ref_fields = {c.id: {f.slug for f in fields if f.collection_id == c.id and f.type in REFERENCES}
                      for c in colls}
        item_map = {k: v[0] for k, v in maps["item"].items()}
        pending: list[tuple[str, LocalItem]] = []
        for c in colls:
            items = self._local_items(c.id)
            pending += self._items(c.id, coll_map[c.id], items, field_slugs[c.id], ref_fields[c.id], item_map,
                                   maps["item"])
        self._references(pending, coll_map, field_slugs, ref_fields, item_map)
        self.report.requests = self.throttle.requests
        return self.report

    # -- collections and fields --------------------------------------------------------------------------
    def _collections(self, colls: list[Any], known: dict[str, tuple[str, str | None]]) -> dict[str, str]:
        listed = self.sdk.collections.list(self.target_site_id, request_options=NO_RETRY).collections or []
        there = {c.id: c for c in listed}
        by_slug = {c.slug: c.id for c in listed if c.slug}
        out: dict[str, str] = {}
        for c in colls:
            tid = known[c.id][0] if c.id in known and known[c.id][0] in there else by_slug.get(c.slug)
            if tid is None:
                made = self.sdk.collections.create(self.target_site_id, display_name=c.display_name,
                                                   singular_name=c.singular_name, slug=c.slug,
                                                   request_options=NO_RETRY)
                tid = made.id
                self.report.collections_created += 1
            out[c.id] = tid
        self._remember("collection", [(lid, tid, None) for lid, tid in out.items()])
        return out

    def _fields(self, colls: list[Any], fields: list[Any], coll_map: dict[str, str],
                known: dict[str, tuple[str, str | None]]) -> dict[str, dict[str, str]]:
        """Creates the fields the target lacks (matched by slug); answers local slug -> target slug per
        collection, and keeps local option id -> target option id (matched by name) in self.options."""
        out: dict[str, dict[str, str]] = {}
        remember: list[tuple[str, str, str | None]] = []
        self.options = {}
        for c in colls:
            target = self.sdk.collections.get(coll_map[c.id], request_options=NO_RETRY)
            there = {str(f["id"]): f for f in _dump(target).get("fields") or []}
            by_slug = {f["slug"]: fid for fid, f in there.items()}
            slugs: dict[str, str] = {}
            opts: dict[str, dict[str, str]] = {}
            for f in (f for f in fields if f.collection_id == c.id):
                tid = known[f.id][0] if f.id in known and known[f.id][0] in there else by_slug.get(f.slug)
                if tid is None:
                    made = _dump(self.sdk.collections.fields.create(
                        coll_map[c.id], request=self._field_body(f, coll_map), request_options=NO_RETRY))
                    tid = str(made["id"])
                    there[tid] = made
                    self.report.fields_created += 1
                tf = there[tid]
                slugs[f.slug] = str(tf.get("slug") or f.slug)
                if f.type == "Option":
                    names = {o.get("name"): o.get("id") for o in _options(tf)}
                    opts[f.slug] = {o["id"]: str(names[o["name"]]) for o in (f.validations or {}).get("options", [])
                                    if names.get(o.get("name"))}
                remember.append((f.id, tid, None))
            out[c.id] = slugs
            self.options[c.id] = opts
        self._remember("field", remember)
        return out

    def _field_body(self, f: Any, coll_map: dict[str, str]) -> Any:
        base = {"displayName": f.display_name, "isRequired": f.is_required, "type": f.type}
        if f.help_text:
            base["helpText"] = f.help_text
        v = f.validations or {}
        if f.type == "Option":
            return OptionField.model_validate({**base, "metadata": {"options": [
                {"name": o["name"], **({"id": o["id"]} if o.get("id") else {})} for o in v.get("options", [])]}})
        if f.type in REFERENCES:
            return ReferenceField.model_validate(
                {**base, "metadata": {"collectionId": coll_map.get(v.get("collectionId", ""), "")}})
        return StaticField.model_validate(base)

    # -- items -------------------------------------------------------------------------------------------
    def _local_items(self, cid: str) -> list[LocalItem]:
        with self._ctx() as ctx:
            rows = clones.collection_variants(ctx, cid)
        items: dict[str, LocalItem] = {}
        for r in rows:
            it = items.setdefault(r.item_id, LocalItem(r.item_id, {}, set()))
            if r.stage == "live":
                if r.cms_locale_id in self.locale_map:
                    it.live.add(r.cms_locale_id)
            elif r.cms_locale_id in self.locale_map:
                it.variants[r.cms_locale_id] = {"fieldData": r.field_data, "isDraft": r.is_draft,
                                                "isArchived": r.is_archived}
        return [it for it in items.values() if it.variants]

    def _data(self, fd: dict[str, Any], slugs: dict[str, str], refs: set[str], item_map: dict[str, str],
              ) -> tuple[dict[str, Any], bool]:
        """fieldData with target slugs, option ids and item ids; whether a reference had to be left out."""
        out: dict[str, Any] = {}
        missing = False
        opts = self.options.get(self._cid, {})
        for k, v in fd.items():
            if k in opts and isinstance(v, str):
                v = opts[k].get(v, v)
            if k in refs and v:
                ids = v if isinstance(v, list) else [v]
                mapped = [item_map.get(i) for i in ids]
                if not all(mapped):
                    missing = True
                    continue
                v = mapped if isinstance(v, list) else mapped[0]
            out[slugs.get(k, k)] = v
        return out, missing

    def _items(self, cid: str, tcid: str, items: list[LocalItem], slugs: dict[str, str], refs: set[str],
               item_map: dict[str, str], known: dict[str, tuple[str, str | None]]) -> list[tuple[str, LocalItem]]:
        pending: list[tuple[str, LocalItem]] = []
        self._cid = cid
        new = [it for it in items if it.id not in item_map]
        changed = [it for it in items if it.id in item_map and known[it.id][1] != _digest(self._sent(it))]
        self.report.items_unchanged += len(items) - len(new) - len(changed)
        for it in new + changed:
            if any(self._data(v["fieldData"], slugs, refs, item_map)[1] for v in it.variants.values()):
                pending.append((cid, it))
        # New items: one bulk create per (draft, archived, locales) group, in the primary locale's data.
        groups: dict[tuple[bool, bool, tuple[str, ...]], list[LocalItem]] = {}
        for it in new:
            first = it.variants.get(self.primary) or next(iter(it.variants.values()))
            groups.setdefault((first["isDraft"], first["isArchived"], tuple(sorted(it.variants))), []).append(it)
        for (draft, archived, locs), members in groups.items():
            # Webflow's 100-entry limit counts every locale variant a request writes or publishes.
            size = max(1, BATCH // len(locs))
            for i in range(0, len(members), size):
                batch = members[i:i + size]
                datas = [self._data(self._first(it)["fieldData"], slugs, refs, item_map)[0] for it in batch]
                made = self.sdk.collections.items.create_items(
                    tcid, field_data=datas, cms_locale_ids=[self.locale_map[x] for x in locs], is_draft=draft,
                    is_archived=archived, request_options=NO_RETRY)
                # Matched by slug (unique in a collection and locale): the answer lists every locale's copy.
                first_loc = self.locale_map[self._first_locale(batch[0])]
                answer = made.model_dump(mode="json", by_alias=True)
                by_slug = {str((m.get("fieldData") or {}).get("slug")): str(m["id"])
                           for m in answer.get("items") or [] if m.get("cmsLocaleId") in (first_loc, None)}
                for it, d in zip(batch, datas, strict=True):
                    tid = by_slug.get(str(d.get("slug")))
                    if tid:
                        item_map[it.id] = str(tid)
                self.report.items_created += len(batch)
                # Translations: the other locales' data, set on the copies the create made.
                self._update(tcid, [it for it in batch if it.id in item_map], slugs, refs, item_map,
                             secondary_only=True)
                self._publish(tcid, [it for it in batch if it.live and it.id in item_map], item_map)
                self._remember("item", [(it.id, item_map[it.id], _digest(self._sent(it))) for it in batch
                                        if it.id in item_map])
            self.progress("items", self.report.items_created, None)
        size = self._items_per_request()
        for i in range(0, len(changed), size):
            batch = changed[i:i + size]
            self._update(tcid, batch, slugs, refs, item_map, secondary_only=False)
            self._publish(tcid, [it for it in batch if it.live], item_map)
            self.report.items_updated += len(batch)
            self._remember("item", [(it.id, item_map[it.id], _digest(self._sent(it))) for it in batch])
        return pending

    def _items_per_request(self) -> int:
        """Items per request when each may have a variant in every locale (the limit counts variants)."""
        return max(1, BATCH // max(1, len(self.locale_map)))

    @staticmethod
    def _sent(it: LocalItem) -> list[Any]:
        return [it.variants, sorted(it.live)]

    def _first_locale(self, it: LocalItem) -> str:
        return self.primary if self.primary in it.variants else next(iter(it.variants))

    def _first(self, it: LocalItem) -> dict[str, Any]:
        return it.variants[self._first_locale(it)]

    def _update(self, tcid: str, batch: list[LocalItem], slugs: dict[str, str], refs: set[str],
                item_map: dict[str, str], *, secondary_only: bool) -> None:
        entries = []
        for it in batch:
            first = self._first_locale(it)
            for loc, v in it.variants.items():
                if secondary_only and (loc == first or v == it.variants[first]):
                    continue
                data = self._data(v["fieldData"], slugs, refs, item_map)[0]
                entries.append(CollectionItemWithIdInput.model_validate({
                    "id": item_map[it.id], "cmsLocaleId": self.locale_map[loc], "fieldData": data,
                    "isDraft": v["isDraft"], "isArchived": v["isArchived"]}))
        for i in range(0, len(entries), BATCH):
            self.sdk.collections.items.update_items(tcid, items=entries[i:i + BATCH], request_options=NO_RETRY)

    def _publish(self, tcid: str, batch: list[LocalItem], item_map: dict[str, str]) -> None:
        if not batch:
            return
        body = ItemIDsWithLocales.model_validate({"items": [
            {"id": item_map[it.id], "cmsLocaleIds": [self.locale_map[x] for x in sorted(it.live)]}
            for it in batch]})
        self.sdk.collections.items.publish_item(tcid, request=body, request_options=NO_RETRY)
        self.report.items_published += len(batch)

    def _references(self, pending: list[tuple[str, LocalItem]], coll_map: dict[str, str],
                    field_slugs: dict[str, dict[str, str]], ref_fields: dict[str, set[str]],
                    item_map: dict[str, str]) -> None:
        """References to items that were not on the target yet when their item was written."""
        by_coll: dict[str, list[LocalItem]] = {}
        for cid, it in pending:
            if it.id in item_map:
                by_coll.setdefault(cid, []).append(it)
        for cid, items in by_coll.items():
            self._cid = cid
            size = self._items_per_request()
            for i in range(0, len(items), size):
                batch = items[i:i + size]
                self._update(coll_map[cid], batch, field_slugs[cid], ref_fields[cid], item_map, secondary_only=False)
                self._publish(coll_map[cid], [it for it in batch if it.live], item_map)
