"""Forms family: a site's forms and their submissions. Forms come from the site, not from the Data API: the
control plane and seed files (`forms` of a site) make them, and a visitor's submission arrives through
`POST /_admin/sites/{site_id}/forms/{form_id}/submissions`, firing `form_submission` webhooks.

A form's page is looked up through a "page_by_slug" hook `(ctx, site_id, slug) -> {"id", "title"} | None`
when a family declares one (the pages family); otherwise the slug is kept with a generated page id.
`webflow-local export` writes the `forms` and `formsRepublish` keys from Data API reads (export.py)."""

from __future__ import annotations

from webflow_local.api.forms import export, service
from webflow_local.api.forms.admin_routes import router as admin_router
from webflow_local.api.forms.schemas import FormSeed, RepublishIn, SubmissionPatch
from webflow_local.api.forms.tables import form_sites, form_submissions, forms
from webflow_local.kit.family import Family, Op, SeedSection

FAMILY = Family(
    "forms",
    operations=(
        Op("list-forms", lambda ctx, c: service.list_forms(ctx, c.path["site_id"], c.query)),
        Op("get-form-schema", lambda ctx, c: service.get_form_schema(ctx, c.path["form_id"])),
        # Two v2 paths share this operationId: /forms/{form_id}/submissions and
        # /sites/{site_id}/forms/{form_id}/submissions.
        Op("list-submissions", lambda ctx, c: service.list_submissions(ctx, c.path, c.query)),
        Op("list-submissions-by-site",
           lambda ctx, c: service.list_submissions_by_site(ctx, c.path["site_id"], c.query)),
        Op("get-form-submission", lambda ctx, c: service.get_submission(ctx, c.path["form_submission_id"])),
        Op("modify-form-submission",
           lambda ctx, c: service.modify_submission(ctx, c.path["form_submission_id"], c.body), body=SubmissionPatch),
        Op("delete-form-submission", lambda ctx, c: service.delete_submission(ctx, c.path["form_submission_id"])),
        Op("get-form-submission-by-site",
           lambda ctx, c: service.get_submission(ctx, c.path["form_submission_id"], c.path["site_id"])),
        Op("modify-form-submission-by-site",
           lambda ctx, c: service.modify_submission(ctx, c.path["form_submission_id"], c.body, c.path["site_id"]),
           body=SubmissionPatch),
        Op("delete-form-submission-by-site",
           lambda ctx, c: service.delete_submission(ctx, c.path["form_submission_id"], c.path["site_id"])),
    ),
    tables=(forms, form_submissions, form_sites),
    owners={"form_id": service.visible_form, "form_submission_id": service.visible_submission},
    triggers=(service.TRIGGER,),
    seed=(SeedSection("forms", FormSeed, service.seed_forms, after=("pages",), export=export.export_forms),
          # `formsRepublish: {required: true}`: the site's forms need a republish (as PUT forms_republish).
          SeedSection("formsRepublish", RepublishIn, service.seed_republish, after=("forms",), single=True,
                      export=export.export_republish)),
    admin=admin_router,
)
