"""aiogram-style routing: one router per intent, small filters, the catch-all included last.

A handler gets the message and the webhook's context (its services) and returns the reply text,
or None for no reply.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from bots.incoming import Incoming

Handler = Callable[[Incoming, Any], Awaitable[str | None]]


class Filter(Protocol):
    def __call__(self, message: Incoming) -> bool: ...


@dataclass(frozen=True)
class Command:
    """A text message starting with one of the words (e.g. "进度 QS2025..."); args follow it."""

    words: tuple[str, ...]

    def __call__(self, message: Incoming) -> bool:
        return message.kind == "text" and self._word(message.text) is not None

    def _word(self, text: str) -> str | None:
        for word in sorted(self.words, key=len, reverse=True):
            rest = text[len(word) :]
            # "预约" and "预约 …" are the command; "预约怎么取消" is a question.
            if text.startswith(word) and (not rest or rest[0] in " ：:" or rest[0].isascii()):
                return word
        return None

    def args(self, message: Incoming) -> list[str]:
        word = self._word(message.text) or ""
        return message.text[len(word) :].replace("：", " ").replace(":", " ").split()


@dataclass(frozen=True)
class Exactly:
    """A text message that is exactly one of the words (greetings, help)."""

    words: frozenset[str]

    def __call__(self, message: Incoming) -> bool:
        return message.kind == "text" and message.text.lower() in self.words


@dataclass(frozen=True)
class Event:
    names: frozenset[str]

    def __call__(self, message: Incoming) -> bool:
        return message.kind == "event" and message.event in self.names


@dataclass(frozen=True)
class Kind:
    kinds: frozenset[str]

    def __call__(self, message: Incoming) -> bool:
        return message.kind in self.kinds


def anything(message: Incoming) -> bool:
    return True


class Router:
    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: list[tuple[tuple[Filter, ...], Handler]] = []
        self._children: list[Router] = []

    def on(self, *filters: Filter) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self._handlers.append((filters, handler))
            return handler

        return register

    def include(self, *routers: Router) -> None:
        self._children.extend(routers)

    def find(self, message: Incoming) -> Handler | None:
        for filters, handler in self._handlers:
            if all(f(message) for f in filters):
                return handler
        for child in self._children:
            found = child.find(message)
            if found is not None:
                return found
        return None

    async def dispatch(self, message: Incoming, context: Any) -> str | None:
        handler = self.find(message)
        return None if handler is None else await handler(message, context)
