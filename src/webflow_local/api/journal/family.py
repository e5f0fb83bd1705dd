"""The request journal: not a Webflow API family, but built like one. The gateway hands each answered /v2 and
/beta request to the "answered" hooks; a "background" task writes them to `request_journal`; /_admin/requests
lists and clears them."""

from __future__ import annotations

from webflow_local.api.journal import service
from webflow_local.api.journal.admin_routes import router as admin_router
from webflow_local.api.journal.tables import request_journal
from webflow_local.kit.family import Family

FAMILY = Family(
    "journal",
    tables=(request_journal,),
    admin=admin_router,
    hooks={"answered": service.answered, "background": service.start_flusher, "reset": service.on_reset},
)
