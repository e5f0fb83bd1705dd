from __future__ import annotations

from pydantic import Field

from webflow_local.api.snapshots.tables import NAME_MAX
from webflow_local.kit.models import RequestModel

# A snapshot's name is a path segment of its routes and a CLI argument.
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


class SnapshotIn(RequestModel):
    name: str = Field(min_length=1, max_length=NAME_MAX, pattern=NAME_PATTERN)
    # Replace a snapshot of the same name instead of answering 409.
    replace: bool = False
