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
    # Padded by hand: strftime's %Y writes year 1 as "1" on glibc, not "0001".
    return (f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}"
            f".{dt.microsecond // 1000:03d}Z")


# The instants a timestamp may name: Python's datetime holds years 1-9999 in UTC (and both databases store
# them), so a value such as 9999-12-31T23:59:59-01:00 names an instant that cannot be held.
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)


def parse_iso(value: str, earliest: datetime = EARLIEST, latest: datetime = LATEST) -> datetime:
    """Parses an ISO-8601 timestamp to a UTC instant; a value without an offset is taken as UTC. Every way
    it can fail, including a UTC instant outside [earliest, latest], is a ValueError."""
    if not isinstance(value, str):
        raise ValueError("an ISO-8601 timestamp must be a string")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        utc = dt.astimezone(UTC)
    except OverflowError:
        # An offset pushes the instant past year 1 or 9999.
        raise ValueError(f"{value!r} is outside {iso(earliest)} .. {iso(latest)}") from None
    if not earliest <= utc <= latest:
        raise ValueError(f"{value!r} is outside {iso(earliest)} .. {iso(latest)}")
    return truncate_ms(utc)


def truncate_ms(dt: datetime) -> datetime:
    return dt.replace(microsecond=dt.microsecond - dt.microsecond % 1000)
