"""Calls-per-minute limits per endpoint and subject, counted on the simulated clock."""

from __future__ import annotations

from collections import deque

WINDOW_SECONDS = 60.0


class RateLimiter:
    def __init__(self, limits: dict[str, int] | None = None) -> None:
        self._limits: dict[str, int] = dict(limits or {})
        self._hits: dict[tuple[str, str], deque[float]] = {}

    def set_limit(self, path: str, per_minute: int | None) -> None:
        if per_minute is None:
            self._limits.pop(path, None)
            return
        if per_minute < 0:
            raise ValueError("a rate limit cannot be negative")
        self._limits[path] = per_minute

    def limit(self, path: str) -> int | None:
        return self._limits.get(path)

    def allow(self, path: str, subject: str, now: float) -> bool:
        """Count one call; refused calls are not counted, so waiting a minute always helps."""
        limit = self._limits.get(path)
        if limit is None:
            return True
        hits = self._hits.setdefault((path, subject), deque())
        while hits and hits[0] <= now - WINDOW_SECONDS:
            hits.popleft()
        if len(hits) >= limit:
            return False
        hits.append(now)
        return True

    def clear_hits(self) -> None:
        self._hits.clear()
