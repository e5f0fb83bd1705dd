"""Forms in `webflow-local export`: a seed keeps the ids and dates it gives (form, fields, page, element, site
domain, submissions), refuses an id that exists or repeats with nothing written, and takes a hidden field's
value as modify-form-submission stored it; the export carries the forms, their submissions and the
"needs a republish" state, and seeding it answers the same reads."""

from __future__ import annotations

from typing import Any

import yaml

from tests.export.cli import in_process
from tests.forms.test_forms import ada, field_id, make_form, submit
from tests.support.wire import err
from tests.support.world import FULL, World
from tests.test_foundation import row_counts
from webflow_local.transfer.world import export_world

FORM, PAGE, DOMAIN = "aa" * 12, "ab" * 12, "ac" * 12
FIELD_NAME, FIELD_SECRET = "ad" * 12, "ae" * 12
SUB_1, SUB_2 = "af" * 12, "b0" * 12
ELEMENT = "0d6a2f3e-1b2c-4d5e-8f90-a1b2c3d4e5f6"
TOKEN = "9" * 64


def _site(forms: list[dict[str, Any]], slug: str = "ids-ws") -> dict[str, Any]:
    """A workspace with one site and these forms (the site's token only in the first such workspace)."""
    tokens = [{"value": TOKEN, "scopes": "all"}] if slug == "ids-ws" else []
    return {"reset": False, "workspaces": [{"displayName": "Ids", "slug": slug, "sites": [{
        "displayName": "Ids Site", "tokens": tokens,
        "locales": {"primary": {"displayName": "English", "tag": "en"},
                    "secondary": [{"displayName": "French", "tag": "fr-FR", "subdirectory": "fr"}]},
        "forms": forms}]}]}


def _form(**extra: Any) -> dict[str, Any]:
    return {"id": FORM, "displayName": "Signup", "page": "signup", "pageId": PAGE, "pageName": "Sign up",
            "formElementId": ELEMENT, "siteDomainId": DOMAIN, "createdOn": "2024-01-01T00:00:00.000Z",
            "lastUpdated": "2024-02-01T00:00:00.000Z",
            "fields": [{"id": FIELD_NAME, "displayName": "Name"},
                       {"id": FIELD_SECRET, "displayName": "Ref", "userVisible": False}], **extra}


def test_a_seed_keeps_the_ids_and_dates_it_gives(world: World) -> None:
    r = world.admin().post("/seed", json=_site([_form(submissions=[
        # Listed by date: the second entry comes first.
        {"id": SUB_1, "data": {"Name": "Ada", "Ref": 42}, "dateSubmitted": "2024-03-02T00:00:00.000Z"},
        {"id": SUB_2, "data": {"Name": "Zoé", "Ref": True}, "localeId": "fr-FR",
         "dateSubmitted": "2024-03-01T00:00:00.000Z"},
        {"data": {"Name": "No id"}},
    ])]))
    assert r.status_code == 201, r.text
    site = r.json()["sites"][0]
    c = world.http(TOKEN)
    form = c.get(f"/forms/{FORM}").json()
    assert (form["pageId"], form["pageName"], form["formElementId"], form["siteDomainId"]) == (
        PAGE, "Sign up", ELEMENT, DOMAIN)
    assert (form["createdOn"], form["lastUpdated"]) == ("2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z")
    assert list(form["fields"]) == [FIELD_NAME, FIELD_SECRET]
    subs = c.get(f"/sites/{site['id']}/form_submissions").json()["formSubmissions"]
    assert [s["id"] for s in subs[:2]] == [SUB_2, SUB_1] and subs[2]["id"] not in (SUB_1, SUB_2)
    # A hidden field takes any value in a seed, as modify-form-submission stores them.
    assert subs[1]["formResponse"] == {"Name": "Ada", "Ref": 42} and subs[1]["dateSubmitted"].startswith("2024-03-02")
    assert subs[0]["localeId"] == site["locales"]["secondary"][0]["id"]


def test_an_id_that_exists_or_repeats_is_refused_and_nothing_written(world: World, database_url: str) -> None:
    admin = world.admin()
    before = row_counts(database_url)
    twice = [{"id": SUB_1, "data": {"Name": "A"}}, {"id": SUB_1, "data": {"Name": "B"}}]
    err(admin.post("/seed", json=_site([_form(submissions=twice)])), 409, "conflict")
    assert row_counts(database_url) == before
    # Visible fields are still checked as a visitor's; ids must be ObjectIds.
    body = err(admin.post("/seed", json=_site([_form(submissions=[{"id": SUB_1, "data": {"Name": 1}}])])), 400,
               "validation_error")
    assert body["details"][0]["param"] == "forms.0.submissions.0.data.Name"
    err(admin.post("/seed", json=_site([_form(siteDomainId="nope")])), 400, "validation_error")
    err(admin.post("/seed", json=_site([_form(submissions=[{"id": "nope", "data": {}}])])), 400, "validation_error")
    assert row_counts(database_url) == before
    assert admin.post("/seed", json=_site([_form(submissions=[{"id": SUB_1, "data": {"Name": "A"}}])])
                      ).status_code == 201
    after = row_counts(database_url)
    # The same form again, or a new form with a submission id that exists: 409, nothing more written.
    err(admin.post("/seed", json=_site([_form()], slug="again")), 409, "conflict")
    other = {**_form(), "id": "b1" * 12, "submissions": [{"id": SUB_1, "data": {"Name": "A"}}]}
    err(admin.post("/seed", json=_site([other], slug="again")), 409, "conflict")
    assert row_counts(database_url) == after


def _form_reads(world: World, token: str, site_id: str) -> dict[str, Any]:
    c = world.http(token)
    subs = c.get(f"/sites/{site_id}/form_submissions").json()["formSubmissions"]
    out: dict[str, Any] = {"site submissions": subs}
    for form_id in dict.fromkeys(s["formId"] for s in subs):
        out[form_id] = [c.get(f"/forms/{form_id}").json(),
                        c.get(f"/forms/{form_id}/submissions").json()["formSubmissions"]]
    out["list"] = [c.get(f"/sites/{site_id}/forms").status_code]
    return out


def test_the_export_carries_forms_submissions_and_the_republish_state(world: World, database_url: str) -> None:
    contact = make_form(world)
    unused = make_form(world, {"displayName": "Unused", "page": "contact", "fields": [{"displayName": "Name"}]})
    s1 = submit(world, contact, ada(1))
    submit(world, contact, {"Name": "Zoé"}, localeId="fr-FR")
    c = world.http()
    assert c.patch(f"/form_submissions/{s1['id']}", json={"formSubmissionData": {"Source": 7}}).status_code == 200
    admin = world.admin()
    assert admin.put(f"/sites/{world.site_id}/forms_republish", json={"required": True}).status_code == 200
    before = _form_reads(world, FULL, world.site_id)
    assert before["list"] == [409]

    exported = in_process(database_url, lambda ctx: export_world(ctx, world.site_id))
    site = exported["workspaces"][0]["sites"][0]
    assert site["formsRepublish"] == {"required": True}
    # While list-forms answers 409 the forms are found through their submissions: a form without any is not.
    [form] = site["forms"]
    assert unused["id"] not in yaml.safe_dump(site["forms"])
    assert form["id"] == contact["id"] and [f["id"] for f in form["fields"]] == list(contact["fields"])
    assert form["fields"][1] == {"id": field_id(contact, "Email"), "displayName": "Email", "type": "Email",
                                 "placeholder": "you@example.com", "userVisible": True}
    assert len(form["submissions"]) == 2 and form["submissions"][0]["id"] == s1["id"]
    assert form["submissions"][0]["data"]["Source"] == 7 and form["submissions"][1]["localeId"] == "fr-FR"

    assert admin.post("/reset", json={}).status_code == 200
    site["tokens"] = [{"value": FULL, "scopes": "all"}]
    r = admin.post("/seed", json=exported)
    assert r.status_code == 201, r.text
    assert _form_reads(world, FULL, world.site_id) == before
