"""`Idempotency-Key` on every logged-in write: a retry gets the stored answer, not a second change.

The endpoint wrapper (miniapp_api/operations.py) sends a write that carries the header through
`answer_once`: one transaction holds the key row, the handler's change (the workflows' own
transactions nest in it as savepoints) and the answer, so they commit together. A retry with
the same key, caller and request gets the stored status and body with `Idempotency-Replayed:
true`; the same key with another request is 422 `idempotency_key_reused`; a key whose first
request is still running waits for it (at most [idempotency] wait_seconds, then 409
`idempotency_key_in_progress`) and gets its answer. Only 2xx answers are stored
(workflows/idempotency.py says why).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from aiohttp import web
from tortoise.transactions import in_transaction

from core.appkeys import SETTINGS
from miniapp_api.write_limits import WRITE_METHODS
from workflows import clock
from workflows import idempotency as keys
from workflows.authz import Principal

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotency-Replayed"


@dataclass
class _Turn:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class KeysInFlight:
    """Requests of this process with the same (caller, key) take turns, so a retry sent while
    the first still runs waits here, holding no database connection, and then gets its answer.
    Across processes the key row's unique index does the same (workflows.idempotency.claim)."""

    def __init__(self) -> None:
        self._turns: dict[tuple[str, str], _Turn] = {}

    @asynccontextmanager
    async def turn(self, slot: tuple[str, str], wait_seconds: float) -> AsyncIterator[None]:
        turn = self._turns.setdefault(slot, _Turn())
        turn.users += 1
        try:
            try:
                async with asyncio.timeout(wait_seconds):
                    await turn.lock.acquire()
            except TimeoutError:
                raise keys.in_progress() from None
            try:
                yield
            finally:
                turn.lock.release()
        finally:
            turn.users -= 1
            if not turn.users:
                del self._turns[slot]


# Fields a stored answer must not keep: the case lookup secret is shown once and otherwise kept
# only as a hash, so a replay answers the same case with the secret empty (the logged-in citizen
# still reads the case; anyone else needed the secret from the first answer).
NOT_STORED_FIELDS = {
    "submitCase": ("lookup_secret",),
    "registerWalkInCase": ("lookup_secret",),
}
IN_FLIGHT = web.AppKey("idempotency_in_flight", KeysInFlight)


def takes_key(method: str, audience: str) -> bool:
    """Logged-in writes. Anonymous ones (login, staffLogin, lookupProgress) have no caller to
    scope a key to; an operation whose answer must not be stored says `replayable=False`."""
    return method in WRITE_METHODS and audience != "public"


def caller_of(principal: Principal) -> str:
    return f"{principal.kind}:{principal.id}"


class _AnsweredMeanwhile(Exception):
    """Another request with the key committed first: roll back and replay its answer."""


async def answer_once(
    request: web.Request, claim: keys.Claim, run: Callable[[], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    settings = request.app[SETTINGS].idempotency
    async with request.app[IN_FLIGHT].turn((claim.caller, claim.key), settings.wait_seconds):
        now = clock.utc_now()
        earlier = await keys.earlier_answer(claim, now)
        if earlier is not None:
            return _replay(earlier)
        try:
            async with in_transaction():
                retention = timedelta(hours=settings.retention_hours)
                if not await keys.claim(claim, now, retention, settings.wait_seconds):
                    raise _AnsweredMeanwhile
                response = await run()
                await keys.store(claim, _storable(response, claim.operation))
            return response
        except _AnsweredMeanwhile:
            earlier = await keys.earlier_answer(claim, now)
            if earlier is None:  # it expired in between: too old to tell
                raise keys.in_progress() from None
            return _replay(earlier)


def _storable(response: web.StreamResponse, operation_id: str) -> keys.StoredAnswer | None:
    if not isinstance(response, web.Response) or not 200 <= response.status < 300:
        return None
    body = response.body
    if body is not None and not isinstance(body, bytes):
        return None  # a streamed payload (a file): nothing this small store can hold
    text = (body or b"").decode()
    if operation_id in NOT_STORED_FIELDS:
        payload = json.loads(text)
        payload.update(dict.fromkeys(NOT_STORED_FIELDS[operation_id], ""))
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return keys.StoredAnswer(status=response.status, body=text)


def _replay(answer: keys.StoredAnswer) -> web.Response:
    headers = {REPLAYED_HEADER: "true"}
    if not answer.body:
        return web.Response(status=answer.status, headers=headers)
    return web.Response(
        status=answer.status,
        text=answer.body,
        content_type="application/json",
        headers=headers,
    )
