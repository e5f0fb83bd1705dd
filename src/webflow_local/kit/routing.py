"""The route table of /v2 and /beta, built once at start-up from the generated spec table and the families'
operations. Matching walks the path's segments against templates of the same length, most literal first.

A family operation whose operationId no spec file lists fails here, at start-up: a typo never becomes a 404.
A spec operation no family serves answers 501 "not implemented in webflow-local", so a user can tell it
from a wrong path."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from webflow_local.kit.family import Family, Op

# (prefix, METHOD, path) -> (operationId, scopes, success status), as scripts/gen_spec_ops.py writes it.
SpecOp = tuple[str, tuple[str, ...], int]


class RoutingError(Exception):
    """A family declares what the spec does not have (raised at start-up)."""


@dataclass(frozen=True)
class Route:
    prefix: str
    method: str
    template: str  # the spec's path, e.g. /collections/{collection_id}/items/{item_id}
    operation_id: str
    scopes: tuple[str, ...]
    status: int
    op: Op | None  # None: in the spec, not served here
    family: str | None = None

    @property
    def full_template(self) -> str:
        return f"/{self.prefix}{self.template}"


@dataclass
class _Shape:
    """All routes of one path template, by method."""

    segments: tuple[str | None, ...]  # literal segment, or None for a parameter
    names: tuple[str, ...]  # parameter names, in order
    by_method: dict[str, Route] = field(default_factory=dict)

    @property
    def literals(self) -> int:
        return sum(s is not None for s in self.segments)

    def params(self, parts: list[str]) -> dict[str, str]:
        return dict(zip(self.names, (p for p, s in zip(parts, self.segments, strict=True) if s is None),
                        strict=True))


@dataclass(frozen=True)
class Match:
    route: Route | None  # None: the path exists, the method does not (405)
    params: Mapping[str, str]
    allowed: tuple[str, ...]


def _split(template: str) -> tuple[tuple[str | None, ...], tuple[str, ...]]:
    segs: list[str | None] = []
    names: list[str] = []
    for part in template.strip("/").split("/"):
        if part.startswith("{") and part.endswith("}"):
            segs.append(None)
            names.append(part[1:-1])
        else:
            segs.append(part)
    return tuple(segs), tuple(names)


class RouteTable:
    def __init__(self, spec: Mapping[str, Mapping[tuple[str, str], SpecOp]], families: Iterable[Family],
                 extra: Mapping[str, Mapping[tuple[str, str], SpecOp]] | None = None) -> None:
        served: dict[str, tuple[Op, str]] = {}
        for fam in families:
            for op in fam.operations:
                if op.operation_id in served:
                    raise RoutingError(f"operation {op.operation_id!r} is declared by {served[op.operation_id][1]!r} "
                                       f"and {fam.name!r}")
                served[op.operation_id] = (op, fam.name)
        self.routes: list[Route] = []
        # prefix -> (number of segments, first segment) -> shapes, most literal first
        self._shapes: dict[str, dict[tuple[int, str | None], list[_Shape]]] = {}
        known: set[str] = set()
        for prefix in spec:
            table = {**spec[prefix], **((extra or {}).get(prefix, {}))}
            by_template: dict[str, _Shape] = {}
            for (method, template), (op_id, scopes, status) in table.items():
                known.add(op_id)
                found = served.get(op_id)
                route = Route(prefix, method, template, op_id, scopes, status,
                              found[0] if found else None, found[1] if found else None)
                self.routes.append(route)
                if template not in by_template:
                    by_template[template] = _Shape(*_split(template))
                by_template[template].by_method[method] = route
            shapes: dict[tuple[int, str | None], list[_Shape]] = {}
            for shape in by_template.values():
                first = shape.segments[0] if shape.segments else ""
                shapes.setdefault((len(shape.segments), first), []).append(shape)
            for group in shapes.values():
                group.sort(key=lambda s: -s.literals)
            self._shapes[prefix] = shapes
        unknown = sorted(set(served) - known)
        if unknown:
            raise RoutingError(f"no spec file lists the operation(s) {', '.join(unknown)}: check the operationId")

    @property
    def prefixes(self) -> tuple[str, ...]:
        return tuple(self._shapes)

    def served(self) -> list[Route]:
        return [r for r in self.routes if r.op is not None]

    def match(self, prefix: str, method: str, rest: str) -> Match | None:
        """`rest` is the path after the prefix ("/sites/abc"). None: no template has this path."""
        parts = rest.strip("/").split("/") if rest.strip("/") else []
        shapes = self._shapes.get(prefix, {})
        # Every spec path starts with a literal segment; a parameter first would be keyed under None.
        candidates = shapes.get((len(parts), parts[0] if parts else ""), [])
        candidates = candidates + shapes.get((len(parts), None), []) if (len(parts), None) in shapes else candidates
        for shape in candidates:
            if all(s is None or s == p for s, p in zip(shape.segments, parts, strict=True)):
                if any(s is None and not p for s, p in zip(shape.segments, parts, strict=True)):
                    continue  # an empty parameter is no parameter
                route = shape.by_method.get(method)
                return Match(route, shape.params(parts) if route else {}, tuple(sorted(shape.by_method)))
        return None
