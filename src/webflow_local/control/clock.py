"""The one clock. Frozen or offset through the control plane; the state is in the database so every
server process agrees on the time."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from webflow_local.errors import ValidationFailed
from webflow_local.kit.timefmt import iso, parse_iso, truncate_ms

CLOCK_KEY = "clock"

# Ids carry their creation second in 32 unsigned bits (kit/ids.py), so the clock stays where they can:
# 1970-01-01T00:00:00Z .. 2106-02-07T06:28:15Z. Outside it every create would fail.
EARLIEST = datetime.fromtimestamp(0, UTC)
LATEST = datetime.fromtimestamp(2**32 - 1, UTC)
SPAN_SECONDS = (LATEST - EARLIEST).total_seconds()
RANGE_TEXT = f"between {iso(EARLIEST)} and {iso(LATEST)}"


def parse_instant(value: str) -> datetime:
    """An ISO-8601 timestamp the clock may show; ValueError otherwise."""
    try:
        return parse_iso(value, EARLIEST, LATEST)
    except ValueError:
        raise ValueError(f"must be an ISO-8601 timestamp {RANGE_TEXT}") from None


@dataclass(frozen=True)
class ClockState:
    frozen_at: datetime | None = None
    offset_seconds: float = 0.0

    @classmethod
    def load(cls, raw: Any) -> ClockState:
        if not raw:
            return cls()
        frozen = raw.get("frozenAt")
        return cls(parse_iso(frozen) if frozen else None, float(raw.get("offsetSeconds", 0.0)))

    def dump(self) -> dict[str, Any]:
        return {"frozenAt": iso(self.frozen_at), "offsetSeconds": self.offset_seconds}

    def now(self) -> datetime:
        if self.frozen_at is not None:
            return self.frozen_at
        return truncate_ms(datetime.now(UTC) + timedelta(seconds=self.offset_seconds))

    def advanced(self, seconds: float) -> ClockState:
        """The clock moved by `seconds`; a move that would leave the clock's range is a 400 on advanceSeconds
        (checked before any datetime arithmetic, which would overflow)."""
        if not math.isfinite(seconds) or abs(seconds) > SPAN_SECONDS:
            raise _out_of_range()
        if self.frozen_at is not None:
            moved = ClockState(truncate_ms(self.frozen_at + timedelta(seconds=seconds)), self.offset_seconds)
        else:
            moved = ClockState(None, self.offset_seconds + seconds)
            if abs(moved.offset_seconds) > 2 * SPAN_SECONDS:
                raise _out_of_range()
        if not EARLIEST <= moved.now() <= LATEST:
            raise _out_of_range()
        return moved


def _out_of_range() -> ValidationFailed:
    return ValidationFailed.param("advanceSeconds", f"the clock must stay {RANGE_TEXT}")
