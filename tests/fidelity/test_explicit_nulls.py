"""Unset optional keys are explicit null (webflow-behavior.md section 1), in every family: every GET operation
the server serves, under both prefixes, is called on a world holding a resource of every kind (the fuzz
playground's), and each key its spec response schema lists must be in the answer."""

from __future__ import annotations

from tests.support import spec_check
from tests.support.world import FULL, WORKSPACE, World
from tests.test_input_robustness import OPS_ALL, Playground, _url, playground  # noqa: F401 - a fixture

READS = [o for o in OPS_ALL if o.method == "GET" and o.path.startswith(("/v2/", "/beta/"))]
# Keys left out on purpose, each for a reason written in docs/deviations.md or the spec itself.
LEFT_OUT = {
    ("get-asset", "/folderId"): "the spec: present only in list responses",
    ("get-robots-txt", "/sitemap"): "deviations: the spec's sitemap is not nullable; left out when unset",
    ("get-site-custom-code", "/createdOn"): "deviations: no scripts applied, the spec's strings are not nullable",
    ("get-site-custom-code", "/lastUpdated"): "as createdOn",
    ("get-page-custom-code", "/createdOn"): "as for the site's custom code",
    ("get-page-custom-code", "/lastUpdated"): "as for the site's custom code",
}


def _expected(operation_id: str, key: str) -> bool:
    """A missing key that is a problem: not listed above, and not a field value (fieldData holds the fields
    that have a value, for products and SKUs as for every CMS item: deviations.md)."""
    return (operation_id, key) not in LEFT_OUT and "/fieldData/" not in key


def test_every_read_sends_every_key_its_schema_lists(world: World, playground: Playground) -> None:  # noqa: F811
    assert spec_check.available()
    clients = {(prefix, token): world.http(token, prefix=prefix, validate=False)
               for prefix in ("v2", "beta") for token in (FULL, WORKSPACE)}
    problems: dict[str, list[str]] = {}
    answered = []
    for op in READS:
        prefix, path = _url(op, playground)
        r = clients[(prefix, FULL)].get(path)
        if r.status_code == 403:  # a workspace operation (audit logs, workspace sites)
            r = clients[(prefix, WORKSPACE)].get(path)
        if r.status_code != 200 or not r.content:
            continue
        answered.append(op.name)
        missing = [k for k in spec_check.missing_in_response("GET", f"/{prefix}{path}", 200, r.json())
                   if _expected(op.name, k)]
        if missing:
            problems[f"{op.name} {prefix}"] = missing
    # Nearly every read answers on this world; a broken fixture must not pass by answering nothing.
    assert len(answered) >= 0.8 * len(READS), sorted({o.name for o in READS} - set(answered))
    assert not problems, "\n".join(f"{k}: {', '.join(v)}" for k, v in sorted(problems.items()))
