"""The /__sim/ control API: approve templates, read what was delivered, inject faults."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from aiohttp import web

from devtools.sms_sim.api import STATE
from devtools.sms_sim.state import Fault


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="body must be JSON") from None
    if not isinstance(data, dict):
        raise web.HTTPBadRequest(text="body must be a JSON object")
    return data


async def templates(request: web.Request) -> web.Response:
    data = await _body(request)
    try:
        request.app[STATE].register_template(
            str(data["template_id"]), int(data["params"]), str(data.get("kind", "notice"))
        )
    except (KeyError, TypeError, ValueError):
        raise web.HTTPBadRequest(text="template_id and params (a count) are needed") from None
    return web.json_response({"ok": True})


async def messages(request: web.Request) -> web.Response:
    return web.json_response({"messages": [asdict(d) for d in request.app[STATE].delivered]})


async def faults(request: web.Request) -> web.Response:
    data = await _body(request)
    try:
        fault = Fault(
            code=str(data.get("code", "")),
            message=str(data.get("message", "")),
            http_status=int(data["http_status"]) if "http_status" in data else None,
            delay=float(data.get("delay", 0.0)),
            deliver_first=bool(data.get("deliver_first", False)),
            times=int(data.get("times", 1)),
        )
        request.app[STATE].inject_fault(str(data["action"]), fault)
    except (KeyError, TypeError, ValueError) as error:
        raise web.HTTPBadRequest(text=f"bad fault: {error}") from None
    return web.json_response({"ok": True})


async def numbers(request: web.Request) -> web.Response:
    """{"phone": "+86...", "blacklisted": bool, "unreachable": bool}"""
    data = await _body(request)
    state, phone = request.app[STATE], str(data.get("phone", ""))
    if not phone:
        raise web.HTTPBadRequest(text="phone is needed")
    for flag, bucket in (("blacklisted", state.blacklist), ("unreachable", state.unreachable)):
        if flag in data:
            (bucket.add if data[flag] else bucket.discard)(phone)
    return web.json_response({"ok": True})


async def replies(request: web.Request) -> web.Response:
    """{"phone": "+86...", "content": "1"}: the citizen replies to our text."""
    data = await _body(request)
    try:
        request.app[STATE].reply(str(data["phone"]), str(data["content"]))
    except (KeyError, ValueError) as error:
        raise web.HTTPBadRequest(text=f"bad reply: {error}") from None
    return web.json_response({"ok": True})


def add_routes(app: web.Application) -> None:
    app.router.add_post("/__sim/replies", replies)
    app.router.add_post("/__sim/templates", templates)
    app.router.add_get("/__sim/messages", messages)
    app.router.add_post("/__sim/faults", faults)
    app.router.add_post("/__sim/numbers", numbers)
