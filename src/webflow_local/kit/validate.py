"""Validating a JSON body against a pydantic model by hand (for bodies that take several shapes)."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from webflow_local.errors import ValidationFailed

M = TypeVar("M", bound=BaseModel)


def details_of(exc: ValidationError) -> list[dict[str, str]]:
    out = []
    for err in exc.errors():
        param = ".".join(str(p) for p in err.get("loc", ())) or "body"
        desc = "Field not described in schema: undefined" if err["type"] == "extra_forbidden" else err["msg"]
        out.append({"param": param, "description": desc})
    return out


def parse(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise ValidationFailed(details=details_of(e)) from None
