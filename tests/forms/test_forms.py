"""Forms family: forms and submissions made through the control plane (as the site makes them), read,
updated (hidden fields only) and deleted through the Data API, the elementId merge of component instances,
the republish conflict, the seed section and the demo form, and form_submission webhooks with a name
filter."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from webflow.core.api_error import ApiError

from tests.support.wire import ZERO_ID, err
from tests.support.world import FULL, OTHER_SITE, WORKSPACE, World
from tests.webhooks.test_webhooks import Sink, deliveries

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CONTACT = {
    "displayName": "Contact", "page": "contact",
    "fields": [{"displayName": "Name", "type": "Plain", "placeholder": "Your name"},
               {"displayName": "Email", "type": "Email", "placeholder": "you@example.com"},
               {"displayName": "Message", "type": "Plain"},
               {"displayName": "Source", "type": "Plain", "userVisible": False}],
}


# -- helpers -----------------------------------------------------------------------------------------
def make_form(world: World, body: dict[str, Any] | None = None, site_id: str | None = None) -> dict[str, Any]:
    r = world.admin().post(f"/sites/{site_id or world.site_id}/forms", json=body or CONTACT)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def submit(world: World, form: dict[str, Any], data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    r = world.admin().post(f"/sites/{form['siteId']}/forms/{form['id']}/submissions", json={"data": data, **extra})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def field_id(form: dict[str, Any], name: str) -> str:
    return next(k for k, v in form["fields"].items() if v["displayName"] == name)


def ada(n: int = 0) -> dict[str, str]:
    return {"Name": f"Ada {n}", "Email": f"ada{n}@example.com", "Message": f"hello {n}"}


# -- forms -------------------------------------------------------------------------------------------
def test_forms_list_and_schema_with_sdk(world: World) -> None:
    contact = make_form(world)
    news = make_form(world, {"displayName": "Newsletter", "page": "contact", "formElementId": "4e038d2c-6a1e-4953-"
                             "7be9-a59a2b453177", "fields": [{"displayName": "Email", "type": "Email"}],
                             "responseSettings": {"redirectUrl": "/thanks", "redirectMethod": "GET",
                                                  "sendEmailConfirmation": True}})
    sdk = world.sdk()
    listed = sdk.forms.list(world.site_id)
    assert [f.id for f in listed.forms or []] == [contact["id"], news["id"]]
    assert listed.pagination.total == 2
    got = sdk.forms.get(contact["id"])
    assert got.display_name == "Contact" and got.site_id == world.site_id and got.workspace_id == world.workspace_id
    assert got.page_name == "Contact" and OBJECT_ID.match(got.page_id or "") and UUID.match(got.form_element_id or "")
    # One page id per page slug of a site; the site's custom domain.
    assert news["pageId"] == contact["pageId"]
    assert contact["siteDomainId"] == world.site["customDomains"][0]["id"]
    fields = got.model_dump(by_alias=True)["fields"]
    assert [v["displayName"] for v in fields.values()] == ["Name", "Email", "Message", "Source"]
    assert all(OBJECT_ID.match(k) for k in fields)
    assert fields[field_id(contact, "Email")] == {"displayName": "Email", "type": "Email",
                                                  "placeholder": "you@example.com", "userVisible": True}
    assert fields[field_id(contact, "Message")]["placeholder"] is None
    assert fields[field_id(contact, "Source")]["userVisible"] is False
    assert contact["responseSettings"] == {"redirectUrl": "", "redirectMethod": None, "redirectAction": None,
                                           "sendEmailConfirmation": False}
    assert news["formElementId"] == "4e038d2c-6a1e-4953-7be9-a59a2b453177"
    assert news["responseSettings"]["redirectUrl"] == "/thanks"
    # The wire: explicit nulls, both prefixes.
    for prefix in ("v2", "beta"):
        r = world.http(prefix=prefix).get(f"/forms/{contact['id']}")
        assert r.status_code == 200 and r.json() == contact
    # Paging.
    page = world.http().get(f"/sites/{world.site_id}/forms", params={"limit": 1, "offset": 1}).json()
    assert [f["id"] for f in page["forms"]] == [news["id"]]
    assert page["pagination"] == {"limit": 1, "offset": 1, "total": 2}
    err(world.http().get(f"/sites/{world.site_id}/forms", params={"limit": -1}), 400, "validation_error")


def test_form_lookups_404_400_403(world: World) -> None:
    form = make_form(world)
    c = world.http()
    err(c.get(f"/forms/{ZERO_ID}"), 404, "resource_not_found")
    assert err(c.get("/forms/nope"), 400, "validation_error")["message"] == "Validation Error: Provided ID is invalid"
    err(world.http(OTHER_SITE).get(f"/forms/{form['id']}"), 403, "forbidden")
    err(world.http(OTHER_SITE).get(f"/forms/{form['id']}/submissions"), 403, "forbidden")
    # Another site's form under this site's path is not found there.
    other = make_form(world, site_id=world.other_site_id)
    err(world.http(WORKSPACE).get(f"/sites/{world.site_id}/forms/{other['id']}/submissions"), 404,
        "resource_not_found")
    assert world.http(OTHER_SITE).get(f"/sites/{world.site_id}/forms").status_code == 403
    with pytest.raises(ApiError) as e:
        world.sdk().forms.get(ZERO_ID)
    assert e.value.status_code == 404


def test_control_plane_form_definitions_are_checked(world: World) -> None:
    admin = world.admin()
    before = admin.get(f"/sites/{world.site_id}").json()
    bad = [
        {"displayName": "", "page": "contact"},
        {"displayName": "X", "page": "Not A Slug"},
        {"displayName": "X", "page": "p", "fields": [{"displayName": "A", "type": "Checkbox"}]},
        {"displayName": "X", "page": "p", "fields": [{"displayName": "A"}, {"displayName": "A"}]},
        {"displayName": "X", "page": "p", "extra": 1},
    ]
    for body in bad:
        err(admin.post(f"/sites/{world.site_id}/forms", json=body), 400, "validation_error")
    err(admin.post(f"/sites/{ZERO_ID}/forms", json=CONTACT), 404, "resource_not_found")
    assert world.http().get(f"/sites/{world.site_id}/forms").json()["forms"] == []
    assert admin.get(f"/sites/{world.site_id}").json() == before
    # A fixed id, and a second form with it: 409.
    fixed = make_form(world, {**CONTACT, "id": "0123456789abcdef01234567"})
    assert fixed["id"] == "0123456789abcdef01234567"
    err(admin.post(f"/sites/{world.site_id}/forms", json={**CONTACT, "id": fixed["id"]}), 409, "conflict")


# -- submissions -------------------------------------------------------------------------------------
def test_visitor_submission_is_validated_and_stored(world: World) -> None:
    form = make_form(world)
    numbers = make_form(world, {"displayName": "Quote", "page": "quote",
                                "fields": [{"displayName": "Qty", "type": "Number"},
                                           {"displayName": "Phone", "type": "Phone"},
                                           {"displayName": "Secret", "type": "Password"}]})
    admin = world.admin()
    url = f"/sites/{world.site_id}/forms/{form['id']}/submissions"
    # A bad email: 400 with details, nothing stored.
    r = admin.post(url, json={"data": {"Name": "Ada", "Email": "not-an-email"}})
    body = err(r, 400, "validation_error")
    assert body["details"] == [{"param": "data.Email", "description": "must be a valid email address"}]
    bad = [
        {"data": {"Nope": "x"}},
        {"data": {"Name": 3}},
        {"data": {"Name": "Ada"}, "localeId": "xx-XX"},
        {"data": {"Name": "Ada"}, "extra": True},
        {},
    ]
    for b in bad:
        err(admin.post(url, json=b), 400, "validation_error")
    for data in ({"Qty": "many"}, {"Qty": True}, {"Phone": "call me"}):
        err(admin.post(f"/sites/{world.site_id}/forms/{numbers['id']}/submissions", json={"data": data}), 400,
            "validation_error")
    err(admin.post(f"/sites/{world.other_site_id}/forms/{form['id']}/submissions", json={"data": {}}), 404,
        "resource_not_found")
    err(admin.post(f"/sites/{world.site_id}/forms/{ZERO_ID}/submissions", json={"data": {}}), 404,
        "resource_not_found")
    assert world.http().get(f"/forms/{form['id']}/submissions").json()["formSubmissions"] == []
    # Good ones; the primary locale is null, a secondary one its locale id (by tag, id or cmsLocaleId).
    fr = world.site["locales"]["secondary"][0]
    s1 = submit(world, form, {"Message": "hi", "Name": "Ada", "Email": "ada@example.com"})
    s2 = submit(world, form, {"Name": "Zoé"}, localeId="fr-FR")
    s3 = submit(world, form, {"Name": "Ana"}, localeId=fr["cmsLocaleId"])
    s4 = submit(world, form, {"Name": "En"}, localeId=world.site["locales"]["primary"]["id"])
    q = submit(world, numbers, {"Qty": 3, "Phone": "+44 (0)20 7946-0000", "Secret": "s3cret"})
    assert q["formResponse"] == {"Qty": 3, "Phone": "+44 (0)20 7946-0000", "Secret": "s3cret"}
    assert submit(world, numbers, {"Qty": "2.5"})["formResponse"] == {"Qty": "2.5"}
    assert OBJECT_ID.match(s1["id"]) and s1["formId"] == form["id"] and s1["displayName"] == "Contact"
    assert s1["siteId"] == world.site_id and s1["workspaceId"] == world.workspace_id
    assert list(s1["formResponse"]) == ["Name", "Email", "Message"]  # the form's order
    assert s1["localeId"] is None and s4["localeId"] is None
    assert s2["localeId"] == fr["id"] and s3["localeId"] == fr["id"]
    got = world.sdk().forms.get_submission(s2["id"])
    # This SDK's FormSubmission predates localeId: it keeps it as an extra key.
    assert got.form_response == {"Name": "Zoé"} and (got.model_extra or {}).get("localeId") == fr["id"]
    assert world.http().get(f"/form_submissions/{s1['id']}").json() == s1


def test_list_submissions_both_paths_and_paging(world: World) -> None:
    form = make_form(world)
    other = make_form(world, {**CONTACT, "displayName": "Other"})
    subs = [submit(world, form, ada(n)) for n in range(3)]
    submit(world, other, ada(9))
    ids = [s["id"] for s in subs]
    sdk = world.sdk()
    assert [s.id for s in sdk.forms.list_submissions(form["id"]).form_submissions or []] == ids
    assert [s.id for s in sdk.sites.forms.list_submissions(world.site_id, form["id"]).form_submissions or []] == ids
    r = world.http(prefix="beta").get(f"/sites/{world.site_id}/forms/{form['id']}/submissions",
                                      params={"limit": 2, "offset": 1})
    assert [s["id"] for s in r.json()["formSubmissions"]] == ids[1:]
    assert r.json()["pagination"] == {"limit": 2, "offset": 1, "total": 3}
    # Not under beta: the legacy /forms/{id}/submissions is v2-only.
    assert world.http(prefix="beta", validate=False).get(f"/forms/{form['id']}/submissions").status_code == 404
    page = world.http().get(f"/forms/{form['id']}/submissions", params={"offset": 5}).json()
    assert page["formSubmissions"] == [] and page["pagination"]["total"] == 3


def test_by_site_listing_merges_component_instances_by_element_id(world: World) -> None:
    element = "285042f7-d554-dc7f-102c-aa10d6a2d2c4"
    # One form in a component used on two pages: two forms sharing the element id.
    a = make_form(world, {**CONTACT, "displayName": "Signup", "page": "home", "formElementId": element})
    b = make_form(world, {**CONTACT, "displayName": "Signup", "page": "about", "formElementId": element})
    c = make_form(world)
    sa, sc, sb = submit(world, a, ada(1)), submit(world, c, ada(2)), submit(world, b, ada(3))
    submit(world, make_form(world, site_id=world.other_site_id), ada(4))
    sdk = world.sdk()
    merged = sdk.sites.forms.list_submissions_by_site(world.site_id, element_id=element)
    assert [s.id for s in merged.form_submissions or []] == [sa["id"], sb["id"]]
    everything = sdk.sites.forms.list_submissions_by_site(world.site_id)
    assert [s.id for s in everything.form_submissions or []] == [sa["id"], sc["id"], sb["id"]]
    # Per form, each instance is its own form.
    assert [s.id for s in sdk.forms.list_submissions(a["id"]).form_submissions or []] == [sa["id"]]
    r = world.http(prefix="beta").get(f"/sites/{world.site_id}/form_submissions",
                                      params={"elementId": element, "limit": 1})
    assert [s["id"] for s in r.json()["formSubmissions"]] == [sa["id"]]
    assert r.json()["pagination"] == {"limit": 1, "offset": 0, "total": 2}
    none = world.http().get(f"/sites/{world.site_id}/form_submissions", params={"elementId": "unknown"}).json()
    assert none["formSubmissions"] == [] and none["pagination"]["total"] == 0


def test_modify_changes_hidden_fields_only(world: World, database_url: str) -> None:
    form = make_form(world)
    sub = submit(world, form, {**ada(), "Source": "ad"})
    sdk = world.sdk()
    out = sdk.forms.update_submission(sub["id"], form_submission_data={"Source": "newsletter"})
    assert out.form_response == {**ada(), "Source": "newsletter"}
    # A visible field or an unknown one: 400, nothing changed.
    c = world.http()
    for data in ({"Name": "Mallory"}, {"Nope": "x"}, {"Source": "ok", "Email": "x@example.com"}):
        body = err(c.patch(f"/form_submissions/{sub['id']}", json={"formSubmissionData": data}), 400,
                   "validation_error")
        assert body["details"] and all(d["param"].startswith("formSubmissionData.") for d in body["details"])
    err(c.patch(f"/form_submissions/{sub['id']}", json={"formSubmissionData": {"Source": 1}, "x": 1}), 400,
        "validation_error")
    assert c.get(f"/form_submissions/{sub['id']}").json()["formResponse"] == {**ada(), "Source": "newsletter"}
    # By site; null removes the value; an empty update changes nothing.
    r = c.patch(f"/sites/{world.site_id}/form_submissions/{sub['id']}", json={"formSubmissionData": {"Source": None}})
    assert r.status_code == 200 and r.json()["formResponse"] == ada()
    assert c.patch(f"/form_submissions/{sub['id']}", json={}).json()["formResponse"] == ada()
    by_site = sdk.sites.forms.update_submission(world.site_id, sub["id"], form_submission_data={"Source": "x"})
    assert by_site.form_response == {**ada(), "Source": "x"}
    assert sdk.sites.forms.get_submission(world.site_id, sub["id"]).form_response == {**ada(), "Source": "x"}


def test_delete_submission_and_by_site_variants(world: World) -> None:
    form = make_form(world)
    s1, s2 = submit(world, form, ada(1)), submit(world, form, ada(2))
    other_sub = submit(world, make_form(world, site_id=world.other_site_id), ada(3))
    sdk = world.sdk()
    sdk.forms.delete_submission(s1["id"])
    err(world.http().get(f"/form_submissions/{s1['id']}"), 404, "resource_not_found")
    err(world.http().delete(f"/form_submissions/{s1['id']}"), 404, "resource_not_found")
    # Another site's submission: 403 for this site's token; 404 under this site for a workspace token.
    err(world.http().get(f"/form_submissions/{other_sub['id']}"), 403, "forbidden")
    ws = world.http(WORKSPACE)
    err(ws.get(f"/sites/{world.site_id}/form_submissions/{other_sub['id']}"), 404, "resource_not_found")
    err(ws.delete(f"/sites/{world.site_id}/form_submissions/{other_sub['id']}"), 404, "resource_not_found")
    err(ws.patch(f"/sites/{world.site_id}/form_submissions/{other_sub['id']}", json={}), 404, "resource_not_found")
    assert ws.get(f"/form_submissions/{other_sub['id']}").status_code == 200
    sdk.sites.forms.delete_submission(world.site_id, s2["id"])
    assert world.http().get(f"/forms/{form['id']}/submissions").json()["formSubmissions"] == []
    assert world.http(OTHER_SITE).get(f"/form_submissions/{other_sub['id']}").status_code == 200


def test_forms_require_republish(world: World) -> None:
    form = make_form(world)
    sub = submit(world, form, {**ada(), "Source": "a"})
    admin, c = world.admin(), world.http()
    r = admin.put(f"/sites/{world.site_id}/forms_republish", json={"required": True})
    assert r.status_code == 200 and r.json() == {"siteId": world.site_id, "required": True}
    body = err(c.get(f"/sites/{world.site_id}/forms"), 409, "forms_require_republish")
    assert body["message"] == "To access this feature, the site needs to be republished."
    err(c.patch(f"/form_submissions/{sub['id']}", json={"formSubmissionData": {"Source": "b"}}), 409,
        "forms_require_republish")
    err(c.delete(f"/sites/{world.site_id}/form_submissions/{sub['id']}"), 409, "forms_require_republish")
    err(c.delete(f"/form_submissions/{sub['id']}"), 409, "forms_require_republish")
    assert c.get(f"/form_submissions/{sub['id']}").json()["formResponse"]["Source"] == "a"
    # The other site is not concerned; a control-plane body must say true or false.
    assert world.http(OTHER_SITE).get(f"/sites/{world.other_site_id}/forms").status_code == 200
    err(admin.put(f"/sites/{world.site_id}/forms_republish", json={"required": "yes"}), 400, "validation_error")
    err(admin.put(f"/sites/{ZERO_ID}/forms_republish", json={"required": True}), 404, "resource_not_found")
    assert admin.put(f"/sites/{world.site_id}/forms_republish", json={"required": False}).status_code == 200
    assert c.get(f"/sites/{world.site_id}/forms").status_code == 200
    assert c.delete(f"/form_submissions/{sub['id']}").status_code == 204


# -- seeds and the demo ------------------------------------------------------------------------------
def test_seed_section_forms_with_submissions(world: World) -> None:
    seed = {"reset": False, "workspaces": [{"displayName": "Forms WS", "slug": "forms-ws", "sites": [{
        "displayName": "Forms Site",
        "locales": {"primary": {"displayName": "English", "tag": "en"},
                    "secondary": [{"displayName": "French", "tag": "fr-FR", "subdirectory": "fr"}]},
        "tokens": [{"value": "9" * 64, "scopes": "all"}],
        "forms": [{**CONTACT, "submissions": [
            {"data": ada(1), "dateSubmitted": "2024-01-02T03:04:05.678Z"},
            {"data": ada(2), "localeId": "fr-FR"},
        ]}],
    }]}]}
    r = world.admin().post("/seed", json=seed)
    assert r.status_code == 201, r.text
    out = r.json()
    [form] = out["forms"]
    assert [s["formResponse"]["Name"] for s in form["submissions"]] == ["Ada 1", "Ada 2"]
    assert form["submissions"][0]["dateSubmitted"] == "2024-01-02T03:04:05.678Z"
    c = world.http("9" * 64)
    listed = c.get(f"/forms/{form['id']}/submissions").json()["formSubmissions"]
    assert [s["id"] for s in listed] == [s["id"] for s in form["submissions"]]
    assert listed[1]["localeId"] == out["sites"][0]["locales"]["secondary"][0]["id"]
    # A bad entry fails the whole seed, and says where.
    bad = {"reset": False, "workspaces": [{"displayName": "Bad", "slug": "bad-ws", "sites": [{
        "displayName": "Bad Site", "forms": [{**CONTACT, "submissions": [{"data": {"Email": "nope"}}]}]}]}]}
    body = err(world.admin().post("/seed", json=bad), 400, "validation_error")
    assert body["details"][0]["param"] == "forms.0.submissions.0.data.Email"
    assert "Bad Site" not in [s["displayName"] for s in world.admin().get("/sites").json()["sites"]]


def test_demo_world_has_the_contact_form(world: World) -> None:
    from webflow_local.demo import demo_seed

    r = world.admin().post("/seed", json={**demo_seed(), "reset": True})
    assert r.status_code == 201, r.text
    site = r.json()["sites"][0]
    [form] = r.json()["forms"]
    token = world.admin().post("/tokens", json={"siteId": site["id"], "scopes": "all"}).json()["token"]
    c = world.http(token)
    forms = c.get(f"/sites/{site['id']}/forms").json()["forms"]
    assert [(f["displayName"], f["pageName"]) for f in forms] == [("Contact", "Contact")]
    assert [(v["displayName"], v["type"]) for v in forms[0]["fields"].values()] == [
        ("Name", "Plain"), ("Email", "Email"), ("Message", "Plain")]
    subs = c.get(f"/sites/{site['id']}/form_submissions").json()["formSubmissions"]
    assert len(subs) == 2 and all(s["formId"] == form["id"] for s in subs)


def test_a_form_names_a_real_page_by_slug(world: World) -> None:
    """The pages family's "page_by_slug" hook: a form on a page's slug gets that page's id and title, in a
    seed (pages are seeded before forms whatever the order of the keys) and through the control plane."""
    seed = {"reset": True, "workspaces": [{"displayName": "W", "sites": [{
        "displayName": "S", "tokens": [{"value": FULL, "scopes": "all"}],
        "forms": [{"displayName": "Contact", "page": "get-in-touch", "fields": [{"displayName": "Name"}]}],
        "pages": [{"title": "Get in touch"}, {"title": "About us", "slug": "about"}],
    }]}]}
    r = world.admin().post("/seed", json=seed)
    assert r.status_code == 201, r.text
    out = r.json()
    site_id = out["sites"][0]["id"]
    page_ids = {p["slug"]: p["id"] for p in world.sdk().pages.list(site_id).model_dump(by_alias=True)["pages"]}
    [form] = out["forms"]
    assert form["pageId"] == page_ids["get-in-touch"] and form["pageName"] == "Get in touch"
    about = make_form(world, {"displayName": "Feedback", "page": "about", "fields": [{"displayName": "Name"}]},
                      site_id=site_id)
    got = world.sdk().forms.get(about["id"])
    assert got.page_id == page_ids["about"] and got.page_name == "About us"
    # A slug no page has keeps a generated page id, titled after the slug.
    other = make_form(world, {"displayName": "X", "page": "no-such-page", "fields": [{"displayName": "Name"}]},
                      site_id=site_id)
    assert other["pageId"] not in page_ids.values() and other["pageName"] == "No Such Page"


# -- webhooks ----------------------------------------------------------------------------------------
def test_form_submission_webhook_with_name_filter(world: World) -> None:
    contact = make_form(world)
    newsletter = make_form(world, {"displayName": "Newsletter", "page": "home",
                                   "fields": [{"displayName": "Email", "type": "Email"}]})
    sinks = {name: Sink(world.base, name) for name in ("forms-contact", "forms-news", "forms-all")}
    try:
        c = world.http()
        hooks = {}
        for name, filt in (("forms-contact", {"name": "Contact"}), ("forms-news", {"name": "Newsletter"}),
                           ("forms-all", None)):
            body: dict[str, Any] = {"triggerType": "form_submission", "url": sinks[name].url}
            if filt:
                body["filter"] = filt
            r = c.post(f"/sites/{world.site_id}/webhooks", json=body)
            assert r.status_code == 201, r.text
            hooks[name] = r.json()["id"]
        sub = submit(world, contact, {**ada(), "Source": "ad"}, localeId="fr-FR")
        [got] = sinks["forms-contact"].wait(1)
        assert len(sinks["forms-all"].wait(1)) == 1
        payload = httpx.Response(200, content=got["body"]).json()
        assert payload["triggerType"] == "form_submission"
        p = payload["payload"]
        fields = list(contact["fields"].values())
        assert p == {
            "name": "Contact", "siteId": world.site_id, "data": {**ada(), "Source": "ad"},
            "schema": [{"fieldName": f["displayName"], "fieldType": "FormTextInput",
                        "fieldElementId": p["schema"][i]["fieldElementId"]} for i, f in enumerate(fields)],
            "submittedAt": sub["dateSubmitted"], "id": sub["id"], "formId": contact["id"],
            "formElementId": contact["formElementId"], "localeId": sub["localeId"],
        }
        assert all(UUID.match(s["fieldElementId"]) for s in p["schema"])
        # Filtered out: the Newsletter webhook got nothing for a Contact submission (its outbox is empty).
        assert deliveries(world.base, hooks["forms-news"]) == []
        # A Newsletter submission goes to it (and to the unfiltered one), not to the Contact one.
        submit(world, newsletter, {"Email": "n@example.com"})
        [news] = sinks["forms-news"].wait(1)
        assert httpx.Response(200, content=news["body"]).json()["payload"]["name"] == "Newsletter"
        assert len(sinks["forms-all"].wait(2)) == 2
        assert len(deliveries(world.base, hooks["forms-contact"])) == 1
        # A refused submission sends nothing.
        err(world.admin().post(f"/sites/{world.site_id}/forms/{contact['id']}/submissions",
                               json={"data": {"Email": "bad"}}), 400, "validation_error")
        assert len(deliveries(world.base, hooks["forms-all"])) == 2
    finally:
        for s in sinks.values():
            s.close()


def test_scopes(world: World) -> None:
    form = make_form(world)
    sub = submit(world, form, ada())
    read_forms = world.admin().post("/tokens", json={"siteId": world.site_id, "scopes": "forms:read"}).json()["token"]
    c = world.http(read_forms)
    assert c.get(f"/forms/{form['id']}").status_code == 200
    assert c.get(f"/form_submissions/{sub['id']}").status_code == 200
    body = err(c.delete(f"/form_submissions/{sub['id']}"), 403, "missing_scopes")
    assert body["message"].endswith("forms:write")
    assert world.http(FULL).get(f"/form_submissions/{sub['id']}").status_code == 200
