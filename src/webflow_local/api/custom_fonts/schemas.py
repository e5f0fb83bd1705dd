"""Custom font requests and their wire shape (the spec's CustomFont)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator
from sqlalchemy import Row

from webflow_local.kit.files import InlineFile, md5_hex
from webflow_local.kit.ids import is_object_id
from webflow_local.kit.models import NotNull, RequestModel

AXIS_TAG = re.compile(r"^[\x20-\x7E]{4}$")
MAX_NAME = 256
# Accepted extensions -> (the wire's `format`, the stored content type). SVG fonts are refused (the spec:
# "new SVG font uploads are not accepted").
FORMATS = {
    "woff2": ("woff2", "font/woff2"),
    "woff": ("woff", "font/woff"),
    "ttf": ("truetype", "font/ttf"),
    "otf": ("opentype", "font/otf"),
    "eot": ("embedded-opentype", "application/vnd.ms-fontobject"),
}
FontDisplay = Literal["auto", "block", "swap", "fallback", "optional"]
# Axis values are bounded by JavaScript's safe integers, as CMS numbers are: beyond them PostgreSQL's JSONB
# would hand back an integer no JSON encoder here can write.
MAX_NUMBER = 2**53 - 1
Number = Annotated[int | float, Field(allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER)]


def _integral(value: Any) -> Any:
    # JSON does not tell 400 from 400.0: an integral float is that integer (anything else stays a float and
    # fails the integer check).
    return int(value) if isinstance(value, float) and value.is_integer() else value


Weight = Annotated[int, BeforeValidator(_integral), Field(ge=1, le=1000)]


def extension(file_name: str) -> str:
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


class Axis(RequestModel):
    tag: str
    name: Annotated[str | None, NotNull] = Field(default=None, max_length=64)
    min: Number
    max: Number
    default_value: Number = Field(alias="defaultValue")

    @field_validator("tag")
    @classmethod
    def _tag(cls, value: str) -> str:
        if not AXIS_TAG.match(value):
            raise ValueError("fontMetadata.axes: tag must be exactly 4 printable ASCII characters")
        return value

    @model_validator(mode="after")
    def _range(self) -> Axis:
        if self.min > self.max:
            raise ValueError("fontMetadata.axes: min must not be greater than max")
        if not self.min <= self.default_value <= self.max:
            raise ValueError("fontMetadata.axes: defaultValue must be between min and max (inclusive)")
        return self

    def wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {"tag": self.tag}
        if self.name is not None:
            out["name"] = self.name
        return {**out, "min": self.min, "max": self.max, "defaultValue": self.default_value}


Axes = Annotated[list[Axis] | None, NotNull]


def _axes(value: list[Axis] | None) -> list[Axis] | None:
    if value is not None:
        tags = [a.tag for a in value]
        dupes = sorted({t for t in tags if tags.count(t) > 1})
        if dupes:
            raise ValueError(f"fontMetadata.axes: the axis '{dupes[0]}' is listed twice")
    return value


def _font_file_name(value: str) -> str:
    ext = extension(value)
    if ext == "svg":
        raise ValueError("SVG fonts are not supported")
    if ext not in FORMATS:
        raise ValueError("fileName must end in .woff2, .woff, .ttf, .otf or .eot")
    return value


class FontFile(RequestModel):
    """The binary a create or a replace-file announces."""

    file_name: str = Field(alias="fileName", min_length=1, max_length=MAX_NAME)
    file_hash: str = Field(alias="fileHash")
    axes: Axes = Field(default=None, max_length=16)

    _extension = field_validator("file_name")(_font_file_name)
    _md5 = field_validator("file_hash")(md5_hex)
    _unique_axes = field_validator("axes")(_axes)


def _family(value: str) -> str:
    # Commas would split a CSS font-family list: Webflow strips them.
    stripped = value.replace(",", "").strip()
    if not stripped:
        raise ValueError("fontFamily must have at least one character besides commas")
    return stripped


class FontCreate(FontFile):
    font_family: str = Field(alias="fontFamily", min_length=1, max_length=MAX_NAME)
    weight: Weight
    italic: bool
    font_display: FontDisplay = Field(alias="fontDisplay")

    _family = field_validator("font_family")(_family)


class FontSeed(InlineFile, RequestModel):
    """A font of a seed file (the `customFonts` key of a site): create-custom-font's keys, an optional `id`,
    and the binary (`data`, base64) or, for a font whose upload has not arrived, the MD5 of the binary it
    waits for (`fileHash`, optional)."""

    id: Annotated[str | None, NotNull] = Field(default=None, pattern=r"^[0-9a-f]{24}$")
    font_family: str = Field(alias="fontFamily", min_length=1, max_length=MAX_NAME)
    file_name: str = Field(alias="fileName", min_length=1, max_length=MAX_NAME)
    weight: Weight
    italic: bool
    font_display: FontDisplay = Field(alias="fontDisplay")
    axes: Axes = Field(default=None, max_length=16)

    _family = field_validator("font_family")(_family)
    _extension = field_validator("file_name")(_font_file_name)
    _md5 = field_validator("file_hash")(md5_hex)
    _unique_axes = field_validator("axes")(_axes)


class FontUpdate(RequestModel):
    font_family: Annotated[str | None, NotNull] = Field(default=None, alias="fontFamily", min_length=1,
                                                        max_length=MAX_NAME)
    weight: Annotated[Weight | None, NotNull] = None
    italic: Annotated[bool | None, NotNull] = None
    font_display: Annotated[FontDisplay | None, NotNull] = Field(default=None, alias="fontDisplay")

    @field_validator("font_family")
    @classmethod
    def _family(cls, value: str | None) -> str | None:
        return None if value is None else _family(value)

    @model_validator(mode="after")
    def _something(self) -> FontUpdate:
        if not self.model_fields_set:
            raise ValueError("At least one of fontFamily, weight, italic or fontDisplay is required")
        return self


class FontId(RequestModel):
    id: str

    @field_validator("id")
    @classmethod
    def _object_id(cls, value: str) -> str:
        if not is_object_id(value):
            raise ValueError("id must be a custom font id (24 hexadecimal characters)")
        return value


class BatchDelete(RequestModel):
    items: list[FontId] = Field(min_length=1, max_length=100)


def font_key(row: Row[Any]) -> str:
    """Where a font's binary is stored and served: "<siteId>/<fontId>-<first 8 of its MD5>-<fileName>". A new
    file (replace-file) is a new key, so a cached copy of the old binary is never taken for the new one."""
    return f"{row.site_id}/{row.id}-{row.file_hash[:8]}-{row.file_name}"


def font_wire(row: Row[Any], hosted_url: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "fontFamily": row.font_family,
        "format": row.format,
        "fileName": row.file_name,
        "weight": row.weight,
        "italic": row.italic,
        "fontDisplay": row.font_display,
        "axes": list(row.axes),
        "hostedUrl": hosted_url,
    }
