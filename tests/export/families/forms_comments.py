"""State of this family beyond the demo world, for the export round trip (tests/export/test_round_trip.py):
forms of every field type, two instances of one form element, submissions in several locales and out of
date order, a hidden value set through the API, a deleted submission; comment threads in several locales
and breakpoints, resolved, on a CMS item, with mentions, dated replies and a reply through the beta API (by a
token that acts for no user)."""

from __future__ import annotations

from typing import Any

import httpx

ELEMENT = "5f0c6a8e-2b1d-4c3e-9a7f-1d2e3f4a5b6c"
SIGNUP_FIELDS = [
    {"displayName": "Name", "type": "Plain", "placeholder": "Your name"},
    {"displayName": "Email", "type": "Email", "placeholder": None},
    {"displayName": "Phone", "type": "Phone"},
    {"displayName": "Seats", "type": "Number", "placeholder": "1"},
    {"displayName": "Secret", "type": "Password"},
    {"displayName": "Campaign", "type": "Plain", "userVisible": False},
]


def _ok(r: httpx.Response, status: int = 201) -> Any:
    assert r.status_code == status, r.text
    return r.json() if r.content else None


def _forms(api: httpx.Client, admin: httpx.Client, site_id: str) -> None:
    signup = _ok(admin.post(f"/sites/{site_id}/forms", json={
        "displayName": "Signup", "page": "about", "formElementId": ELEMENT, "fields": SIGNUP_FIELDS,
        "responseSettings": {"redirectUrl": "/thanks", "redirectMethod": "GET", "redirectAction": "redirect",
                             "sendEmailConfirmation": True}}))
    # The same form element in a component on another page: a form of its own with its own submissions.
    footer = _ok(admin.post(f"/sites/{site_id}/forms", json={
        "displayName": "Signup", "page": "contact", "formElementId": ELEMENT,
        "fields": [{"displayName": "Email", "type": "Email"}]}))

    def submit(form: dict[str, Any], data: dict[str, Any], **extra: Any) -> Any:
        return _ok(admin.post(f"/sites/{site_id}/forms/{form['id']}/submissions", json={"data": data, **extra}))

    first = submit(signup, {"Name": "Grace", "Email": "grace@example.com", "Phone": "+1 555 0100", "Seats": 3,
                            "Secret": "hunter2", "Campaign": "spring"})
    submit(signup, {"Name": "Zoé", "Seats": "2.5"}, localeId="fr-FR")
    gone = submit(signup, {"Name": "Temp"})
    submit(footer, {"Email": "hedy@example.com"}, localeId="de-DE")
    # Made last but dated a day earlier: the lists answer by date, not by creation.
    _ok(admin.post("/clock", json={"advanceSeconds": -86400}), 200)
    legacy = _ok(admin.post(f"/sites/{site_id}/forms", json={
        "displayName": "Legacy", "page": "legacy-landing", "fields": [{"displayName": "Email", "type": "Email"}]}))
    submit(legacy, {"Email": "early@example.com"})
    submit(footer, {"Email": "earlier@example.com"})
    _ok(admin.post("/clock", json={"advanceSeconds": 86400}), 200)
    # A hidden field set through the API to a value no visitor could send (a number in a Plain field).
    _ok(api.patch(f"/form_submissions/{first['id']}", json={"formSubmissionData": {"Campaign": 42}}), 200)
    _ok(api.delete(f"/form_submissions/{gone['id']}"), 204)


def _comments(api: httpx.Client, admin: httpx.Client, site_id: str) -> None:
    users = {u["email"]: u for u in _ok(admin.get("/users"), 200)["users"]}
    alex, sam = users["alex@demo-site.test"], users["sam@demo-site.test"]
    pages = {p["slug"]: p for p in _ok(api.get(f"/sites/{site_id}/pages"), 200)["pages"]}
    colls = _ok(api.get(f"/sites/{site_id}/collections"), 200)["collections"]
    authors = next(c for c in colls if c["displayName"] == "Authors")
    item = _ok(api.get(f"/collections/{authors['id']}/items"), 200)["items"][0]

    def thread(**body: Any) -> Any:
        return _ok(admin.post(f"/sites/{site_id}/comment_threads", json=body))

    # Older than the demo's thread: listed first.
    thread(page=pages["contact"]["id"], author=sam["email"], content="Typo in the French title",
           locale="fr-FR", breakpoint="medium", isResolved=True, createdOn="2024-03-01T09:00:00.000Z",
           replies=[{"author": alex["email"], "content": "Fixed.", "createdOn": "2024-03-01T10:00:00.000Z"}])
    busy = thread(page="about", author=alex["email"], content=f"[[{sam['id']}]] can you check this?",
                  locale="de-DE", item=item["id"], breakpoint="small",
                  replies=[{"author": sam["email"], "content": f"Yes, with [[{alex['id']}]]",
                            "createdOn": "2030-01-01T08:00:00.000Z"},
                           {"author": alex["email"], "content": "Thanks", "createdOn": "2030-01-01T09:00:00.000Z"}])
    beta = str(api.base_url).rstrip("/").removesuffix("/v2") + "/beta"
    _ok(api.post(f"{beta}/sites/{site_id}/comments/{busy['id']}/replies", json={"content": "From the API"}))


def enrich(api: httpx.Client, admin: httpx.Client, site_id: str) -> None:
    """`api`: the Data API (/v2) with an all-scopes site token; `admin`: the control plane."""
    _forms(api, admin, site_id)
    _comments(api, admin, site_id)
