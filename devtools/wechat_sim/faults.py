"""Faults queued per path: an errcode, an HTTP status, or a delay, for the next N calls."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


@dataclass
class Fault:
    errcode: int | None = None
    errmsg: str | None = None
    http_status: int | None = None
    delay: float = 0.0
    remaining: int = 1

    def __post_init__(self) -> None:
        if self.remaining < 1:
            raise ValueError("a fault must apply at least once")
        if self.delay < 0:
            raise ValueError("a delay cannot be negative")
        if self.http_status is not None and not 100 <= self.http_status <= 599:
            raise ValueError("http_status must be an HTTP status code")


class FaultInjector:
    def __init__(self) -> None:
        self._queues: dict[str, deque[Fault]] = {}

    def inject(self, path: str, fault: Fault) -> None:
        self._queues.setdefault(path, deque()).append(fault)

    def take(self, path: str) -> Fault | None:
        queue = self._queues.get(path)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining == 0:
            queue.popleft()
        return fault

    def pending(self, path: str) -> int:
        return sum(fault.remaining for fault in self._queues.get(path, ()))

    def clear(self) -> None:
        self._queues.clear()
