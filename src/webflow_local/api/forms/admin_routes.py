"""/_admin routes of the forms family: forms as the Designer makes them, a visitor's submission, and the
"forms need a republish" state of a site. Mounted under /_admin by create_app."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from webflow_local.admin import service as admin
from webflow_local.admin.routes import AdminCtx
from webflow_local.api.forms import service
from webflow_local.api.forms.schemas import FormIn, RepublishIn, SubmissionIn
from webflow_local.kit.wire import json_response

router = APIRouter(tags=["control plane: forms"])


@router.post("/sites/{site_id}/forms")
def create_form(ctx: AdminCtx, site_id: str, body: FormIn) -> Response:
    return json_response(service.create_form(ctx, admin.get_site(ctx, site_id), body), 201)


@router.post("/sites/{site_id}/forms/{form_id}/submissions")
def submit_form(ctx: AdminCtx, site_id: str, form_id: str, body: SubmissionIn) -> Response:
    return json_response(service.submit(ctx, admin.get_site(ctx, site_id), form_id, body), 201)


@router.put("/sites/{site_id}/forms_republish")
def set_forms_republish(ctx: AdminCtx, site_id: str, body: RepublishIn) -> Response:
    return json_response(service.set_republish_required(ctx, admin.get_site(ctx, site_id), body.required))
