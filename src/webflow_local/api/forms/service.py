"""Forms and their submissions: the Data API's reads, hidden-field updates and deletes; the control plane's
forms (as the Designer would make them) and visitor submissions, which fire `form_submission` webhooks."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from starlette.datastructures import QueryParams

from webflow_local import events
from webflow_local.api.forms.repository import FormRepository
from webflow_local.api.forms.schemas import (
    FormIn,
    FormSeed,
    RepublishIn,
    SubmissionIn,
    SubmissionPatch,
    SubmissionSeed,
    form_wire,
    ordered_response,
    submission_wire,
)
from webflow_local.api.sites.service import visible_site
from webflow_local.context import Ctx
from webflow_local.errors import Conflict, NotFound, ValidationFailed
from webflow_local.kit.params import int_query, object_id, page_limit
from webflow_local.kit.timefmt import iso, parse_iso
from webflow_local.kit.validate import params_under
from webflow_local.kit.wire import pagination

MAX_LIMIT = 100
TRIGGER = "form_submission"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9(][0-9 ().-]{2,30}$")
NUMBER = re.compile(r"^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")
# What a form field is in the webhook's `schema` list (the spec's enum has no finer kind for these types).
FIELD_ELEMENT = "FormTextInput"


class FormsRequireRepublish(Conflict):
    code, default_message = "forms_require_republish", "To access this feature, the site needs to be republished."


def _element_id(kind: str, object_id_: str) -> str:
    """Form elements have UUIDs; derived from the ObjectId so seeded ids (/_admin/ids) stay deterministic."""
    return str(uuid.UUID(bytes=hashlib.md5(f"{kind}:{object_id_}".encode()).digest()))


def _page_size(q: QueryParams) -> tuple[int, int]:
    offset = int_query(q, "offset", 0)
    limit = page_limit(q, MAX_LIMIT)
    return offset, limit


def _require_published_forms(ctx: Ctx, site_id: str) -> None:
    if FormRepository(ctx.conn).republish_required(site_id):
        raise FormsRequireRepublish()


# -- owner lookups -----------------------------------------------------------------------------------
def visible_form(ctx: Ctx, form_id: str) -> Row[Any]:
    """The form, when it exists (else 404) and the caller may use its site (else 403)."""
    row = FormRepository(ctx.conn).get_form(object_id(form_id))
    if row is None:
        raise NotFound.of("Form not found")
    ctx.principal.ensure_site(row.site_id, row.workspace_id)
    return row


def visible_submission(ctx: Ctx, submission_id: str) -> Row[Any]:
    """The submission (joined with its form), when it exists (else 404) and the caller may use its site."""
    row = FormRepository(ctx.conn).get_submission(object_id(submission_id))
    if row is None:
        raise NotFound.of("Form submission not found")
    ctx.principal.ensure_site(row.site_id, row.workspace_id)
    return row


def _submission_on(ctx: Ctx, submission_id: str, site_id: str | None) -> Row[Any]:
    """The by-site variants: a submission of another site is not found on this one."""
    row = visible_submission(ctx, submission_id)
    if site_id is not None and row.site_id != visible_site(ctx, site_id).id:
        raise NotFound.of("Form submission not found")
    return row


# -- Data API ----------------------------------------------------------------------------------------
def list_forms(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    site = visible_site(ctx, site_id)
    _require_published_forms(ctx, site.id)
    offset, limit = _page_size(q)
    rows, total = FormRepository(ctx.conn).forms_page(site.id, offset, limit)
    return {"forms": [form_wire(r) for r in rows], "pagination": pagination(limit, offset, total)}


def get_form_schema(ctx: Ctx, form_id: str) -> dict[str, Any]:
    return form_wire(visible_form(ctx, form_id))


def list_submissions(ctx: Ctx, path: Mapping[str, str], q: QueryParams) -> dict[str, Any]:
    """`/forms/{form_id}/submissions` and `/sites/{site_id}/forms/{form_id}/submissions` (one operationId):
    one form's submissions; each instance of a form inside a component is a form of its own."""
    form = visible_form(ctx, path["form_id"])
    if "site_id" in path and form.site_id != visible_site(ctx, path["site_id"]).id:
        raise NotFound.of("Form not found")
    offset, limit = _page_size(q)
    rows, total = FormRepository(ctx.conn).submissions_of_form(form.id, offset, limit)
    return {"formSubmissions": [submission_wire(r) for r in rows], "pagination": pagination(limit, offset, total)}


def list_submissions_by_site(ctx: Ctx, site_id: str, q: QueryParams) -> dict[str, Any]:
    """The site's submissions; `elementId` keeps those of the forms with that formElementId, which merges
    the instances of a form used in a component."""
    site = visible_site(ctx, site_id)
    element_id = q.get("elementId") or None
    if element_id is not None and len(element_id) > 64:
        raise ValidationFailed.param("elementId", "elementId is at most 64 characters")
    offset, limit = _page_size(q)
    rows, total = FormRepository(ctx.conn).submissions_of_site(site.id, element_id, offset, limit)
    return {"formSubmissions": [submission_wire(r) for r in rows], "pagination": pagination(limit, offset, total)}


def get_submission(ctx: Ctx, submission_id: str, site_id: str | None = None) -> dict[str, Any]:
    return submission_wire(_submission_on(ctx, submission_id, site_id))


def modify_submission(ctx: Ctx, submission_id: str, body: SubmissionPatch,
                      site_id: str | None = None) -> dict[str, Any]:
    """Sets hidden fields (userVisible false) only; a null value removes the field's value."""
    row = _submission_on(ctx, submission_id, site_id)
    _require_published_forms(ctx, row.site_id)
    changes = body.form_submission_data or {}
    hidden = {f["displayName"] for f in row.fields if not f["userVisible"]}
    problems = [{"param": f"formSubmissionData.{k}",
                 "description": f"'{k}' is not a hidden field of the form '{row.display_name}'"}
                for k in changes if k not in hidden]
    if problems:
        raise ValidationFailed(details=problems)
    if changes:
        response = dict(row.response)
        for k, v in changes.items():
            if v is None:
                response.pop(k, None)
            else:
                response[k] = v
        repo = FormRepository(ctx.conn)
        repo.set_response(row.id, response)
        updated = repo.get_submission(row.id)
        assert updated is not None
        row = updated
    return submission_wire(row)


def delete_submission(ctx: Ctx, submission_id: str, site_id: str | None = None) -> None:
    row = _submission_on(ctx, submission_id, site_id)
    _require_published_forms(ctx, row.site_id)
    FormRepository(ctx.conn).delete_submission(row.id)


# -- control plane and seeds (the site as the control plane renders it) -------------------------------
def _title(slug: str) -> str:
    return " ".join(w.capitalize() for w in re.split(r"[-_]+", slug) if w) or slug


def _page(ctx: Ctx, site_id: str, body: FormIn) -> tuple[str, str]:
    """The form's page id and name: given; else the pages family's page with that slug (its
    "page_by_slug" hook, when a family declares one); else the one other forms on that slug have; else new."""
    name = body.page_name
    if body.page_id:
        return body.page_id, name or _title(body.page)
    for find in ctx.hooks("page_by_slug"):
        page = find(ctx, site_id, body.page)
        if page:
            return str(page["id"]), name or str(page.get("title") or _title(body.page))
    known = FormRepository(ctx.conn).page_of(site_id, body.page)
    if known is not None:
        return known.page_id, name or known.page_name
    return ctx.new_id(), name or _title(body.page)


def create_form(ctx: Ctx, site: dict[str, Any], body: FormIn) -> dict[str, Any]:
    names = [f.display_name for f in body.fields]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValidationFailed.param("fields", f"Field names must be unique in a form: '{dupes[0]}' repeats")
    repo = FormRepository(ctx.conn)
    form_id = body.id or ctx.new_id()
    if repo.get_form(form_id) is not None:
        raise Conflict(details=[{"param": "id", "description": f"A form with the id '{form_id}' exists"}])
    field_ids = [f.id or ctx.new_id() for f in body.fields]
    if len(set(field_ids)) != len(field_ids):
        raise ValidationFailed.param("fields", "Field ids must be unique in a form")
    page_id, page_name = _page(ctx, site["id"], body)
    domains = site.get("customDomains") or []
    settings = body.response_settings
    created = _time(ctx, body.created_on, "createdOn")
    updated = _time(ctx, body.last_updated, "lastUpdated") if body.last_updated else created
    repo.insert_form({
        "id": form_id, "site_id": site["id"], "workspace_id": site["workspaceId"],
        "display_name": body.display_name, "page_id": page_id, "page_slug": body.page, "page_name": page_name,
        "site_domain_id": body.site_domain_id or (domains[0]["id"] if domains else ctx.new_id()),
        "form_element_id": body.form_element_id or _element_id("form", form_id),
        "fields": [{"id": fid, "elementId": _element_id("field", fid), "displayName": f.display_name,
                    "type": f.type, "placeholder": f.placeholder, "userVisible": f.user_visible}
                   for fid, f in zip(field_ids, body.fields, strict=True)],
        "response_settings": {
            "redirectUrl": settings.redirect_url if settings else "",
            "redirectMethod": settings.redirect_method if settings else None,
            "redirectAction": settings.redirect_action if settings else None,
            "sendEmailConfirmation": settings.send_email_confirmation if settings else False,
        },
        "created_on": created, "last_updated": updated,
    })
    row = repo.get_form(form_id)
    assert row is not None
    return form_wire(row)


def _locale(site: dict[str, Any], ref: str | None) -> str | None:
    """A locale of the site by id, cmsLocaleId or tag -> its id; the primary locale (or none) -> None."""
    if ref is None:
        return None
    locs = site.get("locales") or {}
    primary = locs.get("primary")
    for loc in ([primary] if primary else []) + list(locs.get("secondary") or []):
        if ref in (loc["id"], loc["cmsLocaleId"], loc["tag"]):
            return None if loc is primary else str(loc["id"])
    raise ValidationFailed.param("localeId", f"'{ref}' is not a locale of the site")


def _check_data(fields: list[dict[str, Any]], data: Mapping[str, Any], form_name: str,
                stored: bool = False) -> list[dict[str, str]]:
    """Every problem with a visitor's values, by the form's field types. `stored`: values as a seed (an
    export) gives them, where a hidden field may hold any value modify-form-submission set."""
    by_name = {f["displayName"]: f for f in fields}
    problems = []
    for name, value in data.items():
        param = f"data.{name}"
        field = by_name.get(name)
        if field is None:
            problems.append({"param": param, "description": f"'{name}' is not a field of the form '{form_name}'"})
        elif stored and not field["userVisible"]:
            continue
        elif field["type"] == "Number":
            if isinstance(value, bool) or not (isinstance(value, int | float)
                                               or (isinstance(value, str) and NUMBER.match(value))):
                problems.append({"param": param, "description": "must be a number"})
        elif not isinstance(value, str):
            problems.append({"param": param, "description": "must be a string"})
        elif field["type"] == "Email" and value and not EMAIL.match(value):
            problems.append({"param": param, "description": "must be a valid email address"})
        elif field["type"] == "Phone" and value and not PHONE.match(value):
            problems.append({"param": param, "description": "must be a valid phone number"})
    return problems


def _time(ctx: Ctx, value: str | None, param: str) -> datetime:
    """A seed's ISO-8601 time; now when not given."""
    if value is None:
        return ctx.now()
    try:
        return parse_iso(value)
    except ValueError:
        raise ValidationFailed.param(param, "must be an ISO-8601 timestamp") from None


def submit(ctx: Ctx, site: dict[str, Any], form_id: str, body: SubmissionIn) -> dict[str, Any]:
    """A visitor submits the form on the published site: validated against its fields, stored, and
    handed to the site's form_submission webhooks (those with a `name` filter for this form's name).
    A seed's submission (SubmissionSeed) may give its id and date, and hidden values as they were stored."""
    seeded = body if isinstance(body, SubmissionSeed) else None
    repo = FormRepository(ctx.conn)
    form = repo.get_form(form_id) if re.fullmatch(r"[0-9a-f]{24}", form_id) else None
    if form is None or form.site_id != site["id"]:
        raise NotFound.of("Form not found")
    problems = _check_data(form.fields, body.data, form.display_name, stored=seeded is not None)
    if problems:
        raise ValidationFailed(details=problems)
    locale_id = _locale(site, body.locale_id)
    when = _time(ctx, seeded.date_submitted if seeded else None, "dateSubmitted")
    sub_id = seeded.id if seeded and seeded.id else ctx.new_id()
    if seeded and seeded.id and repo.get_submission(sub_id) is not None:
        raise Conflict(details=[{"param": "id", "description": f"A form submission with the id '{sub_id}' exists"}])
    response = ordered_response(form.fields, dict(body.data))
    repo.insert_submission({"id": sub_id, "form_id": form.id, "site_id": form.site_id, "date_submitted": when,
                            "locale_id": locale_id, "response": response})

    def payloads() -> list[dict[str, Any]]:
        return [{
            "name": form.display_name, "siteId": form.site_id, "data": response,
            "schema": [{"fieldName": f["displayName"], "fieldType": FIELD_ELEMENT, "fieldElementId": f["elementId"]}
                       for f in form.fields],
            "submittedAt": iso(when), "id": sub_id, "formId": form.id, "formElementId": form.form_element_id,
            "localeId": locale_id,
        }]

    events.emit(ctx, form.site_id, TRIGGER, payloads)
    row = repo.get_submission(sub_id)
    assert row is not None
    return submission_wire(row)


def set_republish_required(ctx: Ctx, site: dict[str, Any], required: bool) -> dict[str, Any]:
    FormRepository(ctx.conn).set_republish_required(site["id"], required)
    return {"siteId": site["id"], "required": required}


def seed_republish(ctx: Ctx, site: dict[str, Any], entries: list[RepublishIn]) -> list[dict[str, Any]]:
    """The `formsRepublish` key of a site in seed files (one object)."""
    return [set_republish_required(ctx, site, e.required) for e in entries]


def seed_forms(ctx: Ctx, site: dict[str, Any], entries: list[FormSeed]) -> list[dict[str, Any]]:
    """The `forms` key of a site in seed files: each form, then its submissions."""
    out = []
    for i, entry in enumerate(entries):
        with params_under(f"forms.{i}."):
            form = create_form(ctx, site, entry)
        subs = []
        for j, s in enumerate(entry.submissions):
            with params_under(f"forms.{i}.submissions.{j}."):
                subs.append(submit(ctx, site, form["id"], s))
        out.append({**form, "submissions": subs})
    return out

