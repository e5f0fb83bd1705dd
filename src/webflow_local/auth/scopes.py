"""Scopes as the spec names them, normalised: case-insensitive, and `page:*` is OAuth's `pages:*`."""

from __future__ import annotations

from webflow_local.spec_ops import OAUTH_SCOPES, OPERATIONS


def normalise(scope: str) -> str:
    s = scope.strip().lower()
    if s.startswith("page:"):
        s = "pages:" + s[len("page:") :]
    return s


def all_scopes() -> tuple[str, ...]:
    found = {normalise(s) for s in OAUTH_SCOPES}
    for ops in OPERATIONS.values():
        for _op_id, scopes, _status in ops.values():
            found.update(normalise(s) for s in scopes)
    return tuple(sorted(found))


def parse(scopes: str | list[str]) -> list[str]:
    """`all`, a comma string or a list -> sorted normalised scopes; unknown ones raise ValueError."""
    items = scopes.split(",") if isinstance(scopes, str) else scopes
    known = set(all_scopes())
    out: set[str] = set()
    for raw in items:
        s = normalise(raw)
        if not s:
            continue
        if s == "all":
            out.update(known)
            continue
        if s not in known:
            raise ValueError(f"unknown scope {raw!r}")
        out.add(s)
    return sorted(out)
