"""Hypothesis strategies for request inputs: values a JSON schema allows, mixed at every level with values it
does not (wrong types, huge and tiny numbers, NaN, extreme dates with offsets, odd Unicode, NUL, nested junk).

Strings are drawn partly from a vocabulary of real ids and meaningful words, so generated requests get past
the first check and reach the code behind it."""

from __future__ import annotations

import re
import string
from datetime import datetime, timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

# Strings that once broke, or are likely to break, a parser or a database.
NASTY = [
    "", " ", "\x00", "a\x00b", "\ud800", "\udfff", "\ufeff", "\u202e", "e\u0301",
    "\U0001d518\U0001d52b\U0001d526", "🙂" * 50, "Ω" * 300,
    "null", "true", "0", "-1", "1e309", "NaN", "Infinity", "%00", "%", "../", "\\", "'", '"', "`", "${x}",
    "a" * 5000, "-" * 300, "0" * 24, "f" * 24, "F" * 24, "0" * 23, "g" * 24,
    "http://[::1", "http://[::1]:99999/", "https://", "http://", "https://x", "https://x.test/hook",
    "javascript:alert(1)", "ftp://x", "http://user:pw@x/", "http://%zz/", "mailto:a@b.c", "a@b.co", "#fff",
    "#12345", "rgb(1,2,3)", "+1 555 0100",
    "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
    "0000-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z",
    "2106-02-07T06:28:15Z", "2106-02-07T06:28:16Z", "2024-02-30T00:00:00Z", "2024-01-01T24:00:00Z",
    "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+23:59", "2024-01-01", "2024-01-01T00:00:00.1234567Z",
    "2025-01-01T00:00:00.000Z", "yesterday",
]
# Numbers at the edges of what JSON, JavaScript, 64-bit integers and floats hold.
EDGE_NUMBERS: list[Any] = [
    0, -0.0, 1, -1, 0.5, 2**31, 2**32, 2**53 - 1, 2**53 + 1, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30,
    10**400, 1e308, -1e308, 5e-324, 1e-320, float("inf"), float("-inf"), float("nan"), 4294967295, 1e12, -1e12,
]


# The ends of what each layer holds: years 1 and 9999 (Python's datetime), 1970 and 2106 (ids carry their
# creation second in 32 bits, so the clock stays between them).
EDGES = [datetime.min, datetime.max.replace(microsecond=0), datetime(1970, 1, 1), datetime(2106, 2, 7, 6, 28, 15)]
OFFSETS = ["", "Z", "z", "+00:00", "-00:00", "+01:00", "-01:00", "+00:01", "-00:01", "+23:59", "-23:59", "+05:30"]


@st.composite
def dates_with_offsets(draw: st.DrawFn) -> str:
    """ISO-8601 timestamps in years 1-9999: a third whose offset carries the UTC instant just past an end
    (9999-12-31T23:30:00-01:00), a third near an end, a third anywhere."""
    mode = draw(st.sampled_from(["cross", "near", "any"]))
    edge = draw(st.sampled_from(EDGES))
    minutes = draw(st.integers(1, 23 * 60 + 59))
    if mode == "cross":
        inside = timedelta(seconds=draw(st.integers(0, minutes * 60 - 1)))
        # Local time just inside the edge, the offset pointing out of it.
        after = edge > datetime(5000, 1, 1) or edge == EDGES[3]
        dt = edge - inside if after else edge + inside
        minutes = -minutes if after else minutes
    elif mode == "near":
        low = max(datetime.min, edge - timedelta(hours=1)) if edge != datetime.min else edge
        high = min(datetime.max, edge + timedelta(hours=1)) if edge != EDGES[1] else datetime.max
        dt = draw(st.datetimes(min_value=low, max_value=high))
    else:
        dt = draw(st.datetimes())
    text = dt.isoformat(timespec=draw(st.sampled_from(["seconds", "milliseconds", "microseconds"])))
    sign = "-" if minutes < 0 else "+"
    computed = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return text + (computed if mode == "cross" else draw(st.one_of(st.sampled_from(OFFSETS), st.just(computed))))


@st.composite
def urls(draw: st.DrawFn) -> str:
    """URLs, well-formed or broken in their scheme, host (IPv6 brackets, IDN, percent signs) or port."""
    scheme = draw(st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "javascript:", "", "http:/", "//"]))
    host = draw(st.one_of(st.sampled_from(["x.test", "127.0.0.1", "[::1]", "[::1", "::1]", "[", "]", "[]", "[v1.x]",
                                           "xn--bcher-kva.test", "bücher.test", "%zz", "x..test", "", "user:pw@x",
                                           "a" * 300, "x.test\x00", "x test"]),
                          st.text(max_size=12)))
    port = draw(st.sampled_from(["", ":80", ":0", ":65535", ":65536", ":99999", ":-1", ":x", ":"]))
    path = draw(st.sampled_from(["", "/", "/hook", "/%", "/\u00e9", "?a=b", "#f", "/" + "p" * 3000]))
    return scheme + host + port + path


def numbers() -> SearchStrategy[Any]:
    return st.one_of(st.sampled_from(EDGE_NUMBERS), st.sampled_from(EDGE_NUMBERS), st.integers(),
                     st.floats(allow_nan=True, allow_infinity=True))


def strings(vocab: list[str]) -> SearchStrategy[str]:
    # Each source twice where it matters: one_of picks its branches evenly.
    return st.one_of(st.sampled_from(NASTY), st.sampled_from(NASTY), st.sampled_from(vocab or [""]),
                     st.sampled_from(vocab or [""]), st.text(max_size=40), dates_with_offsets(), dates_with_offsets())


def junk(vocab: list[str]) -> SearchStrategy[Any]:
    """Any JSON value (NaN and Infinity included), nested a little."""
    leaves = st.one_of(st.none(), st.booleans(), numbers(), strings(vocab))
    return st.recursive(
        leaves,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(strings(vocab), inner, max_size=4)),
        max_leaves=10,
    )


# Property names that hold timestamps (at, createdOn, lastPublished, ...): mostly drawn as dates.
TIMESTAMP_NAME = re.compile(r"^at$|On$|At$|[Dd]ate|[Tt]ime(?!s)|^last[A-Z]")

# How often, within one example, a value is replaced by junk. Shared by every node of the example: a body
# is either wholly well-typed (it reaches the code behind validation) or wrong in a few or many places.
JUNK_RATE = st.shared(st.sampled_from([0.0, 0.0, 0.05, 0.2, 0.6]), key="webflow-local-junk-rate")


@st.composite
def _sometimes(draw: st.DrawFn, valid: SearchStrategy[Any], other: SearchStrategy[Any]) -> Any:
    rate = draw(JUNK_RATE)
    if rate and draw(st.floats(0, 1)) < rate:
        return draw(other)
    return draw(valid)


class SchemaStrategies:
    """Strategies from JSON schemas as pydantic and FastAPI write them ($ref, anyOf, enum, objects, arrays,
    strings, numbers, booleans, null). Each node draws what its schema allows or, at the example's junk
    rate, something else."""

    def __init__(self, defs: dict[str, Any], vocab: list[str],
                 special: dict[str, SearchStrategy[Any]] | None = None) -> None:
        self.defs = defs
        self.vocab = vocab
        # Property name -> the strategy for its value, drawn as often as the schema's (e.g. fieldData).
        self.special = {"url": urls(), **(special or {})}
        self.junk = junk(vocab)

    def body(self, schema: dict[str, Any] | None) -> SearchStrategy[Any]:
        if not schema:
            return self.junk
        return st.one_of(self.node(schema, 0), self.node(schema, 0), self.node(schema, 0), self.junk)

    def node(self, schema: dict[str, Any], depth: int) -> SearchStrategy[Any]:
        return _sometimes(self._valid(schema, depth), self.junk)

    def _valid(self, schema: dict[str, Any], depth: int) -> SearchStrategy[Any]:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            return st.deferred(lambda: self._valid(self.defs[name], depth + 1))
        for key in ("anyOf", "oneOf"):
            if key in schema:
                # An optional value (X | null): mostly X, which has more to get wrong.
                branches = [self._valid(s, depth) for s in schema[key] if s.get("type") != "null"]
                nulls = [st.none()] if len(branches) < len(schema[key]) else []
                return st.one_of(branches * 3 + nulls)
        if "allOf" in schema:
            return self._valid(schema["allOf"][0], depth)
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            return self._object(schema, depth)
        if kind == "array":
            item = self.node(schema.get("items", {}), depth + 1) if depth < 4 else st.none()
            low = schema.get("minItems", 0)
            high = min(schema.get("maxItems", low + 4), low + 4)
            return st.lists(item, min_size=low, max_size=high)
        if kind == "string":
            return strings(self.vocab)
        if kind == "integer":
            low, high = schema.get("minimum"), schema.get("maximum")
            return st.one_of(st.integers(min_value=low, max_value=high), st.sampled_from(EDGE_NUMBERS))
        if kind == "number":
            low, high = schema.get("minimum"), schema.get("maximum")
            return st.one_of(st.floats(min_value=low, max_value=high, allow_nan=False), numbers())
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        return self.junk  # {} (Any)

    def _object(self, schema: dict[str, Any], depth: int) -> SearchStrategy[Any]:
        props: dict[str, Any] = schema.get("properties", {})
        if not props:
            return st.dictionaries(strings(self.vocab), self.junk, max_size=4)
        required = sorted(schema.get("required", []))  # sorted: draws must not depend on set order

        def value(name: str, sub: dict[str, Any]) -> SearchStrategy[Any]:
            if name in self.special:
                return st.one_of(self.special[name], self.special[name], self.node(sub, depth + 1))
            if TIMESTAMP_NAME.search(name):
                return st.one_of(dates_with_offsets(), dates_with_offsets(), self.node(sub, depth + 1))
            return self.node(sub, depth + 1) if depth < 4 else st.none()

        fixed = {k: value(k, v) for k, v in props.items() if k in required}
        optional = {k: value(k, v) for k, v in props.items() if k not in required}
        shaped = st.fixed_dictionaries(fixed, optional=optional)
        # At the junk rate: a key the model does not know, or a required key left out.
        extra = st.tuples(shaped, st.dictionaries(st.sampled_from(["unknown", "ID", "__proto__", "\x00"]),
                                                  self.junk, min_size=1, max_size=1))
        wrong = st.one_of(extra.map(lambda t: {**t[0], **t[1]}),
                          shaped.map(lambda d: {k: v for k, v in d.items() if k not in required[:1]}))
        return _sometimes(shaped, wrong)


def field_values(fields: list[dict[str, Any]], vocab: list[str], refs: list[str],
                 options: list[str]) -> SearchStrategy[dict[str, Any]]:
    """An item's fieldData for a collection: each field's slug with a value of its type or, at the junk rate,
    of another."""
    anything = junk(vocab)
    slug = st.one_of(st.text(alphabet=string.ascii_lowercase + string.digits + "-_", min_size=1, max_size=12),
                     strings(vocab))
    ref = st.sampled_from([*refs, "0" * 24, "not-an-id"])
    image = st.fixed_dictionaries({"url": strings(vocab)}, optional={"alt": st.one_of(strings(vocab), st.none()),
                                                                     "fileId": strings(vocab)})
    by_type: dict[str, SearchStrategy[Any]] = {
        "Number": numbers(),
        "Switch": st.booleans(),
        "DateTime": dates_with_offsets(),
        "Option": st.sampled_from([*options, "x"]),
        "Reference": ref,
        "MultiReference": st.lists(ref, max_size=4),
        "Image": image,
        "File": image,
        "MultiImage": st.lists(image, max_size=3),
    }
    per_field: dict[str, SearchStrategy[Any]] = {}
    for f in fields:
        typed = slug if f["slug"] == "slug" else by_type.get(f["type"], strings(vocab))
        per_field[f["slug"]] = _sometimes(typed, anything)
    required = {k: v for k, v in per_field.items() if k in {"name", "slug"}}
    optional = {k: v for k, v in per_field.items() if k not in required}
    # Every field or only some: a value is only checked when its key is there.
    return st.one_of(st.fixed_dictionaries(per_field), st.fixed_dictionaries(required, optional=optional),
                     _sometimes(st.fixed_dictionaries(required, optional=optional),
                                st.dictionaries(strings(vocab), anything, max_size=4)))
