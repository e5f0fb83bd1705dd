"""Webflow's timestamps: ISO-8601 UTC with milliseconds and `Z`."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache


def iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    return _iso(dt)


@lru_cache(maxsize=4096)
def _iso(dt: datetime) -> str:
    # Cached: a bulk write formats the same few instants thousands of times, and strftime is slow.
    dt = dt.astimezone(UTC)
    return f"{dt:%Y-%m-%dT%H:%M:%S}.{dt.microsecond // 1000:03d}Z"


def parse_iso(value: str) -> datetime:
    """Parses an ISO-8601 timestamp; a value without an offset is taken as UTC."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return truncate_ms(dt.astimezone(UTC))


def truncate_ms(dt: datetime) -> datetime:
    return dt.replace(microsecond=dt.microsecond - dt.microsecond % 1000)
