"""The middleware of both hosts: log the call, apply latency and faults, turn ApiError into JSON."""

from __future__ import annotations

import asyncio
from http import HTTPStatus

from aiohttp import web
from aiohttp.typedefs import Handler

from devtools.wechat_sim.errors import ApiError, error_body
from devtools.wechat_sim.faults import Fault
from devtools.wechat_sim.records import RequestRecord
from devtools.wechat_sim.wire import CONTROL_PREFIX, HOST, parse_json_object, reply, state_of


@web.middleware
async def simulator_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith(CONTROL_PREFIX):
        return await handler(request)
    state = state_of(request)
    raw = await request.read()
    state.received.append(
        RequestRecord(
            host=request.app[HOST],
            method=request.method,
            path=request.path,
            query=dict(request.query),
            json=parse_json_object(raw) if raw else None,
            at=state.now(),
        )
    )
    if state.latency > 0:
        await asyncio.sleep(state.latency)
    fault = state.faults.take(request.path)
    if fault is not None:
        if fault.delay > 0:
            await asyncio.sleep(fault.delay)
        injected = _fault_response(request, fault)
        if injected is not None:
            return injected
    try:
        return await handler(request)
    except ApiError as error:
        return _error_response(request, error)


def _error_response(request: web.Request, error: ApiError, *, status: int = 200) -> web.Response:
    body = error_body(request.app[HOST], error, state_of(request).now(), request.remote or "")
    return reply(request, body, status=status)


def _fault_response(request: web.Request, fault: Fault) -> web.Response | None:
    status = fault.http_status or 200
    if fault.errcode is not None:
        if fault.errmsg is not None:
            return reply(request, {"errcode": fault.errcode, "errmsg": fault.errmsg}, status=status)
        return _error_response(request, ApiError(fault.errcode), status=status)
    if fault.http_status is not None:
        # What the gateway in front of WeChat answers: an HTML page, not JSON.
        page = f"<html><head><title>{status} {_phrase(status)}</title></head><body></body></html>"
        return web.Response(status=status, text=page, content_type="text/html")
    return None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
