"""docs/compatibility.md matches the spec files, the routes the app registers and the committed record files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import gen_compat
import spec


@pytest.mark.skipif(spec.spec_dir() is None, reason="Webflow's OpenAPI files are not in ../shared/spec")
def test_compatibility_doc_is_fresh() -> None:
    expected = gen_compat.render()
    actual = gen_compat.TARGET.read_text() if gen_compat.TARGET.exists() else ""
    assert actual == expected, "docs/compatibility.md is stale: run python scripts/gen_compat.py"


@pytest.mark.skipif(spec.spec_dir() is None, reason="Webflow's OpenAPI files are not in ../shared/spec")
def test_records_name_spec_operations() -> None:
    """A record line that names no spec operation means a record file went stale or was edited by hand."""
    known = {(p, m, path) for p in spec.PREFIXES for m, path, _ in spec.operations(spec.load(p))}
    for client, seen in gen_compat.records().items():
        unknown = set(seen) - known
        assert not unknown, f"{client}: {sorted(unknown)}"
