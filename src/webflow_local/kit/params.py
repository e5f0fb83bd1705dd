"""Path id checks shared by every family."""

from __future__ import annotations

from webflow_local.errors import InvalidId
from webflow_local.kit.ids import is_object_id


def object_id(value: str) -> str:
    """A path id must look like Webflow's (24 hex); otherwise 400 'Provided ID is invalid'."""
    if not is_object_id(value):
        raise InvalidId()
    return value
