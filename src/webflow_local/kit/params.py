"""Path and query parameter checks shared by every family."""

from __future__ import annotations

from starlette.datastructures import QueryParams

from webflow_local.errors import InvalidId, ValidationFailed
from webflow_local.kit.ids import is_object_id


def object_id(value: str) -> str:
    """A path id must look like Webflow's (24 hex); otherwise 400 'Provided ID is invalid'."""
    if not is_object_id(value):
        raise InvalidId()
    return value


def int_query(q: QueryParams, name: str, default: int) -> int:
    """A non-negative integer query parameter (offset, limit); empty means the default."""
    raw = q.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationFailed.param(name, f"{name} must be an integer") from None
    if value < 0:
        raise ValidationFailed.param(name, f"{name} must not be negative")
    # The databases take 64-bit integers; any offset that large is past the end anyway (an empty page).
    return min(value, 2**63 - 1)


def page_limit(q: QueryParams, maximum: int) -> int:
    """`limit`: at most `maximum`; left out, empty or 0 means `maximum` (as Webflow's lists answer)."""
    return min(int_query(q, "limit", maximum), maximum) or maximum


def sort_query(q: QueryParams, allowed: tuple[str, ...], default_order: str = "asc") -> tuple[str, bool]:
    """`sortBy` (one of `allowed`, the first by default) and whether `sortOrder` is desc."""
    sort_by = q.get("sortBy") or allowed[0]
    if sort_by not in allowed:
        raise ValidationFailed.param("sortBy", f"sortBy must be {' or '.join(allowed)}")
    order = q.get("sortOrder") or default_order
    if order not in {"asc", "desc"}:
        raise ValidationFailed.param("sortOrder", "sortOrder must be asc or desc")
    return sort_by, order == "desc"
