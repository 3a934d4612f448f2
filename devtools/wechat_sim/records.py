"""What the simulator saw (requests) and what it would have delivered to people (messages)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class RequestRecord:
    host: str
    method: str
    path: str
    query: dict[str, str]
    json: Any
    at: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DeliveredMessage:
    channel: str
    recipients: tuple[str, ...]
    payload: dict[str, Any]
    at: float

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "recipients": list(self.recipients)}
