"""Requests (the control plane's form definitions and visitor submissions, the Data API's submission
update) and the wire shapes of forms and submissions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints
from sqlalchemy import Row

from webflow_local.kit.models import NotNull, RequestModel
from webflow_local.kit.timefmt import iso

FieldType = Literal["Plain", "Email", "Password", "Phone", "Number"]
# A value a visitor (or a hidden-field update) may send; strings are bounded like a long textarea.
Text = Annotated[str, StringConstraints(max_length=10_000)]
# Numbers within JavaScript's safe integers, like CMS Number values (docs/deviations.md).
SAFE = 2**53 - 1
Value = Text | Annotated[int, Field(ge=-SAFE, le=SAFE)] | Annotated[float, Field(ge=-SAFE, le=SAFE)] | bool
ObjectIdStr = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{24}$")]


class FormFieldIn(RequestModel):
    display_name: str = Field(alias="displayName", min_length=1, max_length=200)
    type: FieldType = "Plain"
    placeholder: str | None = Field(default=None, max_length=500)  # null: no placeholder
    # False: a hidden field (the only kind modify-form-submission may change).
    user_visible: bool = Field(default=True, alias="userVisible")
    id: Annotated[ObjectIdStr | None, NotNull] = None


class ResponseSettingsIn(RequestModel):
    redirect_url: str = Field(default="", alias="redirectUrl", max_length=2048)
    redirect_method: str | None = Field(default=None, alias="redirectMethod", max_length=16)
    redirect_action: str | None = Field(default=None, alias="redirectAction", max_length=200)
    send_email_confirmation: bool = Field(default=False, alias="sendEmailConfirmation")


class SubmissionIn(RequestModel):
    """A visitor's submission: field display name -> value; `localeId` a locale of the site (its id,
    cmsLocaleId or tag; the primary locale's is stored as null)."""

    data: dict[Annotated[str, StringConstraints(max_length=200)], Value] = Field(max_length=100)
    locale_id: Annotated[str | None, NotNull] = Field(default=None, alias="localeId", max_length=64)


class SubmissionSeed(SubmissionIn):
    date_submitted: Annotated[str | None, NotNull] = Field(default=None, alias="dateSubmitted", max_length=64)
    id: Annotated[ObjectIdStr | None, NotNull] = None


class FormIn(RequestModel):
    display_name: str = Field(alias="displayName", min_length=1, max_length=200)
    page: str = Field(min_length=1, max_length=200, pattern=r"^[a-z0-9_-]+$")  # the page's slug
    page_name: Annotated[str | None, NotNull] = Field(default=None, alias="pageName", min_length=1, max_length=200)
    page_id: Annotated[ObjectIdStr | None, NotNull] = Field(default=None, alias="pageId")
    form_element_id: Annotated[str | None, NotNull] = Field(
        default=None, alias="formElementId", min_length=1, max_length=64
    )
    fields: list[FormFieldIn] = Field(default_factory=list, max_length=100)
    response_settings: Annotated[ResponseSettingsIn | None, NotNull] = Field(default=None, alias="responseSettings")
    id: Annotated[ObjectIdStr | None, NotNull] = None
    # Default the site's first custom domain (a new id when it has none).
    site_domain_id: Annotated[ObjectIdStr | None, NotNull] = Field(default=None, alias="siteDomainId")
    # ISO 8601, default now; lastUpdated defaults to createdOn (an export carries both, and the list's order).
    created_on: Annotated[str | None, NotNull] = Field(default=None, alias="createdOn", max_length=64)
    last_updated: Annotated[str | None, NotNull] = Field(default=None, alias="lastUpdated", max_length=64)


class FormSeed(FormIn):
    submissions: list[SubmissionSeed] = Field(default_factory=list, max_length=1000)


class RepublishIn(RequestModel):
    required: bool


class SubmissionPatch(RequestModel):
    form_submission_data: Annotated[dict[Annotated[str, StringConstraints(max_length=200)], Value | None] | None,
                                    NotNull] = Field(default=None, alias="formSubmissionData", max_length=100)


def form_wire(row: Row[Any]) -> dict[str, Any]:
    return {
        "id": row.id,
        "displayName": row.display_name,
        "createdOn": iso(row.created_on),
        "lastUpdated": iso(row.last_updated),
        "fields": {
            f["id"]: {"displayName": f["displayName"], "type": f["type"], "placeholder": f["placeholder"],
                      "userVisible": f["userVisible"]}
            for f in row.fields
        },
        "responseSettings": row.response_settings,
        "siteId": row.site_id,
        "siteDomainId": row.site_domain_id,
        "pageId": row.page_id,
        "pageName": row.page_name,
        "formElementId": row.form_element_id,
        "workspaceId": row.workspace_id,
    }


def ordered_response(fields: list[dict[str, Any]], response: dict[str, Any]) -> dict[str, Any]:
    """The submitted values in the form's field order (JSONB does not keep an object's key order)."""
    out = {f["displayName"]: response[f["displayName"]] for f in fields if f["displayName"] in response}
    return out | {k: v for k, v in response.items() if k not in out}


def submission_wire(row: Row[Any]) -> dict[str, Any]:
    """A submission row joined with its form (display_name, workspace_id, fields)."""
    return {
        "id": row.id,
        "formId": row.form_id,
        "displayName": row.display_name,
        "siteId": row.site_id,
        "workspaceId": row.workspace_id,
        "dateSubmitted": iso(row.date_submitted),
        "formResponse": ordered_response(row.fields, row.response),
        "localeId": row.locale_id,
    }
