"""A provincial platform simulator: takes our signed case steps, reviews and complaint feedback
(verifying each signature, timestamp and nonce as the province would), serves the catalog and
the reconciliation counts, and pushes items and complaints to us, signed.

On demand it refuses (`fail_next` requests with `fail_status`), answers slowly (`slow_seconds`),
loses its answer after recording (`lose_answers`: the sender retries and the event id makes the
repeat harmless) and pushes the same thing twice (`push(..., times=2)`).

    python -m devtools.province_sim --port 8095   (secrets from the environment, as ours)
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from core.exchange_signing import Algorithm, SignatureRefused, Verifier, sign
from core.kv import MemoryStore

STATE = web.AppKey("province_state", "ProvinceState")
EVENT_PATHS = {
    "/api/v1/case-steps": "case_steps",
    "/api/v1/reviews": "reviews",
    "/api/v1/complaints/feedback": "feedback",
}


@dataclass
class ProvinceState:
    platform_code: str = "county-demo"  # the key id our platform signs with
    outbound_secret: str = "county-outbound-secret"  # verifies what the county sends
    province_key_id: str = "province"
    inbound_secret: str = "province-inbound-secret"  # signs what the province pushes
    algorithm: Algorithm = "HMAC-SHA256"
    window_seconds: int = 300
    # What arrived, per kind: event id -> body (first receipt), and every receipt counted.
    received: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {"case_steps": {}, "reviews": {}, "feedback": {}}
    )
    receipts: Counter[str] = field(default_factory=Counter)
    # projectNo -> step numbers in the order they first arrived.
    order: dict[str, list[int]] = field(default_factory=dict)
    refused: list[dict[str, Any]] = field(default_factory=list)
    catalog: dict[str, dict[str, Any]] = field(default_factory=dict)
    fail_next: int = 0
    fail_status: int = 503
    slow_seconds: float = 0.0
    lose_answers: int = 0
    nonces: MemoryStore = field(default_factory=lambda: MemoryStore("province-sim:"))

    def verifier(self) -> Verifier:
        return Verifier(self.algorithm, self.platform_code, self.outbound_secret,
                        self.window_seconds, self.nonces, scope="sim")  # fmt: skip

    def day(self, day: str) -> list[str]:
        return sorted(
            event for event, body in self.received["case_steps"].items() if body.get("day") == day
        )

    def doubled(self) -> int:
        """Event ids recorded more than once as new (must stay 0: a repeat is only counted)."""
        return sum(1 for steps in self.order.values() for n in Counter(steps).values() if n > 1)

    def out_of_order(self) -> list[str]:
        return [case for case, steps in self.order.items() if steps != sorted(steps)]


def checksum(event_ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(event_ids)).encode()).hexdigest()


def _problem(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"code": code, "message": message}, status=status)


async def _verified(request: web.Request) -> bytes | web.Response:
    state = request.app[STATE]
    body = await request.read()
    try:
        await state.verifier().verify(
            request.headers, request.method, request.path_qs, body, time.time()
        )
    except SignatureRefused as refused:
        state.refused.append({"path": request.path, "code": refused.code})
        return _problem(401, refused.code, refused.message)
    if state.slow_seconds:
        await asyncio.sleep(state.slow_seconds)
    if state.fail_next > 0:
        state.fail_next -= 1
        return _problem(state.fail_status, "sim_fault", "simulated failure")
    return body


async def take_event(request: web.Request) -> web.Response:
    state = request.app[STATE]
    verified = await _verified(request)
    if isinstance(verified, web.Response):
        return verified
    try:
        body = json.loads(verified)
        event_id = str(body["eventId"])
    except (ValueError, KeyError, TypeError):
        return _problem(400, "bad_event", "a JSON object with eventId is required")
    kind = EVENT_PATHS[request.path]
    state.receipts[event_id] += 1
    duplicate = event_id in state.received[kind]
    if not duplicate:
        state.received[kind][event_id] = body
        if kind == "case_steps":
            state.order.setdefault(str(body.get("projectNo")), []).append(int(body["stepSeq"]))
    if state.lose_answers > 0:
        state.lose_answers -= 1
        return _problem(503, "sim_answer_lost", "recorded, but the answer is lost")
    return web.json_response({"receipt": f"P-{len(state.receipts)}", "duplicate": duplicate})


async def catalog(request: web.Request) -> web.Response:
    verified = await _verified(request)
    if isinstance(verified, web.Response):
        return verified
    return web.json_response({"items": list(request.app[STATE].catalog.values())})


async def reconciliation(request: web.Request) -> web.Response:
    verified = await _verified(request)
    if isinstance(verified, web.Response):
        return verified
    state = request.app[STATE]
    ids = state.day(request.query.get("day", ""))
    answer: dict[str, Any] = {"count": len(ids), "checksum": checksum(ids)}
    if request.query.get("ids") == "1":
        answer["eventIds"] = ids
    return web.json_response(answer)


async def control_state(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return web.json_response(
        {kind: len(events) for kind, events in state.received.items()}
        | {"refused": len(state.refused), "doubled": state.doubled(),
           "out_of_order": len(state.out_of_order())}
    )  # fmt: skip


async def control_faults(request: web.Request) -> web.Response:
    state, body = request.app[STATE], await request.json()
    for name in ("fail_next", "fail_status", "slow_seconds", "lose_answers"):
        if name in body:
            setattr(state, name, type(getattr(state, name))(body[name]))
    return web.json_response({"ok": True})


async def control_catalog(request: web.Request) -> web.Response:
    item = await request.json()
    request.app[STATE].catalog[item["taskCode"]] = item
    return web.json_response({"ok": True})


def create_app(state: ProvinceState) -> web.Application:
    app = web.Application()
    app[STATE] = state
    for path in EVENT_PATHS:
        app.router.add_post(path, take_event)
    app.router.add_get("/api/v1/catalog/items", catalog)
    app.router.add_get("/api/v1/reconciliation/case-steps", reconciliation)
    app.router.add_get("/__sim/state", control_state)
    app.router.add_post("/__sim/faults", control_faults)
    app.router.add_post("/__sim/catalog", control_catalog)
    return app


async def push(
    state: ProvinceState,
    base: str,
    path: str,
    payload: dict[str, Any],
    *,
    times: int = 1,
    secret: str | None = None,
    timestamp: float | None = None,
    nonce: str | None = None,
) -> list[tuple[int, dict[str, Any]]]:
    """Send a signed push (an item, a complaint) to our platform; `times=2` sends it twice (a
    fresh nonce each time, as a platform retrying would)."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    answers = []
    async with aiohttp.ClientSession() as http:
        for _ in range(times):
            headers = sign(
                state.algorithm, state.province_key_id, secret or state.inbound_secret, "POST",
                path, body, timestamp if timestamp is not None else time.time(), nonce,
            )  # fmt: skip
            headers["Content-Type"] = "application/json"
            async with http.post(base + path, data=body, headers=headers) as response:
                answers.append((response.status, await response.json(content_type=None)))
    return answers


async def start(
    state: ProvinceState, host: str = "127.0.0.1", port: int = 0
) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(create_app(state))
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1]
    return runner, f"http://{host}:{bound}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8095)
    args = parser.parse_args()
    env = os.environ.get
    state = ProvinceState(
        platform_code=env("MINIAPP_EXCHANGE_PLATFORM_CODE", "county-demo"),
        outbound_secret=env("MINIAPP_EXCHANGE_OUTBOUND_SECRET", "county-outbound-secret"),
        inbound_secret=env("MINIAPP_EXCHANGE_INBOUND_SECRET", "province-inbound-secret"),
    )
    web.run_app(create_app(state), host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
