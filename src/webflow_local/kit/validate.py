"""Validating a JSON body against a pydantic model by hand (for bodies that take several shapes)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from webflow_local.errors import ValidationFailed

M = TypeVar("M", bound=BaseModel)


# Where FastAPI says a control-plane request's value came from (the first element of an error's `loc`).
_SOURCES = frozenset({"body", "query", "path", "header"})


def details_of(exc: ValidationError | Iterable[Mapping[str, Any]], *, located: bool = False) -> list[dict[str, str]]:
    """Webflow's `{param, description}` details of pydantic errors. `located`: each `loc` starts with where
    the value came from (FastAPI's errors), which the param leaves out."""
    out = []
    for err in exc.errors() if isinstance(exc, ValidationError) else exc:
        loc = [str(p) for p in err.get("loc", ())]
        if located and loc and loc[0] in _SOURCES:
            loc = loc[1:] or loc
        desc = "Field not described in schema: undefined" if err.get("type") == "extra_forbidden" else err.get("msg")
        out.append({"param": ".".join(loc) or "body", "description": str(desc or "invalid")})
    return out


def parse(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise ValidationFailed(details=details_of(e)) from None


@contextmanager
def params_under(prefix: str) -> Iterator[None]:
    """Validation problems raised inside name where they are in the enclosing body or seed (`prefix` + param)."""
    try:
        yield
    except ValidationFailed as e:
        e.details = [{**d, "param": prefix + str(d.get("param", ""))} if isinstance(d, dict) else d
                     for d in e.details]
        raise
