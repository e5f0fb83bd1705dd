from __future__ import annotations

import re

_SLUG_OK = re.compile(r"^[a-z0-9_-]+$")


def slugify(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")
    return s or "item"


def is_valid_slug(value: str) -> bool:
    return bool(_SLUG_OK.match(value))
