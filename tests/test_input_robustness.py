"""Issue 10.5: no input answers 5xx. First each input that once did (each must be a 400 in Webflow's envelope
and write nothing), then a property-based pass over every request body, control-plane body and list query."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from pydantic import BaseModel

from tests.support import spec_check
from tests.support.strategies import NASTY, SchemaStrategies, dates_with_offsets, field_values, numbers
from tests.support.world import World
from webflow_local.api.items.schemas import ItemIn, ItemPatch, ItemsIn, ItemsPatch
from webflow_local.api.site_config import schemas as site_config
from webflow_local.api.webhooks.schemas import TRIGGER_TYPES, WebhookIn

ENVELOPE = ["message", "code", "externalReference", "details"]


def err(r: httpx.Response, status: int = 400, code: str = "validation_error") -> dict[str, Any]:
    assert r.status_code == status, (r.request.method, r.request.url, r.status_code, r.text)
    body: dict[str, Any] = r.json()
    assert list(body) == ENVELOPE and body["code"] == code, body
    return body


@pytest.fixture
def posts(world: World) -> dict[str, Any]:
    """A collection with a DateTime field and one item, staged and live."""
    coll = world.create_collection({"displayName": "Posts", "singularName": "Post",
                                    "fields": [{"type": "DateTime", "displayName": "When"}]})
    c = world.http()
    item = c.post(f"/collections/{coll['id']}/items/live",
                  json={"fieldData": {"name": "P", "slug": "p", "when": "2025-01-01T00:00:00Z"}})
    assert item.status_code == 202, item.text
    return {"id": coll["id"], "item": item.json()}


def _items_state(world: World, cid: str) -> Any:
    c = world.http()
    return [c.get(f"/collections/{cid}/items{stage}", params={"cmsLocaleId": ",".join(world.locales.values())}).json()
            for stage in ("", "/live")]


# -- the inputs that answered 500 -------------------------------------------------------------------
RANGE_QUERIES = [
    "createdOn[gt]=0001-01-01T00:00:00%2B01:00",
    "lastPublished[lt]=9999-12-31T23:59:59-01:00",
    "lastUpdated[gte]=0001-01-01T00:59:59.999%2B01:00",
    "createdOn[lte]=9999-12-31T23:00:00-01:01",
]


@pytest.mark.parametrize("prefix", ["v2", "beta"])
@pytest.mark.parametrize("stage", ["", "/live"])
def test_range_filter_beyond_utc_is_400(world: World, posts: dict[str, Any], prefix: str, stage: str) -> None:
    before = _items_state(world, posts["id"])
    c = world.http(prefix=prefix)
    for query in RANGE_QUERIES:
        body = err(c.get(f"/collections/{posts['id']}/items{stage}?{query}"))
        assert body["details"][0]["param"] == query.split("=")[0], body
    # The extreme instants themselves are fine.
    for query in ["createdOn[gt]=0001-01-01T00:00:00Z", "lastUpdated[lt]=9999-12-31T23:59:59.999Z",
                  "createdOn[gte]=0001-01-01T00:00:00-01:00"]:
        r = c.get(f"/collections/{posts['id']}/items{stage}?{query}")
        assert r.status_code == 200 and r.json()["pagination"]["total"] == 1, r.text
    assert _items_state(world, posts["id"]) == before


BAD_DATES = ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00.000+00:01"]


@pytest.mark.parametrize("value", BAD_DATES)
def test_datetime_value_beyond_utc_is_400(world: World, posts: dict[str, Any], value: str) -> None:
    cid, item_id = posts["id"], posts["item"]["id"]
    before = _items_state(world, cid)
    c = world.http()
    data = {"name": "Q", "slug": "q", "when": value}
    for r in [
        c.post(f"/collections/{cid}/items", json={"fieldData": data}),
        c.post(f"/collections/{cid}/items/live", json={"fieldData": data}),
        c.post(f"/collections/{cid}/items", json={"items": [{"fieldData": data}]}),
        c.post(f"/collections/{cid}/items/bulk", json={"cmsLocaleIds": [world.en, world.fr], "fieldData": data}),
        c.patch(f"/collections/{cid}/items/{item_id}", json={"fieldData": {"when": value}}),
        c.patch(f"/collections/{cid}/items/{item_id}/live", json={"fieldData": {"when": value}}),
        c.patch(f"/collections/{cid}/items", json={"items": [{"id": item_id, "fieldData": {"when": value}}]}),
    ]:
        body = err(r)
        assert "when" in json.dumps(body["details"]), body
    assert _items_state(world, cid) == before


def test_datetime_values_at_the_ends_of_time_are_kept(world: World, posts: dict[str, Any]) -> None:
    c = world.http()
    for i, (value, stored) in enumerate([("9999-12-31T23:59:59-00:00", "9999-12-31T23:59:59.000Z"),
                                         ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"),
                                         ("0001-01-01T00:00:00-01:00", "0001-01-01T01:00:00.000Z")]):
        r = c.post(f"/collections/{posts['id']}/items", json={"fieldData": {"name": "E", "slug": f"e{i}",
                                                                             "when": value}})
        assert r.status_code == 202 and r.json()["fieldData"]["when"] == stored, r.text
        assert c.get(f"/collections/{posts['id']}/items/{r.json()['id']}").json()["fieldData"]["when"] == stored


def test_webhook_url_with_unclosed_ipv6_host_is_400(world: World) -> None:
    c = world.http()
    path = f"/sites/{world.site_id}/webhooks"
    before = c.get(path).json()
    for url in ["http://[::1", "https://[::1/x", "http://[", "http://]/"]:
        err(c.post(path, json={"triggerType": "site_publish", "url": url}))
    assert c.get(path).json() == before


def _clock(world: World) -> dict[str, Any]:
    r = world.admin().get("/clock")
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def _still_writes(world: World) -> None:
    """The clock is one every create can stamp and make an id from."""
    r = world.http().post(f"/sites/{world.site_id}/collections", json={"displayName": "After", "singularName": "A"})
    assert r.status_code == 200, r.text
    assert world.http().delete(f"/collections/{r.json()['id']}").status_code == 204


@pytest.mark.parametrize("frozen", [True, False])
def test_clock_refuses_instants_it_cannot_hold(world: World, frozen: bool) -> None:
    admin = world.admin()
    r = admin.post("/clock", json={"at": "2025-06-01T00:00:00Z", "freeze": frozen})
    assert r.status_code == 200, r.text
    state = {k: v for k, v in _clock(world).items() if k != "now"}

    def unchanged() -> None:
        now = _clock(world)
        assert {k: v for k, v in now.items() if k != "now"} == state
        if frozen:
            assert now["now"] == "2025-06-01T00:00:00.000Z"

    bodies: list[Any] = [
        {"at": "0001-01-01T00:00:00+01:00"},
        {"at": "9999-12-31T23:59:59-01:00"},
        {"at": "0001-01-01T00:00:00Z"},  # an instant, but ids cannot carry seconds before 1970
        {"at": "1969-12-31T23:59:59.999Z"},
        {"at": "2106-02-07T06:28:16Z"},
        {"at": "not a time"},
        {"advanceSeconds": 1e12},
        {"advanceSeconds": -1e12},
        {"advanceSeconds": 1e308},
        {"advanceSeconds": 2**70},
        {"advanceSeconds": 3e9},  # within the clock's span, but past its end from 2025
        {"advanceSeconds": -2e9},  # before 1970
        {"at": "2106-02-07T06:28:15Z", "advanceSeconds": 1},
        {"at": "1970-01-01T00:00:00Z", "advanceSeconds": -0.001},
    ]
    for body in bodies:
        b = err(admin.post("/clock", json=body))
        assert b["details"] and b["details"][0]["param"] in {"at", "advanceSeconds"}, (body, b)
        unchanged()
    for raw in ['{"advanceSeconds": Infinity}', '{"advanceSeconds": NaN}', '{"advanceSeconds": -Infinity}']:
        r = admin.post("/clock", content=raw, headers={"Content-Type": "application/json"})
        assert r.status_code == 400 and list(r.json()) == ENVELOPE, r.text
        unchanged()
    _still_writes(world)


def test_clock_accepts_its_ends(world: World) -> None:
    admin = world.admin()
    for at, advance, shown in [("2106-02-07T06:28:15Z", None, "2106-02-07T06:28:15.000Z"),
                               ("1970-01-01T00:00:00Z", None, "1970-01-01T00:00:00.000Z"),
                               ("2106-02-07T06:28:14Z", 1, "2106-02-07T06:28:15.000Z"),
                               ("2000-01-01T00:00:00+01:00", -946681200, "1970-01-01T00:00:00.000Z")]:
        body: dict[str, Any] = {"at": at, "freeze": True}
        if advance is not None:
            body["advanceSeconds"] = advance
        r = admin.post("/clock", json=body)
        assert r.status_code == 200 and r.json()["now"] == shown, r.text
        _still_writes(world)


# -- property-based: no generated input answers 5xx -------------------------------------------------
# Every operation with a body, every operation's query string (lists above all), every control-plane body.
# Each operation (its /v2 and /beta routes drawn together) gets a fresh world and its own bounded,
# deterministic run; the reads share one run.
@dataclass(frozen=True)
class Op:
    method: str
    path: str
    name: str
    body: dict[str, Any] | None  # JSON schema of the body; None: none is taken
    query: tuple[str, ...]


def _openapi() -> dict[str, Any]:
    """The app's own OpenAPI document: each route's request model as JSON schema (no database is opened)."""
    import tempfile

    from webflow_local.app import create_app
    from webflow_local.config import Settings

    app = create_app(Settings(database_url=f"sqlite:///{tempfile.gettempdir()}/webflow-local-ops-listing.sqlite3"))
    app.state.runtime.engine.dispose()
    doc: dict[str, Any] = app.openapi()
    return doc


DOC = _openapi()
DEFS: dict[str, Any] = dict(DOC.get("components", {}).get("schemas", {}))


def _model_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True)
    DEFS.update(schema.pop("$defs", {}))
    return schema


# Routes that take any JSON and validate it in the service (a body of several shapes): the models they use.
RAW_BODIES: dict[str, dict[str, Any]] = {
    "create-item": {"anyOf": [_model_schema(ItemIn), _model_schema(ItemsIn)]},
    "create-item-live": {"anyOf": [_model_schema(ItemIn), _model_schema(ItemsIn)]},
    "update-items": _model_schema(ItemsPatch),
    "update-items-live": _model_schema(ItemsPatch),
    "update-item": _model_schema(ItemPatch),
    "update-item-live": _model_schema(ItemPatch),
    "create-webhook": _model_schema(WebhookIn),
    "create-redirect": _model_schema(site_config.RedirectIn),
    "update-redirect": _model_schema(site_config.RedirectPatch),
    "replace-robots-txt": _model_schema(site_config.RobotsIn),
    "update-robots-txt": _model_schema(site_config.RobotsIn),
    "delete-robots-txt": _model_schema(site_config.RobotsIn),
    "set-well-known": _model_schema(site_config.WellKnownIn),
    "delete-well-known": _model_schema(site_config.WellKnownDelete),
    "update-llms-txt": _model_schema(site_config.LlmsIn),
    "create-site": _model_schema(site_config.SiteCreate),
    "update-site": _model_schema(site_config.SiteUpdate),
}


def _spec_query(prefix: str, method: str, template: str) -> tuple[str, ...]:
    if not spec_check.available():
        return ()
    op = spec_check._doc(prefix)["paths"].get(template, {}).get(method.lower(), {})
    return tuple(p["name"] for p in op.get("parameters", []) if p.get("in") == "query")


def _ops() -> list[Op]:
    """The API operations from the gateway's route table (their request models from the families), the
    control-plane routes from FastAPI's OpenAPI document."""
    import tempfile

    from webflow_local.app import create_app
    from webflow_local.config import Settings
    from webflow_local.kit.family import RAW_JSON

    app = create_app(Settings(database_url=f"sqlite:///{tempfile.gettempdir()}/webflow-local-ops-listing.sqlite3"))
    app.state.runtime.engine.dispose()
    out = []
    for route in app.state.runtime.table.served():
        kind = route.op.body
        if kind is None:
            body = None
        elif kind == RAW_JSON:
            body = RAW_BODIES.get(route.operation_id, {})  # {}: any JSON, drawn as junk
        else:
            body = _model_schema(kind)
        query = _spec_query(route.prefix, route.method, route.template)
        out.append(Op(route.method, route.full_template, route.operation_id, body, query))
    for path, item in DOC["paths"].items():
        for method, op in item.items():
            name = method + path
            content = op.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema") if content else None
            if body is not None and "$ref" not in body:
                body = {}
            if method == "post" and path == "/_admin/sinks/{name}":
                body = {}  # the webhook receiver reads the raw body
            query = tuple(p["name"] for p in op.get("parameters", []) if p["in"] == "query")
            out.append(Op(method.upper(), path, name, body, query))
    return sorted(out, key=lambda o: (o.path, o.method))


OPS_ALL = _ops()
API_BODY_OPS = [o for o in OPS_ALL if o.path.startswith(("/v2/", "/beta/")) and o.body is not None]
API_QUERY_OPS = [o for o in OPS_ALL if o.path.startswith(("/v2/", "/beta/")) and o.body is None]
ADMIN_OPS = [o for o in OPS_ALL if o.path.startswith("/_admin/") and (o.body is not None or o.query)]

# Query keys the list operations read, and ones they must refuse cleanly.
RANGE_KEYS = [f"{col}[{op}]" for col in ("createdOn", "lastPublished", "lastUpdated")
              for op in ("gt", "gte", "lt", "lte")]
QUERY_KEYS = ["offset", "limit", "sortBy", "sortOrder", "name", "slug", "cmsLocaleId", "cmsLocaleIds",
              "skipInvalidFiles", "createdOn[eq]", "createdOn[", "[gt]", "createdOn[gt]]", "name[gt]", "x", ""]


def _settings(n: int) -> settings:
    # Deterministic (derandomize) and bounded; no shrinking: the server keeps state, so the first failing
    # example, printed whole, is the useful report.
    return settings(max_examples=n, deadline=None, derandomize=True, database=None, print_blob=False,
                    phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


@dataclass
class Playground:
    ids: dict[str, str]  # path parameter -> a real id
    vocab: list[str]
    special: dict[str, SearchStrategy[Any]]


@pytest.fixture
def playground(world: World) -> Playground:
    """A collection with every field type, items in every locale (one published), a reference target and
    a webhook; their ids are the vocabulary strings are drawn from."""
    authors = world.create_collection({"displayName": "Authors", "singularName": "Author"})
    fields = [{"type": t, "displayName": t} for t in ["PlainText", "RichText", "Email", "Phone", "Link", "VideoLink",
                                                      "Number", "Switch", "DateTime", "Color", "Image",
                                                      "MultiImage", "File"]]
    fields += [{"type": "Option", "displayName": "Option", "metadata": {"options": [{"name": "A"}, {"name": "B"}]}},
               {"type": "Reference", "displayName": "Reference", "metadata": {"collectionId": authors["id"]}},
               {"type": "MultiReference", "displayName": "Refs", "metadata": {"collectionId": authors["id"]}}]
    coll = world.create_collection({"displayName": "Fuzz", "singularName": "Fuzz", "fields": fields})
    c = world.http()
    author = c.post(f"/collections/{authors['id']}/items/live", json={"fieldData": {"name": "A", "slug": "a"}})
    made = c.post(f"/collections/{coll['id']}/items/bulk",
                  json={"cmsLocaleIds": list(world.locales.values()), "fieldData": {"name": "I", "slug": "i"}})
    assert author.status_code == 202 and made.status_code == 202, (author.text, made.text)
    item_id = made.json()["items"][0]["id"]
    assert c.post(f"/collections/{coll['id']}/items/publish", json={"itemIds": [item_id]}).status_code == 202
    hook = c.post(f"/sites/{world.site_id}/webhooks", json={"triggerType": "site_publish", "url": "https://x.test/"})
    assert hook.status_code == 201, hook.text
    tokens = world.admin().get("/tokens").json()
    token_id = (tokens["tokens"] if isinstance(tokens, dict) else tokens)[0]["id"]
    field_id = next(f["id"] for f in coll["fields"] if f["type"] == "PlainText")
    options = [o["id"] for f in coll["fields"] if f["type"] == "Option" for o in f["validations"]["options"]]
    page = world.admin().post(f"/sites/{world.site_id}/pages", json={
        "title": "Fuzz", "nodes": [{"type": "text", "html": "<p>Hi</p>"}, {"type": "select", "choices": []}]})
    assert page.status_code == 201, page.text
    node_ids = [n["id"] for n in c.get(f"/pages/{page.json()['id']}/dom").json()["nodes"]]
    locs = world.site["locales"]
    site_locale_ids = [locs["primary"]["id"], *(loc["id"] for loc in locs["secondary"])]
    redirect = c.post(f"/sites/{world.site_id}/redirects", json={"fromUrl": "/fuzz", "toUrl": "/f"})
    tag = c.patch(f"/sites/{world.site_id}/integrations/google_tags",
                  json={"googleTagIds": [{"tagId": "G-FUZZ123", "displayName": "Fuzz"}]})
    assert redirect.status_code == 200 and tag.status_code == 200, (redirect.text, tag.text)
    form = world.admin().post(f"/sites/{world.site_id}/forms", json={
        "displayName": "Fuzz", "page": "fuzz", "fields": [{"displayName": "Name"},
                                                          {"displayName": "Hidden", "userVisible": False}]})
    assert form.status_code == 201, form.text
    sub = world.admin().post(f"/sites/{world.site_id}/forms/{form.json()['id']}/submissions",
                             json={"data": {"Name": "F"}})
    assert sub.status_code == 201, sub.text
    shop = world.admin().post(f"/sites/{world.site_id}/ecommerce", json={"defaultCurrency": "USD"}).json()
    product = c.post(f"/sites/{world.site_id}/products", json={
        "product": {"fieldData": {"name": "P", "slug": "p", "sku-properties": [
            {"id": "size", "name": "Size", "enum": [{"id": "s", "name": "S"}, {"id": "l", "name": "L"}]}]}},
        "sku": {"fieldData": {"name": "P", "slug": "p-s", "price": {"value": 100}}}}).json()
    sku_id = product["skus"][0]["id"]
    order = world.admin().post(f"/sites/{world.site_id}/orders", json={
        "customer": {"name": "F", "email": "f@example.com"}, "lineItems": [{"skuId": sku_id, "count": 1}]}).json()
    font = c.post(f"/sites/{world.site_id}/custom_fonts", json={
        "fileName": "F.woff2", "fileHash": "0" * 32, "fontFamily": "F", "weight": 400, "italic": False,
        "fontDisplay": "swap"})
    component = world.admin().post(f"/sites/{world.site_id}/components", json={"name": "Fuzz"})
    world.admin().post("/users", json={"email": "fuzz@example.test", "firstName": "F", "lastName": "Z",
                                       "workspaceId": world.workspace_id})
    thread = world.admin().post(f"/sites/{world.site_id}/comment_threads", json={
        "page": "fuzz", "author": "fuzz@example.test", "content": "Fuzz"})
    app = world.admin().post("/apps", json={"name": "Fuzz", "scopes": ["sites:read"],
                                            "redirectUri": "https://app.example.com/cb"})
    for r in (font, component, thread, app):
        assert r.status_code in (201, 202), r.text
    ids = {"font_id": font.json()["customFont"]["id"], "component_id": component.json()["id"],
           "comment_thread_id": thread.json()["id"], "app_id": app.json()["id"],
           "workspace_id_or_slug": world.workspace_id,
           "product_id": product["product"]["id"], "sku_id": sku_id, "order_id": order["orderId"],
           "sku_collection_id": shop["skusCollectionId"],
           "site_id": world.site_id, "collection_id": coll["id"], "field_id": field_id, "item_id": item_id,
           "webhook_id": hook.json()["id"], "workspace_id": world.workspace_id, "locale_id": world.fr,
           "token_id": token_id, "name": "fuzz", "delivery_id": "1", "page_id": page.json()["id"],
           "asset_folder_id": c.post(f"/sites/{world.site_id}/asset_folders", json={"displayName": "F"}).json()["id"],
           "asset_id": c.post(f"/sites/{world.site_id}/assets", json={"fileName": "f.png", "fileHash": "0" * 32}
                              ).json()["id"],
           "redirect_id": redirect.json()["id"], "tag_id": "G-FUZZ123", "form_id": form.json()["id"],
           "form_submission_id": sub.json()["id"]}
    vocab = [*ids.values(), *node_ids, *site_locale_ids, authors["id"], author.json()["id"], *world.locales.values(),
             *world.locales,
             *options, *(f["slug"] for f in coll["fields"]), world.other_site_id, "site_publish",
             "collection_item_created", "form_submission", "PlainText", "DateTime", "createdOn", "asc", "desc",
             "Name", "Hidden"]
    special = {"fieldData": field_values(coll["fields"], vocab, [author.json()["id"]], options),
               # A webhook's url is checked once its trigger type is known.
               "triggerType": st.sampled_from(TRIGGER_TYPES)}
    return Playground(ids, vocab, special)


def _url(op: Op, pg: Playground) -> tuple[str, str]:
    """(client prefix, path below it) with the path's parameters filled with real ids."""
    path = op.path
    for name in re.findall(r"{(\w+)}", path):
        path = path.replace("{" + name + "}", pg.ids[name])  # a new parameter name needs an id here
    prefix, rest = path.split("/", 2)[1:]
    return prefix, "/" + rest


def _query(op: Op, pg: Playground) -> SearchStrategy[list[tuple[str, str]]]:
    keys = st.sampled_from(sorted(set(QUERY_KEYS + RANGE_KEYS) | set(op.query)))
    # Query strings are text: no lone surrogates (a client cannot encode them).
    text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)
    value = st.one_of(st.sampled_from([s for s in NASTY if not any(0xD800 <= ord(ch) <= 0xDFFF for ch in s)]),
                      st.sampled_from(pg.vocab), text, dates_with_offsets(), numbers().map(str))
    ranged = st.tuples(st.sampled_from(RANGE_KEYS), dates_with_offsets())
    return st.lists(st.one_of(st.tuples(keys, value), ranged), max_size=5)


def _check(r: httpx.Response, what: str) -> None:
    assert r.status_code < 500, f"{what}\n-> {r.status_code} {r.text[:2000]}"
    if r.status_code >= 400:
        assert list(r.json()) == ENVELOPE, f"{what}\n-> {r.status_code} {r.text[:2000]}"


def _send(c: httpx.Client, method: str, path: str, body: Any = None, has_body: bool = False,
          params: list[tuple[str, str]] | None = None) -> int:
    # json.dumps writes NaN and Infinity as bare words, which Python's JSON reader (the server's) accepts.
    content = json.dumps(body) if has_body else None
    headers = {"Content-Type": "application/json"} if has_body else {}
    r = c.request(method, path, content=content, headers=headers, params=params)
    _check(r, f"{method} {r.request.url}\n   body: {(content or '')[:2000]}")
    return r.status_code


def _by_name(ops: list[Op]) -> dict[str, list[Op]]:
    """An operation under /v2 and /beta runs the same handler: one run draws both."""
    out: dict[str, list[Op]] = {}
    for o in ops:
        out.setdefault(o.name, []).append(o)
    return out


BODY_RUNS = _by_name(API_BODY_OPS)
DELETE_RUNS = _by_name([o for o in API_QUERY_OPS if o.method != "GET"])
READS = [o for o in API_QUERY_OPS if o.method == "GET"]


class Reached:
    """Statuses seen in one run: a run answered only 404/405 drove a route that is not there."""

    def __init__(self) -> None:
        self.statuses: set[int] = set()

    def check(self) -> None:
        assert self.statuses - {404, 405}, f"the route was never reached: {sorted(self.statuses)}"


def _client(world: World, op: Op) -> httpx.Client:
    prefix = op.path.split("/")[1]
    return world.admin() if prefix == "_admin" else world.http(prefix=prefix, validate=False)


@pytest.mark.parametrize("name", list(BODY_RUNS))
def test_generated_bodies_never_answer_5xx(world: World, playground: Playground, name: str) -> None:
    ops = BODY_RUNS[name]
    clients = {o.path: _client(world, o) for o in ops}
    bodies = SchemaStrategies(DEFS, playground.vocab, playground.special).body(ops[0].body)
    seen = Reached()

    @_settings(30)
    @given(op=st.sampled_from(ops), body=bodies, params=_query(ops[0], playground))
    def run(op: Op, body: Any, params: list[tuple[str, str]]) -> None:
        seen.statuses.add(_send(clients[op.path], op.method, _url(op, playground)[1], body, True, params))

    run()
    seen.check()


def test_generated_queries_never_answer_5xx(world: World, playground: Playground) -> None:
    """Reads: every GET of both prefixes against one playground, the operation drawn with the query."""
    clients = {p: world.http(prefix=p, validate=False) for p in ("v2", "beta")}
    seen = Reached()

    @_settings(8 * len(READS))
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        op = data.draw(st.sampled_from(READS))
        prefix, path = _url(op, playground)
        seen.statuses.add(_send(clients[prefix], op.method, path, params=data.draw(_query(op, playground))))

    run()
    seen.check()


@pytest.mark.parametrize("name", list(DELETE_RUNS))
def test_generated_queries_on_deletes_never_answer_5xx(world: World, playground: Playground, name: str) -> None:
    ops = DELETE_RUNS[name]
    clients = {o.path: _client(world, o) for o in ops}

    @_settings(10)
    @given(op=st.sampled_from(ops), params=_query(ops[0], playground))
    def run(op: Op, params: list[tuple[str, str]]) -> None:
        _send(clients[op.path], op.method, _url(op, playground)[1], params=params)

    run()


@pytest.mark.parametrize("op", ADMIN_OPS, ids=[o.name for o in ADMIN_OPS])
def test_generated_control_plane_bodies_never_answer_5xx(world: World, playground: Playground, op: Op) -> None:
    c = _client(world, op)
    path = _url(op, playground)[1]
    bodies = SchemaStrategies(DEFS, playground.vocab).body(op.body)
    seen = Reached()

    @_settings(50)  # control-plane calls are cheap, and the clock's model is small: more draws per model
    @given(body=bodies, params=_query(op, playground) if op.query else st.none())
    def run(body: Any, params: list[tuple[str, str]] | None) -> None:
        seen.statuses.add(_send(c, op.method, path, body, op.body is not None, params))

    run()
    seen.check()


def test_every_operation_is_driven() -> None:
    """Each served operation is in one of the generated runs above (a new route cannot slip past)."""
    served = {(o.method, o.path) for o in OPS_ALL}
    driven = {(o.method, o.path) for o in API_BODY_OPS + API_QUERY_OPS + ADMIN_OPS}
    admin_without_input = {(m, p) for m, p in served - driven if p.startswith("/_admin/")}
    assert served - driven == admin_without_input
    assert len(API_BODY_OPS) >= 30 and len(ADMIN_OPS) >= 10, (len(API_BODY_OPS), len(ADMIN_OPS))
