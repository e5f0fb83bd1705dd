"""Operations Webflow documents but its spec files lack, in spec_ops.OPERATIONS' shape: served under these
prefixes as if the spec listed them (webflow-behavior.md §5.8 names POST /collections/{id}/items/insert).
The operationId is ours (the docs give none); docs/compatibility.md lists these as documented, not specified."""

from typing import Final

from webflow_local.spec_ops import Op

_INSERT: Final[dict[tuple[str, str], Op]] = {
    ("POST", "/collections/{collection_id}/items/insert"): ("insert-items", ("cms:write",), 202),
}

EXTRA_OPERATIONS: Final[dict[str, dict[tuple[str, str], Op]]] = {"v2": dict(_INSERT), "beta": dict(_INSERT)}
