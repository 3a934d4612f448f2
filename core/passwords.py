"""Staff password hashing with argon2id (argon2-cffi's tuned defaults).

argon2 is slow on purpose (tens of milliseconds of CPU and 64 MiB each), so the server never
runs it on the event loop: `PasswordPool` runs it in a few threads of its own (argon2-cffi
releases the GIL while hashing), and a burst of logins waits its turn instead of freezing
every other request.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so both paths cost the same time.

    Made on first use, not at import: each hash takes 64 MiB for a moment, which every process
    importing this module (the worker, the CLI) would otherwise add to its peak. The server
    makes it while starting (`PasswordPool.prepare`), before it serves, so no login waits for
    it and its 64 MiB never coincide with a login's.
    """
    return _hasher.hash("never-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        matches = _hasher.verify(password_hash or _dummy_hash(), password)
        return matches and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


class PasswordPool:
    """At most `size` password checks at once, each off the event loop."""

    def __init__(self, size: int) -> None:
        self._executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix="argon2")

    async def prepare(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._executor, _dummy_hash)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, verify_password, password_hash, password)

    async def hash(self, password: str) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, hash_password, password)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
