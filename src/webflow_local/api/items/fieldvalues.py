"""fieldData validation against a collection's fields, one rule per field type.

Each check returns the value as it is stored (and read back), or raises _Invalid with the text that
goes into Webflow's `{"param", "description"}` detail."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row

from webflow_local.kit.ids import is_object_id
from webflow_local.kit.slugs import is_valid_slug
from webflow_local.kit.timefmt import iso, parse_iso

# JavaScript's safe integers: beyond them numbers lose precision in clients (and PostgreSQL's JSONB would
# turn 3.5e131 into an integer no JSON encoder here can write back).
MAX_NUMBER = 2**53 - 1
UNKNOWN_FIELD = "Field not described in schema: undefined"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ().\-]{3,30}$")
URL = re.compile(r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s]+|tel:[^\s]+)$", re.I)
HEX_COLOR = re.compile(r"^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$", re.I)
FUNC_COLOR = re.compile(
    r"^(rgb|rgba|hsl|hsla)\(\s*[-+0-9.%]+(\s*[, ]\s*[-+0-9.%]+){2}(\s*[,/]\s*[-+0-9.%]+)?\s*\)$", re.I
)
CSS_COLORS = frozenset(
    [
        "aliceblue",
        "antiquewhite",
        "aqua",
        "aquamarine",
        "azure",
        "beige",
        "bisque",
        "black",
        "blanchedalmond",
        "blue",
        "blueviolet",
        "brown",
        "burlywood",
        "cadetblue",
        "chartreuse",
        "chocolate",
        "coral",
        "cornflowerblue",
        "cornsilk",
        "crimson",
        "cyan",
        "darkblue",
        "darkcyan",
        "darkgoldenrod",
        "darkgray",
        "darkgreen",
        "darkgrey",
        "darkkhaki",
        "darkmagenta",
        "darkolivegreen",
        "darkorange",
        "darkorchid",
        "darkred",
        "darksalmon",
        "darkseagreen",
        "darkslateblue",
        "darkslategray",
        "darkslategrey",
        "darkturquoise",
        "darkviolet",
        "deeppink",
        "deepskyblue",
        "dimgray",
        "dimgrey",
        "dodgerblue",
        "firebrick",
        "floralwhite",
        "forestgreen",
        "fuchsia",
        "gainsboro",
        "ghostwhite",
        "gold",
        "goldenrod",
        "gray",
        "green",
        "greenyellow",
        "grey",
        "honeydew",
        "hotpink",
        "indianred",
        "indigo",
        "ivory",
        "khaki",
        "lavender",
        "lavenderblush",
        "lawngreen",
        "lemonchiffon",
        "lightblue",
        "lightcoral",
        "lightcyan",
        "lightgoldenrodyellow",
        "lightgray",
        "lightgreen",
        "lightgrey",
        "lightpink",
        "lightsalmon",
        "lightseagreen",
        "lightskyblue",
        "lightslategray",
        "lightslategrey",
        "lightsteelblue",
        "lightyellow",
        "lime",
        "limegreen",
        "linen",
        "magenta",
        "maroon",
        "mediumaquamarine",
        "mediumblue",
        "mediumorchid",
        "mediumpurple",
        "mediumseagreen",
        "mediumslateblue",
        "mediumspringgreen",
        "mediumturquoise",
        "mediumvioletred",
        "midnightblue",
        "mintcream",
        "mistyrose",
        "moccasin",
        "navajowhite",
        "navy",
        "oldlace",
        "olive",
        "olivedrab",
        "orange",
        "orangered",
        "orchid",
        "palegoldenrod",
        "palegreen",
        "paleturquoise",
        "palevioletred",
        "papayawhip",
        "peachpuff",
        "peru",
        "pink",
        "plum",
        "powderblue",
        "purple",
        "rebeccapurple",
        "red",
        "rosybrown",
        "royalblue",
        "saddlebrown",
        "salmon",
        "sandybrown",
        "seagreen",
        "seashell",
        "sienna",
        "silver",
        "skyblue",
        "slateblue",
        "slategray",
        "slategrey",
        "snow",
        "springgreen",
        "steelblue",
        "tan",
        "teal",
        "thistle",
        "tomato",
        "turquoise",
        "violet",
        "wheat",
        "white",
        "whitesmoke",
        "yellow",
        "yellowgreen",
        "transparent",
    ]
)


class _Invalid(Exception):
    pass


@dataclass
class FieldSpec:
    slug: str
    type: str
    required: bool
    validations: Mapping[str, Any]


@dataclass
class Problems:
    details: list[dict[str, str]] = field(default_factory=list)
    # Reference checks need the database: collected here, resolved by the service in one query each.
    references: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (param, target, ids)

    def add(self, param: str, description: str) -> None:
        self.details.append({"param": param, "description": description})


def specs_of(field_rows: list[Row[Any]]) -> dict[str, FieldSpec]:
    return {f.slug: FieldSpec(f.slug, f.type, f.is_required, f.validations or {}) for f in field_rows}


def _text(v: Any, spec: FieldSpec) -> str:
    if not isinstance(v, str):
        raise _Invalid("Value must be a string")
    val = spec.validations
    if val.get("singleLine") and "\n" in v:
        raise _Invalid("Value must be a single line")
    if val.get("maxLength") is not None and len(v) > int(val["maxLength"]):
        raise _Invalid(f"Value must be at most {val['maxLength']} characters")
    if val.get("minLength") is not None and len(v) < int(val["minLength"]):
        raise _Invalid(f"Value must be at least {val['minLength']} characters")
    return v


def _rich(v: Any, _: FieldSpec) -> str:
    if not isinstance(v, str):
        raise _Invalid("Value must be an HTML string")
    return v


def _email(v: Any, _: FieldSpec) -> str:
    if not isinstance(v, str) or not EMAIL.match(v):
        raise _Invalid("Value must be a valid email address")
    return v


def _phone(v: Any, _: FieldSpec) -> str:
    if not isinstance(v, str) or not PHONE.match(v) or not any(c.isdigit() for c in v):
        raise _Invalid("Value must be a valid phone number")
    return v


def _link(v: Any, _: FieldSpec) -> str:
    if not isinstance(v, str) or not URL.match(v):
        raise _Invalid("Value must be a valid URL")
    return v


def _video(v: Any, _: FieldSpec) -> str:
    if not isinstance(v, str) or not re.match(r"^https?://\S+$", v, re.I):
        raise _Invalid("Value must be a valid video URL")
    return v


def _number(v: Any, spec: FieldSpec) -> int | float:
    if isinstance(v, bool) or not isinstance(v, int | float) or (isinstance(v, float) and not math.isfinite(v)):
        raise _Invalid("Value must be a number")
    if abs(v) > MAX_NUMBER:
        raise _Invalid(f"Value must be between -{MAX_NUMBER} and {MAX_NUMBER}")
    val = spec.validations
    if val.get("format") == "integer" and not float(v).is_integer():
        raise _Invalid("Value must be an integer")
    if val.get("allowNegative") is False and v < 0:
        raise _Invalid("Value must not be negative")
    if val.get("minValue") is not None and v < val["minValue"]:
        raise _Invalid(f"Value must be at least {val['minValue']}")
    if val.get("maxValue") is not None and v > val["maxValue"]:
        raise _Invalid(f"Value must be at most {val['maxValue']}")
    return int(v) if val.get("format") == "integer" else v


def _switch(v: Any, _: FieldSpec) -> bool:
    if not isinstance(v, bool):
        raise _Invalid("Value must be a boolean")
    return v


def _datetime(v: Any, _: FieldSpec) -> str:
    if not isinstance(v, str):
        raise _Invalid("Value must be an ISO-8601 date")
    try:
        return iso(parse_iso(v)) or ""
    except ValueError:
        raise _Invalid("Value must be an ISO-8601 date") from None


def _color(v: Any, _: FieldSpec) -> str:
    if not isinstance(v, str):
        raise _Invalid("Value must be a color")
    s = v.strip()
    if HEX_COLOR.match(s) or FUNC_COLOR.match(s) or s.lower() in CSS_COLORS:
        return s
    raise _Invalid("Value must be a color")


def _option(v: Any, spec: FieldSpec) -> str:
    ids = {o.get("id") for o in spec.validations.get("options", [])}
    if not isinstance(v, str) or v not in ids:
        raise _Invalid("Value must be the id of one of the field's options")
    return v


def _file_id(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:24]


def _image(v: Any, _: FieldSpec) -> dict[str, Any]:
    if isinstance(v, str):  # a bare asset id is {"fileId": ...}, a bare URL {"url": ...}
        v = {"fileId": v} if is_object_id(v) else {"url": v}
    if not isinstance(v, dict) or set(v) - {"fileId", "url", "alt"}:
        raise _Invalid("Value must be an object with fileId or url (and optional alt)")
    file_id, url, alt = v.get("fileId"), v.get("url"), v.get("alt")
    if file_id is not None and (not isinstance(file_id, str) or not is_object_id(file_id)):
        raise _Invalid("fileId must be a valid id")
    if url is not None and (not isinstance(url, str) or not re.match(r"^https?://\S+$", url, re.I)):
        raise _Invalid("url must be a valid http(s) URL")
    if file_id is None and url is None:
        raise _Invalid("Value must have a fileId or a url")
    if alt is not None and not isinstance(alt, str):
        raise _Invalid("alt must be a string")
    return {"fileId": file_id or _file_id(str(url)), "url": url, "alt": alt}


def _multi_image(v: Any, spec: FieldSpec) -> list[dict[str, Any]]:
    if not isinstance(v, list):
        raise _Invalid("Value must be an array of images")
    if len(v) > 25:
        raise _Invalid("At most 25 images")
    return [_image(x, spec) for x in v]


def _reference(v: Any, _: FieldSpec) -> str:
    if not isinstance(v, str) or not is_object_id(v):
        raise _Invalid("Value must be an item id")
    return v


def _multi_reference(v: Any, spec: FieldSpec) -> list[str]:
    if not isinstance(v, list):
        raise _Invalid("Value must be an array of item ids")
    out = [_reference(x, spec) for x in v]
    if len(set(out)) != len(out):
        raise _Invalid("Item ids must be unique")
    return out


CHECKS: dict[str, Callable[[Any, FieldSpec], Any]] = {
    "PlainText": _text,
    "RichText": _rich,
    "Email": _email,
    "Phone": _phone,
    "Link": _link,
    "VideoLink": _video,
    "Number": _number,
    "Switch": _switch,
    "DateTime": _datetime,
    "Color": _color,
    "Option": _option,
    "Image": _image,
    "File": _image,
    "MultiImage": _multi_image,
    "Reference": _reference,
    "MultiReference": _multi_reference,
}


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == []


def clean(
    specs: dict[str, FieldSpec],
    data: Mapping[str, Any],
    problems: Problems,
    *,
    creating: bool,
    base: Mapping[str, Any] | None = None,
    note: str = "",
) -> dict[str, Any]:
    """Validates `data` (merged over `base` for updates) and returns the fieldData to store."""
    out: dict[str, Any] = dict(base or {})
    for key, value in data.items():
        spec = specs.get(key)
        if spec is None:
            problems.add(key, UNKNOWN_FIELD + note)
            continue
        if _empty(value):
            # Emptying a field clears it; required fields are caught below.
            out.pop(key, None)
            continue
        try:
            out[key] = CHECKS[spec.type](value, spec) if spec.type in CHECKS else value
        except _Invalid as e:
            problems.add(key, str(e) + note)
            continue
        if spec.type == "Reference":
            problems.references.append((key, spec.validations.get("collectionId", ""), [out[key]]))
        elif spec.type == "MultiReference" and out[key]:
            problems.references.append((key, spec.validations.get("collectionId", ""), list(out[key])))
    if "slug" in out and isinstance(out["slug"], str) and out["slug"] and not is_valid_slug(out["slug"]):
        problems.add("slug", "Slug must contain only lowercase letters, numbers, hyphens and underscores" + note)
    for spec in specs.values():
        if spec.required and (creating or spec.slug in data) and _empty(out.get(spec.slug)):
            problems.add(spec.slug, "Field is required" + note)
    return out
