"""The one clock. Frozen or offset through the control plane; the state is in the database so every
server process agrees on the time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from webflow_local.kit.timefmt import iso, parse_iso, truncate_ms

CLOCK_KEY = "clock"


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
        if self.frozen_at is not None:
            return ClockState(truncate_ms(self.frozen_at + timedelta(seconds=seconds)), self.offset_seconds)
        return ClockState(None, self.offset_seconds + seconds)
