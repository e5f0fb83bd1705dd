"""CMS items: staged and live variants per locale, bulk writes as one transaction, publishing.

An item is a group with one id; each (item, locale) has a staged variant and at most one live one.
Every write validates everything first and writes all or nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from starlette.datastructures import QueryParams

from webflow_local import events
from webflow_local.api.collections.repository import CollectionRepository
from webflow_local.api.collections.service import visible_collection_and_site
from webflow_local.api.items.fieldvalues import FieldSpec, Problems, clean, specs_of
from webflow_local.api.items.repository import (
    LIVE,
    RANGE_COLUMNS,
    SORT_COLUMNS,
    STAGED,
    ItemRepository,
    Key,
    ListQuery,
    SlugTaken,
)
from webflow_local.api.items.schemas import (
    MAX_BATCH,
    BulkCreate,
    InsertItems,
    ItemIn,
    ItemLocales,
    ItemPatch,
    ItemsIn,
    PublishIn,
    item_wire,
)
from webflow_local.api.sites.service import site_locales
from webflow_local.context import Ctx
from webflow_local.errors import BadRequest, Conflict, InvalidId, NotFound, ValidationFailed
from webflow_local.kit.ids import is_object_id
from webflow_local.kit.params import int_query, object_id, page_limit
from webflow_local.kit.reading import patch_between
from webflow_local.kit.timefmt import iso, parse_iso
from webflow_local.kit.validate import parse
from webflow_local.kit.wire import pagination

NEVER_PUBLISHED = (
    "Conflict: Conflict with server data: Live PATCH updates can't be applied to items that have never been published"
)


class View:
    """A collection as a request needs it: its site and the site's CMS locales, and (loaded on first use,
    since reads do not need them) its fields."""

    def __init__(self, ctx: Ctx, collection: Row[Any], site: Row[Any], locales: Sequence[Row[Any]]) -> None:
        self._ctx = ctx
        self.collection = collection
        self.site = site
        self.locale_ids: list[str] = [loc.cms_locale_id for loc in locales]  # primary first
        self._specs: dict[str, FieldSpec] | None = None

    @property
    def specs(self) -> dict[str, FieldSpec]:
        if self._specs is None:
            conn = self._ctx.conn
            self._specs = self._ctx.cached(("fields", self.id),
                                           lambda: specs_of(CollectionRepository(conn).fields_of([self.id])))
        return self._specs

    @property
    def id(self) -> str:
        return str(self.collection.id)

    @property
    def primary(self) -> str:
        return self.locale_ids[0]


def _view(ctx: Ctx, collection_id: str) -> View:
    coll, site = visible_collection_and_site(ctx, collection_id)
    locales = site_locales(ctx, site.id)
    return View(ctx, coll, site, locales)


def _locale(view: View, value: str | None, param: str = "cmsLocaleId") -> str:
    """A locale id the request names (None: not given, the primary). An empty id is an unknown one."""
    if value is None:
        return view.primary
    if value not in view.locale_ids:
        raise ValidationFailed.param(param, f"Invalid locale id: '{value}'")
    return value


def _locales(view: View, values: Sequence[str] | None, param: str = "cmsLocaleIds",
             empty_is_primary: bool = False) -> list[str]:
    """`empty_is_primary`: create-items takes `[""]` for the primary locale (clients send it for a site
    without secondary locales)."""
    if not values:
        return [view.primary]
    out: list[str] = []
    for val in values:
        loc = view.primary if empty_is_primary and val == "" else _locale(view, val, param)
        if loc not in out:
            out.append(loc)
    return out


def _check_variants(n: int, param: str = "items") -> None:
    """Bulk limits count locale variants: one item in three locales is three entries (webflow-behavior.md
    section 5.8)."""
    if n > MAX_BATCH:
        raise ValidationFailed.param(param, f"At most {MAX_BATCH} items per request, counting every locale "
                                            f"variant ({n} requested)")


def _dup_slug(slug: str) -> dict[str, str]:
    return {"param": "slug", "description": f"Unique value is already in database: '{slug}'"}


# One entry's reference checks, to resolve with the others': (where its problems go in Problems.details, its
# (param, target collection, ids), the locales it is written in).
PendingReferences = tuple[int, list[tuple[str, str, list[str]]], Sequence[str]]


def _defer_references(problems: Problems, pending: list[PendingReferences], locale_ids: Sequence[str]) -> None:
    """Takes the reference checks `clean` just collected for one entry, for _check_references."""
    if problems.references:
        pending.append((len(problems.details), list(problems.references), locale_ids))
        problems.references.clear()


def _check_references(ctx: Ctx, problems: Problems, pending: list[PendingReferences]) -> None:
    """Checks every entry's references with one query per referenced collection, and puts each entry's
    problems where checking it alone would have: after its field problems, in the same order."""
    locales: dict[str, set[str]] = {}
    ids_of: dict[str, set[str]] = {}
    for _, refs, locale_ids in pending:
        for _, target, ids in refs:
            locales.setdefault(target, set()).update(locale_ids)
            ids_of.setdefault(target, set()).update(ids)
    repo = ItemRepository(ctx.conn)
    found = {target: repo.existing_ids(target, locales[target], ids) for target, ids in ids_of.items()}
    for at, refs, locale_ids in reversed(pending):  # from the end, so earlier positions stay valid
        problems.details[at:at] = [
            {"param": param, "description": f"Referenced item not found: '{missing}'"}
            for param, target, ids in refs
            for loc in locale_ids
            for missing in ids
            if (missing, loc) not in found[target]
        ]


FILE_TYPES = {"Image": "Image", "MultiImage": "Image", "File": "File"}


def _resolve_files(ctx: Ctx, view: View, given: Mapping[str, Any], fd: dict[str, Any], problems: Problems,
                   note: str, skip_invalid: bool) -> None:
    """Image/MultiImage/File values the entry sets, as the assets family renders them (its "asset_for_field"
    hook): an asset of the site (by id or hostedUrl) or, when remote fetching is on, a fetched file. A file
    that cannot be used is dropped with skipInvalidFiles, else reported."""
    hooks = ctx.hooks("asset_for_field")
    if not hooks:
        return
    for slug in given:
        spec = view.specs.get(slug)
        kind = FILE_TYPES.get(spec.type) if spec is not None else None
        if kind is None or slug not in fd:
            continue
        many = isinstance(fd[slug], list)
        kept: list[Any] = []
        for value in fd[slug] if many else [fd[slug]]:
            try:
                kept.append(next((r for h in hooks if (r := h(ctx, view.site.id, value, kind)) is not None), value))
            except ValueError as e:  # an unusable remote file
                if not skip_invalid:
                    problems.add(slug, f"Invalid file: {e}{note}")
        if many and kept:
            fd[slug] = kept
        elif kept:
            fd[slug] = kept[0]
        else:
            fd.pop(slug)


def _payload(view: View, row: Mapping[str, Any], trigger: str, now: datetime) -> dict[str, Any]:
    """One webhook payload per variant, in the spec's shape for every CMS trigger (`webhooks` section):
    the item's ids and the variant as the event leaves it."""
    state = dict(row)
    if trigger == "collection_item_published":
        state.update(is_draft=False, last_published=now)  # publish reads its rows before they go live
    elif trigger == "collection_item_unpublished":
        state.update(last_published=None)
    wire = item_wire(state)
    return {
        "id": wire.pop("id"),
        "workspaceId": view.site.workspace_id,
        "siteId": view.site.id,
        "collectionId": view.id,
        **wire,
    }


def _emit(ctx: Ctx, view: View, trigger: str, rows: Sequence[Mapping[str, Any]]) -> None:
    now = ctx.now()
    events.emit(ctx, view.site.id, trigger, lambda: [_payload(view, r, trigger, now) for r in rows])


# -- create ----------------------------------------------------------------------------------------
def _create(
    ctx: Ctx,
    view: View,
    entries: Sequence[tuple[Mapping[str, Any], bool, bool]],
    locales_per_entry: Sequence[Sequence[str]],
    *,
    one_id_per_entry: bool,
    live: bool,
    skip_invalid_files: bool = True,
    existing: Sequence[str | None] = (),
    item_ids: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """`existing`: per entry, the id of an item the entry adds locale variants to (None: a new item).
    `item_ids`: fixed ids for the new items (a seed of an exported world), used when there is one per id needed."""
    _check_variants(sum(len(locs) for locs in locales_per_entry))
    problems = Problems()
    pending: list[PendingReferences] = []
    cleaned: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for i, (data, _draft, _archived) in enumerate(entries):
        note = f" (item {i})" if len(entries) > 1 else ""
        fd = clean(view.specs, data, problems, creating=True, note=note)
        _resolve_files(ctx, view, data, fd, problems, note, skip_invalid_files)
        _defer_references(problems, pending, locales_per_entry[i])
        cleaned.append(fd)
        slug = fd.get("slug")
        for loc in locales_per_entry[i]:
            if isinstance(slug, str) and (loc, slug) in seen:
                problems.details.append(_dup_slug(slug))
            seen.add((loc, str(slug)))
    _check_references(ctx, problems, pending)
    if problems.details:
        raise ValidationFailed(details=problems.details)
    now = ctx.now()
    given = list(existing) or [None] * len(entries)
    fresh = [i for i, g in enumerate(given) if g is None]
    n_ids = len(fresh) if one_id_per_entry else sum(len(locales_per_entry[i]) for i in fresh)
    ids = iter(item_ids if item_ids and len(item_ids) == n_ids else ctx.new_ids(n_ids))
    item_rows: list[dict[str, Any]] = []
    variant_rows: list[dict[str, Any]] = []
    out: list[dict[str, Any]] = []
    cid = view.id
    for i, (_data, draft, archived) in enumerate(entries):
        fd = cleaned[i]
        name, slug = str(fd.get("name", "")), str(fd.get("slug", ""))
        shared = given[i] or (next(ids) if one_id_per_entry else None)
        for loc in locales_per_entry[i]:
            item_id = shared or next(ids)
            if given[i] is None and (shared is None or loc == locales_per_entry[i][0]):
                item_rows.append({"id": item_id, "collection_id": cid, "created_on": now})
            row = {
                "item_id": item_id,
                "cms_locale_id": loc,
                "stage": STAGED,
                "collection_id": cid,
                "name": name,
                "slug": slug,
                "field_data": fd,
                "is_draft": False if live else draft,
                "is_archived": archived,
                "created_on": now,
                "last_updated": now,
                "last_published": now if live else None,
            }
            variant_rows.append(row)
            out.append(row)
    live_rows = [{**r, "stage": LIVE} for r in variant_rows] if live else []
    try:
        ItemRepository(ctx.conn).insert(item_rows, variant_rows + live_rows)
    except SlugTaken as e:
        slugs = sorted({s for _, s in e.pairs})
        raise ValidationFailed(details=[_dup_slug(s) for s in slugs] or [_dup_slug("")]) from None
    _emit(ctx, view, "collection_item_created", out)
    if live:
        _emit(ctx, view, "collection_item_published", out)
    return [item_wire(r) for r in out]


def create_items(ctx: Ctx, collection_id: str, body: BulkCreate, *, skip_invalid_files: bool = True,
                 item_ids: Sequence[str] | None = None) -> dict[str, Any]:
    """The bulk, multi-locale create: every entry under one id in every listed locale."""
    view = _view(ctx, collection_id)
    locs = _locales(view, body.cms_locale_ids, empty_is_primary=True)
    datas = body.field_data if isinstance(body.field_data, list) else [body.field_data]
    if not datas:
        raise ValidationFailed.param("fieldData", "At least one item is required")
    _check_variants(len(datas) * len(locs), "fieldData")
    entries = [(d, body.is_draft, body.is_archived) for d in datas]
    created = _create(ctx, view, entries, [locs] * len(entries), one_id_per_entry=True, live=False,
                      skip_invalid_files=skip_invalid_files, item_ids=item_ids)
    return {"id": created[0]["id"], "items": created}


def insert_items(ctx: Ctx, collection_id: str, body: InsertItems, *,
                 skip_invalid_files: bool = True) -> dict[str, Any]:
    """insert-items (documented, not in the spec): staged items in the primary, chosen or all locales under
    one id each, or new locale variants of existing items. Drafts unless `isDraft: false`; never live."""
    view = _view(ctx, collection_id)
    repo = ItemRepository(ctx.conn)
    known = [e.id for e in body.items if e.id is not None]
    for item_id in known:
        if not is_object_id(item_id):
            raise ValidationFailed.param("id", "Validation Error: Provided ID is invalid")
    # Every variant the existing items have now (to tell what may still be added).
    have = repo.existing_ids(view.id, view.locale_ids, known) if known else set()
    locales: list[list[str]] = []
    for n, e in enumerate(body.items):
        if e.cms_locale_ids == "all":
            locs = list(view.locale_ids)
        elif e.id is not None and not e.cms_locale_ids:
            raise ValidationFailed.param("cmsLocaleIds", f"cmsLocaleIds is required to add variants to item {e.id}")
        else:
            locs = _locales(view, e.cms_locale_ids)
        if e.id is not None:
            if not any(item_id == e.id for item_id, _ in have):
                raise NotFound.of(f"Item not found: {e.id}")
            if e.cms_locale_ids == "all":
                locs = [loc for loc in locs if (e.id, loc) not in have]
            taken = [loc for loc in locs if (e.id, loc) in have]
            if taken:
                raise ValidationFailed.param("cmsLocaleIds", f"Item {e.id} already exists in locale {taken[0]}"
                                             + (f" (item {n})" if len(body.items) > 1 else ""))
        clash = [loc for loc in locs if e.id is not None and any(
            prev.id == e.id and loc in prev_locs for prev, prev_locs in zip(body.items, locales, strict=False))]
        if clash:
            raise ValidationFailed.param("items", f"Item {e.id} is listed twice for locale {clash[0]}")
        locales.append(locs)
    entries = [(e.field_data, e.is_draft, e.is_archived) for e in body.items]
    created = _create(ctx, view, entries, locales, one_id_per_entry=True, live=False,
                      skip_invalid_files=skip_invalid_files, existing=[e.id for e in body.items])
    return {"items": created}


def create_item(ctx: Ctx, collection_id: str, raw: Any, *, live: bool,
                skip_invalid_files: bool = True) -> dict[str, Any]:
    """create-item / create-item-live: one item, or `{items: [...]}`; each in one locale, its own id."""
    view = _view(ctx, collection_id)
    many = isinstance(raw, dict) and "items" in raw and "fieldData" not in raw
    bodies = parse(ItemsIn, raw).items if many else [parse(ItemIn, raw)]
    entries = [(b.field_data, True if b.is_draft is None else b.is_draft, bool(b.is_archived)) for b in bodies]
    locs = [[_locale(view, b.cms_locale_id)] for b in bodies]
    created = _create(ctx, view, entries, locs, one_id_per_entry=True, live=live,
                      skip_invalid_files=skip_invalid_files)
    return {"items": created} if many else created[0]


# -- read ------------------------------------------------------------------------------------------


def list_items(ctx: Ctx, collection_id: str, q: QueryParams, stage: str) -> dict[str, Any]:
    view = _view(ctx, collection_id)
    raw_locales = q.get("cmsLocaleId") or q.get("cmsLocaleIds")
    locales = _locales(
        view, [s.strip() for s in raw_locales.split(",") if s.strip()] if raw_locales else None, "cmsLocaleId"
    )
    offset = int_query(q, "offset", 0)
    limit = page_limit(q, 100)
    sort_by = q.get("sortBy") or "createdOn"
    if sort_by not in SORT_COLUMNS:
        raise ValidationFailed.param("sortBy", f"sortBy must be one of {', '.join(SORT_COLUMNS)}")
    order = (q.get("sortOrder") or "asc").lower()
    if order not in {"asc", "desc"}:
        raise ValidationFailed.param("sortOrder", "sortOrder must be asc or desc")
    ranges: list[tuple[str, str, Any]] = []
    for key, value in q.multi_items():
        if "[" in key and key.endswith("]"):
            col, op = key[:-1].split("[", 1)
            if col in RANGE_COLUMNS:
                if op not in {"gt", "gte", "lt", "lte"}:
                    raise ValidationFailed.param(key, "Range operators are gt, gte, lt and lte")
                try:
                    ranges.append((col, op, parse_iso(value)))
                except ValueError:
                    raise ValidationFailed.param(key, "must be an ISO-8601 date") from None
    rows, total = ItemRepository(ctx.conn).page(
        ListQuery(
            collection_id=view.id,
            stage=stage,
            locale_ids=locales,
            offset=offset,
            limit=limit,
            name=q.get("name"),
            slug=q.get("slug"),
            ranges=ranges,
            sort_by=sort_by,
            descending=order == "desc",
        )
    )
    return {"items": [item_wire(r) for r in rows], "pagination": pagination(limit, offset, total)}


def get_item(ctx: Ctx, collection_id: str, item_id: str, locale: str | None, stage: str) -> dict[str, Any]:
    view = _view(ctx, collection_id)
    object_id(item_id)
    row = ItemRepository(ctx.conn).variant(view.id, stage, item_id, _locale(view, locale))
    if row is None:
        raise NotFound.of("Item not found" if stage == STAGED else "Live item not found")
    return item_wire(row)


def drop_field_values(ctx: Ctx, collection_id: str, slug: str) -> None:
    """The "field_deleted" hook: a deleted field's values leave every variant of the collection."""
    ItemRepository(ctx.conn).drop_field_values(collection_id, slug)


# -- update ----------------------------------------------------------------------------------------
def _keys(view: View, pairs: Sequence[tuple[str, str | None]]) -> list[Key]:
    keys: list[Key] = []
    for item_id, loc in pairs:
        if not is_object_id(item_id):
            raise ValidationFailed.param("id", "Validation Error: Provided ID is invalid")
        key = (item_id, _locale(view, loc))
        if key in keys:
            raise ValidationFailed.param("items", f"Item {item_id} is listed twice for one locale")
        keys.append(key)
    return keys


def _update(ctx: Ctx, view: View, patches: Sequence[tuple[str, ItemPatch]], *, live: bool,
            skip_invalid_files: bool = True) -> list[dict[str, Any]]:
    keys = _keys(view, [(item_id, p.cms_locale_id) for item_id, p in patches])
    repo = ItemRepository(ctx.conn)
    staged = repo.variants(view.id, STAGED, keys)
    missing = [k for k in keys if k not in staged]
    if missing:
        raise NotFound.of(f"Item not found: {missing[0][0]}")
    if live:
        lives = repo.variants(view.id, LIVE, keys)
        if any(k not in lives for k in keys):
            raise Conflict(NEVER_PUBLISHED)
    now = ctx.now()
    problems = Problems()
    pending: list[PendingReferences] = []
    changes: list[tuple[Key, dict[str, Any]]] = []
    seen: set[tuple[str, str]] = set()
    for i, (key, (_, patch)) in enumerate(zip(keys, patches, strict=True)):
        note = f" (item {i})" if len(patches) > 1 else ""
        cur = staged[key]
        fd = clean(view.specs, patch.field_data or {}, problems, creating=False, base=cur.field_data, note=note)
        _resolve_files(ctx, view, patch.field_data or {}, fd, problems, note, skip_invalid_files)
        _defer_references(problems, pending, [key[1]])
        slug = str(fd.get("slug", ""))
        if (key[1], slug) in seen:
            problems.details.append(_dup_slug(slug))
        seen.add((key[1], slug))
        values: dict[str, Any] = {"field_data": fd, "name": str(fd.get("name", "")), "slug": slug, "last_updated": now}
        if patch.is_archived is not None:
            values["is_archived"] = patch.is_archived
        if patch.is_draft is not None:
            values["is_draft"] = patch.is_draft
        if live:
            values.update(is_draft=False, last_published=now)
        changes.append((key, values))
    _check_references(ctx, problems, pending)
    if problems.details:
        raise ValidationFailed(details=problems.details)
    try:
        repo.update(STAGED, changes, view.id)
    except SlugTaken as e:
        raise ValidationFailed(details=[_dup_slug(s) for _, s in sorted(e.pairs)] or [_dup_slug("")]) from None
    rows = repo.variants(view.id, STAGED, keys)
    out = [dict(rows[k]._mapping) for k in keys]
    if live:
        _publish_rows(ctx, view, out)
    _emit(ctx, view, "collection_item_changed", out)
    if live:
        _emit(ctx, view, "collection_item_published", out)
    return [item_wire(r) for r in out]


def update_items(ctx: Ctx, collection_id: str, raw: Any, *, live: bool,
                 skip_invalid_files: bool = True) -> dict[str, Any]:
    from webflow_local.api.items.schemas import ItemsPatch

    view = _view(ctx, collection_id)
    body = parse(ItemsPatch, raw)
    return {"items": _update(ctx, view, [(p.id, p) for p in body.items], live=live,
                             skip_invalid_files=skip_invalid_files)}


def update_item(
    ctx: Ctx, collection_id: str, item_id: str, raw: Any, *, live: bool, query_locale: str | None,
    skip_invalid_files: bool = True,
) -> dict[str, Any]:
    view = _view(ctx, collection_id)
    object_id(item_id)
    patch = parse(ItemPatch, raw)
    if patch.id is not None and patch.id != item_id:
        raise ValidationFailed.param("id", "The body id must match the item id of the path")
    if patch.cms_locale_id is None and query_locale:
        patch.cms_locale_id = query_locale
    return _update(ctx, view, [(item_id, patch)], live=live, skip_invalid_files=skip_invalid_files)[0]


# -- delete / unpublish ----------------------------------------------------------------------------
def _delete_keys(view: View, entries: Sequence[ItemLocales]) -> list[Key]:
    pairs: list[tuple[str, str | None]] = []
    for e in entries:
        for loc in _locales(view, e.cms_locale_ids):
            pairs.append((e.id, loc))
    return _keys(view, pairs)


def delete_items(ctx: Ctx, collection_id: str, entries: Sequence[ItemLocales], *, live: bool) -> None:
    """Staged delete (the live copy stays until the next site publish), or, with live, unpublish."""
    view = _view(ctx, collection_id)
    keys = _delete_keys(view, entries)
    _check_variants(len(keys))
    repo = ItemRepository(ctx.conn)
    stage = LIVE if live else STAGED
    found = repo.variants(view.id, stage, keys)
    missing = [k for k in keys if k not in found]
    if missing:
        raise NotFound.of(f"{'Live item' if live else 'Item'} not found: {missing[0][0]}")
    repo.delete(view.id, stage, keys)
    if live:
        repo.update(STAGED, [(k, {"is_draft": True, "last_published": None}) for k in keys], view.id)
        _emit(ctx, view, "collection_item_unpublished", [dict(found[k]._mapping) for k in keys])
    else:
        repo.prune_groups(view.id, [k[0] for k in keys])
        _emit(ctx, view, "collection_item_deleted", [dict(found[k]._mapping) for k in keys])


def delete_item(ctx: Ctx, collection_id: str, item_id: str, locale: str | None, *, live: bool) -> None:
    object_id(item_id)
    delete_items(ctx, collection_id, [ItemLocales(id=item_id, cms_locale_ids=[locale] if locale else [])], live=live)


# -- publish ---------------------------------------------------------------------------------------
def _publish_rows(ctx: Ctx, view: View, staged_rows: Sequence[Mapping[str, Any]]) -> None:
    """live := staged for these variants; the staged ones are marked published now."""
    now = ctx.now()
    repo = ItemRepository(ctx.conn)
    live_rows = [{**dict(r), "stage": LIVE, "is_draft": False, "last_published": now} for r in staged_rows]
    try:
        repo.replace_live(view.id, live_rows)
    except SlugTaken as e:
        raise ValidationFailed(details=[_dup_slug(s) for _, s in sorted(e.pairs)] or [_dup_slug("")]) from None
    repo.update(
        STAGED,
        [((r["item_id"], r["cms_locale_id"]), {"is_draft": False, "last_published": now}) for r in staged_rows],
        view.id,
    )


def publish_item(ctx: Ctx, collection_id: str, body: PublishIn) -> dict[str, Any]:
    view = _view(ctx, collection_id)
    if body.item_ids is None and body.items is None:
        raise ValidationFailed.param("itemIds", "itemIds or items is required")
    entries = [ItemLocales(id=i) for i in body.item_ids or []] + list(body.items or [])
    if len(entries) > MAX_BATCH:
        raise ValidationFailed.param("items", f"At most {MAX_BATCH} items per request")
    malformed = [e.id for e in entries if not is_object_id(e.id)]
    if malformed:
        raise InvalidId(details=[{"param": "items.id", "description": f"'{malformed[0]}' is not an item id"}])
    pairs = [(e.id, loc) for e in entries for loc in _locales(view, e.cms_locale_ids)]
    _check_variants(len(pairs))
    repo = ItemRepository(ctx.conn)
    staged = repo.variants(view.id, STAGED, [(i, loc) for i, loc in pairs if is_object_id(i)])
    errors: list[str] = []
    rows: list[Mapping[str, Any]] = []
    published: list[str] = []
    for item_id, loc in pairs:
        row = staged.get((item_id, loc))
        if row is None:
            msg = f"Staging item ID {item_id} not found."
            if msg not in errors:
                errors.append(msg)
            continue
        if any(r["item_id"] == item_id and r["cms_locale_id"] == loc for r in rows):
            continue
        rows.append(dict(row._mapping))
        if item_id not in published:
            published.append(item_id)
    if rows:
        _publish_rows(ctx, view, rows)
        _emit(ctx, view, "collection_item_published", rows)
    return {"publishedItemIds": published, "errors": errors}


def publish_site_items(ctx: Ctx, site_id: str) -> int:
    """Site publish: changed non-draft, non-archived variants go live; archived and deleted come down."""
    collections = CollectionRepository(ctx.conn).for_site(site_id)
    repo = ItemRepository(ctx.conn)
    changed = 0
    for coll in collections:
        view = _view(ctx, coll.id)
        to_publish = [dict(r._mapping) for r in repo.staged_to_publish([coll.id])]
        down = repo.live_to_take_down([coll.id])
        if down:
            repo.delete(coll.id, LIVE, [(r.item_id, r.cms_locale_id) for r in down])
            repo.prune_groups(coll.id, [r.item_id for r in down])
            _emit(ctx, view, "collection_item_unpublished", [dict(r._mapping) for r in down])
        if to_publish:
            _publish_rows(ctx, view, to_publish)
            _emit(ctx, view, "collection_item_published", to_publish)
        changed += len(to_publish) + len(down)
    return changed


# -- control plane helpers -------------------------------------------------------------------------
def variant_status(staged: Mapping[str, Any]) -> str:
    """The status Webflow's Designer shows for a staged variant."""
    draft, published, updated = staged["is_draft"], staged["last_published"], staged["last_updated"]
    if draft:
        return "Changes in draft" if published else "Draft"
    if published is None or published < updated:
        return "Queued to publish"
    return "Published"


def inspect_item(ctx: Ctx, collection_id: str, item_id: str) -> dict[str, Any]:
    view = _view(ctx, collection_id)
    object_id(item_id)
    rows = ItemRepository(ctx.conn).all_variants(view.id, item_id)
    if not rows:
        raise NotFound.of("Item not found")
    out: dict[str, Any] = {"id": item_id, "collectionId": view.id, "locales": []}
    for loc in view.locale_ids:
        staged = next((r for r in rows if r.cms_locale_id == loc and r.stage == STAGED), None)
        live = next((r for r in rows if r.cms_locale_id == loc and r.stage == LIVE), None)
        if staged is None and live is None:
            continue
        status = variant_status(dict(staged._mapping)) if staged else "Deleted (live until the next site publish)"
        out["locales"].append(
            {
                "cmsLocaleId": loc,
                "primary": loc == view.primary,
                "status": status,
                "staged": item_wire(staged) if staged else None,
                "live": item_wire(live) if live else None,
                "lastPublished": iso(staged.last_published) if staged else None,
            }
        )
    return out


def _merged(data: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """fieldData with a patch merged over it, null clearing a field."""
    return {k: v for k, v in {**data, **patch}.items() if v is not None}


def seed_items(ctx: Ctx, site: Mapping[str, Any], collection_id: str, seeds: Sequence[Any]) -> list[dict[str, Any]]:
    """Seed-file items: created like create-items, then translated per locale tag, then published
    unless marked draft."""
    view = _view(ctx, collection_id)
    tag_to_id = {
        loc["tag"]: loc["cmsLocaleId"] for loc in [site["locales"]["primary"], *site["locales"]["secondary"]] if loc
    }
    created: list[dict[str, Any]] = []
    for s in seeds:
        locs = s.cms_locale_ids or ([tag_to_id[t] for t in s.locales] if s.locales else None)
        if s.locales and any(t not in tag_to_id for t in s.locales):
            raise BadRequest(f"Bad Request: unknown locale tag in {s.locales}")
        res = create_items(
            ctx,
            collection_id,
            BulkCreate(
                cms_locale_ids=locs or [], is_draft=s.is_draft, is_archived=s.is_archived, field_data=s.field_data
            ),
            item_ids=[s.id] if getattr(s, "id", None) else None,
        )
        item_id = res["id"]
        live: dict[str, dict[str, Any]] = getattr(s, "live", None) or {}
        for tag in [*s.translations, *live]:
            if tag not in tag_to_id:
                raise BadRequest(f"Bad Request: unknown locale tag {tag!r}")
        # Each locale gets its live content first (the staged one where it has no other), is published, and
        # then gets its staged content where that differs.
        first = {k: v for k, v in s.field_data.items() if v is not None}
        staged = {t: _merged(first, s.translations.get(t, {})) for t in tag_to_id}
        base = {t: _merged(staged[t], live.get(t, {})) for t in tag_to_id}
        tags_made = {tag_to_id[t]: t for t in tag_to_id}
        made = [i["cmsLocaleId"] for i in res["items"]]
        for loc in made:
            patch = patch_between(first, base[tags_made[loc]])
            if patch:
                _update(ctx, view, [(item_id, ItemPatch(cms_locale_id=loc, field_data=patch))], live=False)
        published = getattr(s, "published", None)
        if isinstance(published, list):
            if any(t not in tag_to_id for t in published):
                raise BadRequest(f"Bad Request: unknown locale tag in {published}")
            made = [loc for loc in made if loc in {tag_to_id[t] for t in published}]
        if made and ((not s.is_draft) if published is None else published):
            publish_item(ctx, collection_id, PublishIn(items=[ItemLocales(id=item_id, cms_locale_ids=made)]))
        for tag in live:
            if tag_to_id[tag] not in made:
                raise BadRequest(f"Bad Request: live content for {tag!r}, where the item is not published")
            patch = patch_between(base[tag], staged[tag])
            if patch:
                _update(ctx, view, [(item_id, ItemPatch(cms_locale_id=tag_to_id[tag], field_data=patch))],
                        live=False)
        created.append({"id": item_id, "cmsLocaleIds": [i["cmsLocaleId"] for i in res["items"]]})
    return created
