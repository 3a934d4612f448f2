"""The simulated clock: a time source plus an offset that tests push forward."""

from __future__ import annotations

import time
from collections.abc import Callable


class SimClock:
    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self._offset = 0.0

    def now(self) -> float:
        return self._source() + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the simulated clock only moves forward")
        self._offset += seconds

    def reset(self) -> None:
        self._offset = 0.0
