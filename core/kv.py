"""Short-lived shared state (sessions, rate-limit windows, caches): Redis, or in-process.

Both stores add the configured prefix to every key, so nothing outside our namespace is touched.
The in-process store is the embedded default's fallback: right for a single process only.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from core.errors import RateLimited, Unavailable

# Connections to Redis per process. A burst waits for one of these (a queue) instead of opening a
# socket per request: thousands of sockets at once starve the event loop until reads time out.
REDIS_MAX_CONNECTIONS = 64
# How long a command may wait for a free connection before the request is told to come back.
REDIS_POOL_WAIT_SECONDS = 10.0
BUSY_RETRY_AFTER_SECONDS = 1


class KeyValueStore(Protocol):
    backend: str

    async def get(self, key: str) -> str | None: ...

    async def set(
        self, key: str, value: str, *, ttl: float | None = None, only_if_absent: bool = False
    ) -> bool: ...

    async def delete(self, key: str) -> bool: ...

    async def hit(self, key: str, window_seconds: int) -> tuple[int, int]:
        """Count one event in a fixed window; return (events so far, seconds until it resets)."""
        ...

    async def hit_each(self, counters: Sequence[tuple[str, int, int]]) -> tuple[int, int] | None:
        """`hit` each (key, window_seconds, limit) in turn, stopping at the first over its limit:
        its index and seconds until it resets, or None when none is over. One round trip."""
        ...

    async def get_and_hit_subject(
        self, key: str, counter_prefix: str, window_seconds: int
    ) -> tuple[str | None, tuple[int, int] | None]:
        """`get` a JSON record naming a subject ("kind", "id": a session) and, when there is
        one, `hit` the counter `counter_prefix + kind:id`: the value and (events, seconds until
        reset), or None when nothing was counted. One round trip."""
        ...

    async def add_member(self, key: str, member: str, *, ttl: float) -> None:
        """Add to a set, which then lives `ttl` seconds from now."""
        ...

    async def take_members(self, key: str) -> list[str]:
        """Read a set and delete it, at once."""
        ...

    async def ping(self) -> None: ...

    async def close(self) -> None: ...


class MemoryStore:
    backend = "memory"
    # Expired entries are swept every this many writes, so abandoned keys cannot pile up.
    SWEEP_EVERY = 1000

    def __init__(self, prefix: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._prefix = prefix
        self._clock = clock
        self._data: dict[str, tuple[str, float | None]] = {}
        self._writes = 0

    async def get(self, key: str) -> str | None:
        entry = self._live(self._prefix + key)
        return entry[0] if entry else None

    async def set(
        self, key: str, value: str, *, ttl: float | None = None, only_if_absent: bool = False
    ) -> bool:
        full = self._prefix + key
        if only_if_absent and self._live(full):
            return False
        expires = self._clock() + ttl if ttl else None
        self._data[full] = (value, expires)
        self._after_write()
        return True

    async def delete(self, key: str) -> bool:
        return self._data.pop(self._prefix + key, None) is not None

    async def hit(self, key: str, window_seconds: int) -> tuple[int, int]:
        full = self._prefix + key
        entry = self._live(full)
        now = self._clock()
        if entry is None:
            self._data[full] = ("1", now + window_seconds)
            self._after_write()
            return 1, window_seconds
        count = int(entry[0]) + 1
        expires = entry[1] or now + window_seconds
        self._data[full] = (str(count), expires)
        return count, max(1, int(expires - now + 0.999))

    async def hit_each(self, counters: Sequence[tuple[str, int, int]]) -> tuple[int, int] | None:
        for index, (key, window_seconds, limit) in enumerate(counters):
            count, resets_in = await self.hit(key, window_seconds)
            if count > limit:
                return index, resets_in
        return None

    async def get_and_hit_subject(
        self, key: str, counter_prefix: str, window_seconds: int
    ) -> tuple[str | None, tuple[int, int] | None]:
        raw = await self.get(key)
        subject = _subject_of(raw)
        if subject is None:
            return raw, None
        return raw, await self.hit(counter_prefix + subject, window_seconds)

    async def add_member(self, key: str, member: str, *, ttl: float) -> None:
        entry = self._live(self._prefix + key)
        members = set(json.loads(entry[0])) if entry else set()
        members.add(member)
        await self.set(key, json.dumps(sorted(members)), ttl=ttl)

    async def take_members(self, key: str) -> list[str]:
        entry = self._data.pop(self._prefix + key, None)
        return sorted(json.loads(entry[0])) if entry else []

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        self._data.clear()

    def _live(self, full_key: str) -> tuple[str, float | None] | None:
        entry = self._data.get(full_key)
        if entry is None:
            return None
        if entry[1] is not None and entry[1] <= self._clock():
            del self._data[full_key]
            return None
        return entry

    def _after_write(self) -> None:
        self._writes += 1
        if self._writes % self.SWEEP_EVERY == 0:
            now = self._clock()
            expired = [k for k, (_, exp) in self._data.items() if exp is not None and exp <= now]
            for k in expired:
                del self._data[k]


# KEYS: the counters in order; ARGV: window, limit of each. As `hit`, stopping at the first over.
HIT_EACH = """
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  redis.call('EXPIRE', key, ARGV[2 * i - 1], 'NX')
  if count > tonumber(ARGV[2 * i]) then
    return {i - 1, redis.call('TTL', key)}
  end
end
return {-1, 0}
"""


# KEYS[1]: a JSON record with "kind" and "id"; ARGV: the counter's full key prefix, its window.
# As GET, then `hit` of <prefix><kind>:<id> when the record names a subject. The counter's key is
# built here, from the value: fine on one Redis, not on a cluster (a key not named in KEYS).
GET_AND_HIT_SUBJECT = """
local raw = redis.call('GET', KEYS[1])
if not raw then return {false} end
local ok, record = pcall(cjson.decode, raw)
if not ok or type(record) ~= 'table' or type(record.kind) ~= 'string'
    or type(record.id) ~= 'number' then
  return {raw}
end
local key = ARGV[1] .. record.kind .. ':' .. string.format('%d', record.id)
local count = redis.call('INCR', key)
redis.call('EXPIRE', key, ARGV[2], 'NX')
return {raw, count, redis.call('TTL', key)}
"""


def _subject_of(raw: str | None) -> str | None:
    """`kind:id` of a JSON record naming a subject, as GET_AND_HIT_SUBJECT reads it."""
    try:
        record = json.loads(raw) if raw else None
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    kind, subject_id = record.get("kind"), record.get("id")
    if not isinstance(kind, str) or not isinstance(subject_id, int | float):
        return None
    return f"{kind}:{int(subject_id)}"


class RedisStore:
    backend = "redis"

    def __init__(self, url: str, prefix: str) -> None:
        self._prefix = prefix
        pool = aioredis.BlockingConnectionPool.from_url(
            url,
            decode_responses=True,
            socket_timeout=5,
            socket_connect_timeout=2,
            max_connections=REDIS_MAX_CONNECTIONS,
            timeout=REDIS_POOL_WAIT_SECONDS,
        )
        self._redis = aioredis.Redis(connection_pool=pool)
        self._hit_each = self._redis.register_script(HIT_EACH)
        self._get_and_hit_subject = self._redis.register_script(GET_AND_HIT_SUBJECT)

    @property
    def client(self) -> aioredis.Redis:
        return self._redis

    async def get(self, key: str) -> str | None:
        async with _unavailable_on_error():
            return await self._redis.get(self._prefix + key)

    async def set(
        self, key: str, value: str, *, ttl: float | None = None, only_if_absent: bool = False
    ) -> bool:
        async with _unavailable_on_error():
            px = int(ttl * 1000) if ttl else None
            done = await self._redis.set(self._prefix + key, value, px=px, nx=only_if_absent)
            return bool(done)

    async def delete(self, key: str) -> bool:
        async with _unavailable_on_error():
            return bool(await self._redis.delete(self._prefix + key))

    async def hit(self, key: str, window_seconds: int) -> tuple[int, int]:
        full = self._prefix + key
        async with _unavailable_on_error():
            pipe = self._redis.pipeline(transaction=True)
            pipe.incr(full)
            pipe.expire(full, window_seconds, nx=True)
            pipe.ttl(full)
            count, _, ttl = await pipe.execute()
            return int(count), max(1, int(ttl))

    async def hit_each(self, counters: Sequence[tuple[str, int, int]]) -> tuple[int, int] | None:
        keys = [self._prefix + key for key, _, _ in counters]
        args = [n for _, window_seconds, limit in counters for n in (window_seconds, limit)]
        async with _unavailable_on_error():
            index, ttl = await self._hit_each(keys=keys, args=args)
        return None if int(index) < 0 else (int(index), max(1, int(ttl)))

    async def get_and_hit_subject(
        self, key: str, counter_prefix: str, window_seconds: int
    ) -> tuple[str | None, tuple[int, int] | None]:
        async with _unavailable_on_error():
            found = await self._get_and_hit_subject(
                keys=[self._prefix + key], args=[self._prefix + counter_prefix, window_seconds]
            )
        raw = found[0] if found else None
        if len(found) < 3:
            return raw, None
        return raw, (int(found[1]), max(1, int(found[2])))

    async def add_member(self, key: str, member: str, *, ttl: float) -> None:
        full = self._prefix + key
        async with _unavailable_on_error():
            pipe = self._redis.pipeline(transaction=True)
            pipe.sadd(full, member)
            pipe.pexpire(full, int(ttl * 1000))
            await pipe.execute()

    async def take_members(self, key: str) -> list[str]:
        full = self._prefix + key
        async with _unavailable_on_error():
            pipe = self._redis.pipeline(transaction=True)
            pipe.smembers(full)
            pipe.delete(full)
            members, _ = await pipe.execute()
            return sorted(members)

    async def ping(self) -> None:
        async with _unavailable_on_error():
            await self._redis.ping()

    async def close(self) -> None:
        await self._redis.aclose(close_connection_pool=True)


class _unavailable_on_error:
    """Turn Redis failures into one domain error, so callers answer 503 rather than crash; a pool
    that stayed full for REDIS_POOL_WAIT_SECONDS is busy, not down: 429 with Retry-After."""

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: object, tb: object
    ) -> None:
        if exc_type is not None and _pool_exhausted(exc):
            raise RateLimited(
                "the service is busy, try again shortly",
                code="busy",
                retry_after=BUSY_RETRY_AFTER_SECONDS,
            )
        if exc_type is not None and issubclass(exc_type, RedisError | OSError):
            raise Unavailable(
                "the cache is unavailable, try again shortly", code="cache_unavailable"
            )


def _pool_exhausted(exc: object) -> bool:
    # BlockingConnectionPool's way of saying it waited out its timeout (redis-py has no own type).
    return isinstance(exc, RedisConnectionError) and str(exc) == "No connection available."


def open_store(url: str, prefix: str) -> KeyValueStore:
    return RedisStore(url, prefix) if url else MemoryStore(prefix)
