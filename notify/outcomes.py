"""Which WeChat answers are worth retrying, and how long to wait before the next try."""

from __future__ import annotations

import random

from core.wechat_api import TOKEN_ERRORS, WeChatApiError, WeChatUnreachable

# System busy, and quota/frequency limits: the same request can succeed later.
RETRYABLE_CODES = frozenset({-1, 45009, 45011, 45033}) | TOKEN_ERRORS
REFUSED = 43101
INVALID_PARAMETER = 40058


def is_retryable(error: Exception) -> bool:
    if isinstance(error, WeChatUnreachable):
        return True
    return isinstance(error, WeChatApiError) and error.errcode in RETRYABLE_CODES


def already_delivered(error: Exception) -> bool:
    """WeChat Work refuses a card whose task_id it has seen: an earlier try (from a worker that
    died before recording it) was delivered, so this one is done, not failed."""
    return (
        isinstance(error, WeChatApiError)
        and error.errcode == INVALID_PARAMETER
        and "task_id duplicated" in error.errmsg
    )


def error_code(error: Exception) -> str:
    if isinstance(error, WeChatApiError):
        return str(error.errcode)
    return "unreachable"


def error_message(error: Exception) -> str:
    if isinstance(error, WeChatApiError):
        return error.errmsg
    return f"WeChat could not be reached: {error}"


def backoff_seconds(attempts: int, base: float, ceiling: float) -> float:
    """Exponential, with jitter so that retries of many messages do not arrive together."""
    delay = min(ceiling, base * 2 ** max(0, attempts - 1))
    return delay * random.uniform(0.5, 1.0)
