"""Ids shaped like Webflow's: 24 lowercase hex digits (MongoDB ObjectIds).

Normal ids are time + process-random + counter, so ids made by one process sort in creation order.
With a seed (set through the control plane) ids are a pure function of the seed and a counter kept
in the database, so a test run can be repeated id for id."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import threading
from datetime import datetime

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")


def is_object_id(value: str) -> bool:
    return bool(OBJECT_ID.match(value))


class IdGenerator:
    def __init__(self) -> None:
        self._random = os.urandom(5)
        self._counter = itertools.count(int.from_bytes(os.urandom(3), "big"))
        self._lock = threading.Lock()

    def object_id(self, now: datetime) -> str:
        with self._lock:
            n = next(self._counter) & 0xFFFFFF
        return (int(now.timestamp()).to_bytes(4, "big") + self._random + n.to_bytes(3, "big")).hex()

    @staticmethod
    def seeded(seed: str, n: int) -> str:
        return hashlib.sha256(f"{seed}:{n}".encode()).hexdigest()[:24]


def token_value() -> str:
    return os.urandom(32).hex()
