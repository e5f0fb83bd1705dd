"""Operations Webflow documents but its spec files lack, in spec_ops.OPERATIONS' shape: served under these
prefixes as if the spec listed them (webflow-behavior.md §5.8 names POST /collections/{id}/items/insert)."""

from typing import Final

from webflow_local.spec_ops import Op

EXTRA_OPERATIONS: Final[dict[str, dict[tuple[str, str], Op]]] = {}
