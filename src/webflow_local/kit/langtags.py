"""Locale tags as BCP 47 (RFC 5646) language tags: well-formed, and a two-letter language that ISO 639-1
knows (so `xx` or `english` is refused). Three-letter languages (ISO 639-2/3, e.g. `fil`, `haw`) are checked
for form only, and so are regions and scripts (docs/deviations.md)."""

from __future__ import annotations

import re

_CODES = """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el
en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu
ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na
nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so
sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
"""
ISO_639_1 = frozenset(_CODES.split())

# RFC 5646 section 2.1 `langtag` (no grandfathered or private-use-only tags): language, script, region,
# variants, extensions, private use.
_LANGTAG = re.compile(
    r"^(?P<language>[A-Za-z]{2,3})"
    r"(?:-(?P<script>[A-Za-z]{4}))?"
    r"(?:-(?P<region>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?$"
)


def problem(tag: str) -> str | None:
    """None for a valid tag; else what is wrong, for a validation error."""
    m = _LANGTAG.match(tag)
    if m is None:
        return f"{tag!r} is not a BCP 47 language tag (e.g. en, fr-FR, zh-Hant-TW)"
    language = m.group("language").lower()
    if len(language) == 2 and language not in ISO_639_1:
        return f"{tag!r}: {language!r} is not an ISO 639-1 language code (e.g. en, fr-FR, zh-Hant-TW)"
    return None
