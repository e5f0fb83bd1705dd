"""The base of every request model: Webflow's camelCase names, unknown keys refused, no type coercion
(`"isDraft": 0` is not a boolean), and no strings that a database cannot store."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator


def _storable(value: Any, where: str = "") -> None:
    """NUL bytes and lone surrogates are refused: PostgreSQL cannot store them in text or JSON."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(f"{where or 'value'}: NUL characters are not allowed")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{where or 'value'}: invalid Unicode (lone surrogate)") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _storable(k, where)
            _storable(v, f"{where}.{k}" if where else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _storable(v, f"{where}[{i}]")


def _not_null(value: Any) -> Any:
    # Runs only when the key is present: absent keys take the default, an explicit null is refused.
    if value is None:
        raise ValueError("null is not allowed here; leave the key out instead")
    return value


# An optional key that, when present, may not be null.
NotNull = BeforeValidator(_not_null)


class RequestModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _check_strings(cls, data: Any) -> Any:
        _storable(data)
        return data


__all__ = ["Annotated", "NotNull", "RequestModel"]
