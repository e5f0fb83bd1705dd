"""State of this family beyond the demo world, for the export round trip (tests/export/test_round_trip.py):
pages (a child page, a draft, an archived one, own Open Graph values, settings written in secondary
locales), static content written in a secondary locale, a second component (made later, holding an instance
of the first) with properties of every type and content written in a secondary locale, component property
defaults written in a secondary locale, and custom code: hosted and inline scripts applied to the site and to
two pages."""

from __future__ import annotations

from typing import Any

import httpx

SRI384 = "sha384-J+YlJ8v0gpaRoKH7SbFbEmxOZlAxLiwNjfSsBhDooGa5roXlPPpXbEevck4J7YZ+"


def _ok(r: httpx.Response) -> Any:
    assert r.status_code in (200, 201, 204), f"{r.request.method} {r.request.url}: {r.status_code} {r.text}"
    return r.json() if r.content else None


def _dom(api: httpx.Client, path: str, locale: str) -> dict[str, Any]:
    return {n["id"]: n for n in _ok(api.get(path, params={"localeId": locale}))["nodes"]}


def enrich(api: httpx.Client, admin: httpx.Client, site_id: str) -> None:
    """`api`: the Data API (/v2) with an all-scopes site token; `admin`: the control plane."""
    site = _ok(api.get(f"/sites/{site_id}"))
    fr, de = (loc["id"] for loc in site["locales"]["secondary"])
    comps = _ok(api.get(f"/sites/{site_id}/components"))["components"]
    hero = next(c for c in comps if c["name"] == "Hero")["id"]
    pages = {p["slug"]: p["id"] for p in _ok(api.get(f"/sites/{site_id}/pages"))["pages"]}

    # A component made later than Hero (its random UUID must not reorder the list), holding an instance of it.
    card = _ok(admin.post(f"/sites/{site_id}/components", json={
        "name": "Card", "description": "A teaser", "nodes": [
            {"type": "text", "html": "<h3>Card title</h3>", "attributes": {"data-role": "title"}},
            {"type": "image", "image": {"alt": "Cover", "assetId": "659595234426a9fcbad57043"}},
            {"type": "component-instance", "componentId": "Hero",
             "propertyOverrides": [{"label": "Heading", "text": "Inside a card"}]},
        ],
        "properties": [
            {"type": "Plain Text", "label": "Caption", "text": "A caption"},
            {"type": "Rich Text", "label": "Blurb", "text": "<p>Blurb</p>", "locales": {"de-DE": "<p>Klappentext</p>"}},
            {"type": "Alt Text", "label": "Alt", "text": "An image"},
        ]}))["id"]
    team = _ok(admin.post(f"/sites/{site_id}/pages", json={
        "title": "Team", "parent": "about", "draft": True, "canBranch": True,
        "openGraph": {"title": "Our team", "description": "Who we are"},
        "nodes": [
            {"type": "text", "html": "<h1>The team</h1>"},
            {"type": "select", "choices": [{"value": "a", "text": "Ada"}, {"value": "c", "text": "Charles"}],
             "attributes": {"name": "member"}},
            {"type": "search-button", "value": "Search"},
            {"type": "text-input", "placeholder": "Name"},
            {"type": "submit-button", "value": "Go", "waitingText": "Going..."},
            # An override equal to the primary default: German reads it rather than its own default.
            {"type": "component-instance", "componentId": "Hero",
             "propertyOverrides": [{"label": "Body", "text": "<p>Read on.</p>"}]},
            {"type": "component-instance", "componentId": "Card",
             "propertyOverrides": [{"label": "Caption", "text": "Meet Ada"}]},
        ]}))["id"]
    _ok(admin.post(f"/sites/{site_id}/pages", json={"title": "Old News", "slug": "old-news", "archived": True}))

    # Settings written in secondary locales.
    _ok(api.put(f"/pages/{team}", params={"localeId": fr}, json={
        "title": "Équipe", "seo": {"description": "Qui nous sommes"}, "openGraph": {"title": "Notre équipe"}}))
    _ok(api.put(f"/pages/{pages['about']}", params={"localeId": de}, json={
        "seo": {"title": "Über uns"}, "openGraph": {"descriptionCopied": False, "description": "Wer wir sind"}}))

    # Component defaults and content written in a secondary locale.
    props = {p["label"]: p["propertyId"] for p in _ok(api.get(f"/sites/{site_id}/components/{hero}/properties"))[
        "properties"]}
    _ok(api.post(f"/sites/{site_id}/components/{hero}/properties", params={"localeId": de}, json={
        "properties": [{"propertyId": props["Heading"], "text": "Hallo"},
                       {"propertyId": props["Body"], "text": "<p>Lies weiter.</p>"}]}))
    card_nodes = _dom(api, f"/sites/{site_id}/components/{card}/dom", fr)
    title = next(n for n in card_nodes.values() if n["type"] == "text")["id"]
    _ok(api.post(f"/sites/{site_id}/components/{card}/dom", params={"localeId": fr}, json={
        "nodes": [{"nodeId": title, "text": "<h3>Titre</h3>"}]}))

    # Static content written in a secondary locale: text, an instance's override, a form input.
    about = _dom(api, f"/pages/{pages['about']}/dom", de)
    heading = next(n for n in about.values() if n["type"] == "text")["id"]
    instance = next(n for n in about.values() if n["type"] == "component-instance")["id"]
    _ok(api.post(f"/pages/{pages['about']}/dom", params={"localeId": de}, json={"nodes": [
        {"nodeId": heading, "text": "<h1>Über uns</h1>"},
        {"nodeId": instance, "propertyOverrides": [{"propertyId": props["Body"], "text": "<p>Mehr lesen.</p>"}]}]}))
    team_nodes = _dom(api, f"/pages/{team}/dom", fr)
    placeholder = next(n for n in team_nodes.values() if n["type"] == "text-input")["id"]
    select = next(n for n in team_nodes.values() if n["type"] == "select")["id"]
    _ok(api.post(f"/pages/{team}/dom", params={"localeId": fr}, json={"nodes": [
        {"nodeId": placeholder, "placeholder": "Nom"},
        {"nodeId": select, "choices": [{"value": "a", "text": "Ada (fr)"}]}]}))

    # Custom code: hosted and inline scripts, applied to the site and to two pages.
    _ok(api.post(f"/sites/{site_id}/registered_scripts/hosted", json={
        "displayName": "CMS Slider", "hostedLocation": "https://cdn.example.com/cmsslider.js",
        "integrityHash": SRI384, "canCopy": True, "version": "1.0.0"}))
    _ok(api.post(f"/sites/{site_id}/registered_scripts/inline", json={
        "displayName": "Alert", "sourceCode": "alert('hello world');", "version": "0.0.1"}))
    _ok(api.post(f"/sites/{site_id}/registered_scripts/inline", json={
        "displayName": "Alert", "sourceCode": "alert('hello again');", "version": "0.0.2"}))
    _ok(api.put(f"/sites/{site_id}/custom_code", json={"scripts": [
        {"id": "cms_slider", "version": "1.0.0", "location": "header", "attributes": {"data-speed": "fast"}},
        {"id": "alert", "version": "0.0.1", "location": "footer"}]}))
    _ok(api.put(f"/pages/{team}/custom_code", json={"scripts": [
        {"id": "alert", "version": "0.0.2", "location": "header"}]}))
    _ok(api.put(f"/pages/{pages['contact']}/custom_code", json={"scripts": [
        {"id": "cms_slider", "version": "1.0.0", "location": "footer"}]}))
