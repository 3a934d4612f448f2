"""Throttling wrong staff passwords without letting a stranger lock the owner out.

Failures count per (account, client address): after a few, that address waits, twice as long
after each further failure. Another address is not slowed by them, so an attacker cannot lock
the owner out by guessing. Only as a last resort, when one account gathers very many failures
(many addresses at once), are addresses it never signed in from refused until the burst ends.
Everything here is checked before any password is hashed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from core.errors import RateLimited
from core.kv import KeyValueStore
from core.ratelimit import rate_key


@dataclass(frozen=True)
class LoginPolicy:
    free_failures: int
    backoff_base_seconds: float
    backoff_max_seconds: float
    failure_memory_seconds: int
    account_failures_per_window: int
    trusted_address_seconds: int
    alert_failures: int


@dataclass(frozen=True)
class Burst:
    """Failures on one account crossed the alert threshold: tell the admins, once."""

    account: str
    failures: int
    started_at: int  # when this burst's alert was raised, unix seconds; part of its dedupe key


def _pair(account: str, address: str) -> str:
    return f"{account}|{address}"


class LoginGuard:
    def __init__(
        self, kv: KeyValueStore, policy: LoginPolicy, clock: Callable[[], float] = time.time
    ) -> None:
        self._kv = kv
        self._policy = policy
        self._clock = clock

    @property
    def memory_minutes(self) -> int:
        return max(1, self._policy.failure_memory_seconds // 60)

    async def check(self, account: str, address: str) -> None:
        """Refuse (429 + Retry-After) an attempt this address must not make yet."""
        await self._refuse_while_locked(rate_key("login-wait", _pair(account, address)))
        if not await self._kv.get(rate_key("login-trusted", _pair(account, address))):
            await self._refuse_while_locked(rate_key("login-account-wait", account))

    async def failed(self, account: str, address: str) -> Burst | None:
        """Count a wrong password; returns the burst to alert about, the first time only."""
        policy = self._policy
        now = self._clock()
        pair = _pair(account, address)
        count, _ = await self._kv.hit(rate_key("login-fail", pair), policy.failure_memory_seconds)
        if count >= policy.free_failures:
            delay = policy.backoff_base_seconds * 2 ** min(count - policy.free_failures, 30)
            delay = min(delay, policy.backoff_max_seconds)
            await self._lock(rate_key("login-wait", pair), now, delay)
        total, resets_in = await self._kv.hit(
            rate_key("login-fail-account", account), policy.failure_memory_seconds
        )
        if total >= policy.account_failures_per_window:
            await self._lock(rate_key("login-account-wait", account), now, resets_in)
        if total < policy.alert_failures:
            return None
        first = await self._kv.set(
            rate_key("login-alerted", account), str(int(now)), ttl=resets_in, only_if_absent=True
        )
        return Burst(account, total, int(now)) if first else None

    async def succeeded(self, account: str, address: str) -> None:
        pair = _pair(account, address)
        await self._kv.delete(rate_key("login-fail", pair))
        await self._kv.delete(rate_key("login-wait", pair))
        if self._policy.trusted_address_seconds:
            await self._kv.set(
                rate_key("login-trusted", pair), "1", ttl=self._policy.trusted_address_seconds
            )

    async def _lock(self, key: str, now: float, seconds: float) -> None:
        await self._kv.set(key, repr(now + seconds), ttl=seconds)

    async def _refuse_while_locked(self, key: str) -> None:
        until = await self._kv.get(key)
        if until is None:
            return
        wait = math.ceil(float(until) - self._clock())
        if wait > 0:
            raise RateLimited(
                f"too many wrong passwords, try again in {wait} s",
                code="login_throttled",
                retry_after=wait,
            )
