"""The login throttle's rules, on the in-process store with a clock we move by hand."""

from __future__ import annotations

import pytest

from core.errors import RateLimited
from core.kv import MemoryStore
from workflows.login_guard import LoginGuard, LoginPolicy

POLICY = LoginPolicy(
    free_failures=3,
    backoff_base_seconds=10,
    backoff_max_seconds=60,
    failure_memory_seconds=3600,
    account_failures_per_window=12,
    trusted_address_seconds=86_400,
    alert_failures=5,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _guard() -> tuple[LoginGuard, Clock]:
    clock = Clock()
    return LoginGuard(MemoryStore("t:", clock=clock), POLICY, clock=clock), clock


async def _wait_asked(guard: LoginGuard, address: str) -> int | None:
    try:
        await guard.check("clerk", address)
    except RateLimited as error:
        return error.retry_after
    return None


async def test_each_failure_past_the_free_ones_doubles_the_wait_up_to_the_maximum() -> None:
    guard, clock = _guard()
    waits = []
    for _ in range(7):
        await guard.check("clerk", "a")
        await guard.failed("clerk", "a")
        waits.append(await _wait_asked(guard, "a"))
        clock.now += waits[-1] or 0
    assert waits == [None, None, 10, 20, 40, 60, 60]
    # Another address, e.g. the owner's, never waited.
    assert await _wait_asked(guard, "b") is None


async def test_a_success_clears_that_address_and_trusts_it_through_an_account_wide_burst() -> None:
    guard, clock = _guard()
    await guard.failed("clerk", "home")
    await guard.succeeded("clerk", "home")
    for n in range(POLICY.account_failures_per_window):
        await guard.failed("clerk", f"botnet-{n}")
    # Past the account-wide ceiling: a new address waits until the burst is forgotten ...
    wait = await _wait_asked(guard, "somewhere-new")
    assert wait is not None and 0 < wait <= POLICY.failure_memory_seconds
    # ... but the owner's usual address may still try.
    assert await _wait_asked(guard, "home") is None
    clock.now += POLICY.failure_memory_seconds
    assert await _wait_asked(guard, "somewhere-new") is None


@pytest.mark.parametrize("addresses", [1, 5])
async def test_a_burst_is_reported_once_however_it_is_spread(addresses: int) -> None:
    guard, _ = _guard()
    bursts = [await guard.failed("clerk", f"a{n % addresses}") for n in range(10)]
    reported = [b for b in bursts if b is not None]
    assert len(reported) == 1 and reported[0].failures == POLICY.alert_failures
