"""The `pages` and `components` seed keys of a site made from Data API reads (kit SeedSection.export), for
`webflow-local export` and `pull`: ids kept (pages, nodes, components, properties), every locale's
settings and content, and for a secondary locale only what it reads differently from the primary locale.

A read shows a secondary locale's value whether it was written there or inherited, so the entries say what
differs: seeding them gives the same reads in every locale. What the API never shows cannot be exported
(see docs/control-plane.md, "Export and import")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from webflow_local.kit.reading import ApiRead, read_all, read_all_or_empty

Text = dict[str, Any]  # a property value on the wire: {html, text}
# A component's default property values in a locale (by tag), by property id; None: not a site component.
Defaults = Callable[[str, str], dict[str, Text] | None]




def _locales(site: dict[str, Any]) -> list[dict[str, Any]]:
    return [site["locales"]["primary"], *site["locales"]["secondary"]]


# -- nodes -----------------------------------------------------------------------------------------------
def _prop_text(prop_type: str, text: Text) -> str:
    """A property value as seeds give it: HTML for Rich Text, else the plain text."""
    return str((text.get("html") if prop_type == "Rich Text" else text.get("text")) or "")


def _override(o: dict[str, Any]) -> dict[str, Any]:
    return {"propertyId": o["propertyId"], "type": o["type"], "label": o["label"],
            "text": _prop_text(o["type"], o["text"])}


def _content(n: dict[str, Any]) -> dict[str, Any]:
    """A (non-instance) node's content as a seed gives it."""
    t = n["type"]
    if t == "text":
        return {"html": n["text"]["html"]}
    if t == "image":
        return {"image": n["image"]}
    if t == "text-input":
        return {"placeholder": n["placeholder"]}
    if t == "select":
        return {"choices": n["choices"]}
    if t == "submit-button":
        return {"value": n["value"], "waitingText": n["waitingText"]}
    return {"value": n["value"]}  # search-button


def _instance(n: dict[str, Any], others: dict[str, dict[str, Any] | None], defaults: Defaults,
              primary: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A component instance's overrides in the primary locale and, by tag, the secondary locales whose read
    differs from what those overrides and the locale's defaults give.

    A read lists every property, overridden or not: an override is what differs from the component's
    default (every listed value for a component the site does not have), or a value equal to it that a
    secondary locale with another default shows too. A secondary locale without its own content shows the
    primary's overrides and its own defaults elsewhere."""
    cid = n["componentId"]
    d_primary = defaults(cid, primary)
    d_others = {tag: defaults(cid, tag) or {} for tag in others}
    shown = {tag: {o["propertyId"]: o["text"] for o in m["propertyOverrides"]} for tag, m in others.items() if m}

    def override(o: dict[str, Any]) -> bool:
        pid, text = o["propertyId"], o["text"]
        if d_primary is None or d_primary.get(pid) != text:
            return True
        return any(d_others[tag].get(pid) != text and values.get(pid) == text for tag, values in shown.items())

    overridden = [o for o in n["propertyOverrides"] if override(o)]
    primary_values = {o["propertyId"]: o["text"] for o in overridden}
    locales: dict[str, Any] = {}
    for tag, m in others.items():
        if m is None:
            continue
        d_local = d_others[tag]

        def expected(pid: str, d_local: dict[str, Text] = d_local) -> Text | None:
            return primary_values[pid] if pid in primary_values else d_local.get(pid)

        if all(o["text"] == expected(o["propertyId"]) for o in m["propertyOverrides"]):
            continue
        locales[tag] = {"propertyOverrides": [
            _override(o) for o in m["propertyOverrides"]
            if o["propertyId"] in primary_values or d_local.get(o["propertyId"]) != o["text"]]}
    return {"componentId": cid, "propertyOverrides": [_override(o) for o in overridden]}, locales


def nodes_seed(doms: dict[str, list[dict[str, Any]]], tags: list[str], defaults: Defaults) -> list[dict[str, Any]]:
    """Seed nodes from the nodes each locale (by tag, the primary first) reads."""
    primary, rest = tags[0], tags[1:]
    by_id = {tag: {m["id"]: m for m in doms[tag]} for tag in rest}
    out = []
    for n in doms[primary]:
        entry: dict[str, Any] = {"id": n["id"], "type": n["type"]}
        if n.get("attributes"):
            entry["attributes"] = n["attributes"]
        others = {tag: by_id[tag].get(n["id"]) for tag in rest}
        if n["type"] == "component-instance":
            content, locales = _instance(n, others, defaults, primary)
        else:
            content = _content(n)
            locales = {tag: _content(m) for tag, m in others.items() if m is not None and m != n}
        entry.update(content)
        if locales:
            entry["locales"] = locales
        out.append(entry)
    return out


class _Components:
    """The site's components' default property values per locale, read once each."""

    def __init__(self, read: ApiRead, site: dict[str, Any]) -> None:
        self.read, self.site_id = read, site["id"]
        self.loc_ids = {loc["tag"]: loc["id"] for loc in _locales(site)}
        self.rows = read_all_or_empty(read, f"/v2/sites/{self.site_id}/components", "components")
        self.ids = {c["id"] for c in self.rows}
        self.cache: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def properties(self, cid: str, tag: str) -> list[dict[str, Any]]:
        key = (cid, tag)
        if key not in self.cache:
            self.cache[key] = read_all(self.read, f"/v2/sites/{self.site_id}/components/{cid}/properties",
                                       "properties", localeId=self.loc_ids[tag])
        return self.cache[key]

    def defaults(self, cid: str, tag: str) -> dict[str, Text] | None:
        if cid not in self.ids:
            return None
        return {p["propertyId"]: p["text"] for p in self.properties(cid, tag)}

    def dom(self, cid: str, tag: str) -> list[dict[str, Any]]:
        return read_all(self.read, f"/v2/sites/{self.site_id}/components/{cid}/dom", "nodes",
                        localeId=self.loc_ids[tag])


# -- components --------------------------------------------------------------------------------------------
def export_components(read: ApiRead, site: dict[str, Any]) -> list[dict[str, Any]]:
    """The site's components in list order: their nodes and properties in every locale."""
    comps = _Components(read, site)
    tags = [loc["tag"] for loc in _locales(site)]
    out = []
    for c in comps.rows:
        entry: dict[str, Any] = {"id": c["id"], "name": c["name"], "group": c["group"] or "",
                                 "description": c["description"] or ""}
        if c["readonly"]:
            entry["readonly"] = True
        nodes = nodes_seed({tag: comps.dom(c["id"], tag) for tag in tags}, tags, comps.defaults)
        if nodes:
            entry["nodes"] = nodes
        props = {tag: comps.properties(c["id"], tag) for tag in tags}
        entry["properties"] = [_property(p, {tag: props[tag] for tag in tags[1:]}) for p in props[tags[0]]]
        if not entry["properties"]:
            del entry["properties"]
        out.append(entry)
    return out


def _property(p: dict[str, Any], others: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    out: dict[str, Any] = {"propertyId": p["propertyId"], "type": p["type"], "label": p["label"],
                           "text": _prop_text(p["type"], p["text"])}
    locales = {}
    for tag, props in others.items():
        own = next((q for q in props if q["propertyId"] == p["propertyId"]), None)
        if own is not None and own["text"] != p["text"]:
            locales[tag] = _prop_text(p["type"], own["text"])
    if locales:
        out["locales"] = locales
    return out


# -- pages -------------------------------------------------------------------------------------------------
def export_pages(read: ApiRead, site: dict[str, Any]) -> list[dict[str, Any]]:
    """The site's pages in list order: settings (and what each secondary locale reads differently), the
    path of the last publish, and their nodes in every locale."""
    locs = _locales(site)
    path = f"/v2/sites/{site['id']}/pages"
    primary = read_all_or_empty(read, path, "pages")
    if not primary:
        return []
    others = {loc["tag"]: {p["id"]: p for p in read_all_or_empty(read, path, "pages", localeId=loc["id"])}
              for loc in locs[1:]}
    comps = _Components(read, site)
    tags = [loc["tag"] for loc in locs]
    out = []
    for p in primary:
        entry = _page(p)
        locales = {tag: d for tag, pages in others.items() if (d := _page_locale(p, pages.get(p["id"])))}
        if locales:
            entry["locales"] = locales
        doms = {loc["tag"]: read_all(read, f"/v2/pages/{p['id']}/dom", "nodes", localeId=loc["id"]) for loc in locs}
        nodes = nodes_seed(doms, tags, comps.defaults)
        if nodes:
            entry["nodes"] = nodes
        out.append(entry)
    return out


def _given(values: dict[str, Any] | None) -> dict[str, Any]:
    """The values a source answered (seeds leave a key out rather than give null)."""
    return {k: v for k, v in (values or {}).items() if v is not None}


def _page(p: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": p["id"], "title": p["title"], "slug": p["slug"], "seo": _given(p.get("seo")),
                             "openGraph": _given(p.get("openGraph"))}
    if p.get("parentId"):
        entry["parent"] = p["parentId"]
    if p.get("collectionId"):
        entry["collection"] = p["collectionId"]
    for key in ("draft", "archived", "canBranch"):
        if p.get(key):
            entry[key] = True
    if p.get("publishedPath") is not None:
        entry["publishedPath"] = p["publishedPath"]
    return entry


def _page_locale(p: dict[str, Any], q: dict[str, Any] | None) -> dict[str, Any]:
    """What a secondary locale reads differently from the primary: its settings, and its published path
    (which a locale has of its own)."""
    if q is None:
        return {}
    out: dict[str, Any] = {k: q[k] for k in ("title", "slug") if q[k] is not None and q[k] != p[k]}
    seo = {k: v for k, v in _given(q.get("seo")).items() if v != (p.get("seo") or {}).get(k)}
    if seo:
        out["seo"] = seo
    og: dict[str, Any] = {}
    mine, theirs = q.get("openGraph") or {}, p.get("openGraph") or {}
    for key, copied in (("title", "titleCopied"), ("description", "descriptionCopied")):
        if mine.get(copied) is not None and mine[copied] != theirs.get(copied):
            og[copied] = mine[copied]
        # A copied value is the SEO one; an own value is inherited unless it differs or the primary's is
        # copied (then its own value is not what the primary shows).
        if not mine.get(copied) and mine.get(key) is not None and (mine[key] != theirs.get(key) or theirs.get(copied)):
            og[key] = mine[key]
    if og:
        out["openGraph"] = og
    if q.get("publishedPath") is not None:
        out["publishedPath"] = q["publishedPath"]
    return out
