"""The /__sim/ control API, mounted on both hosts, for demos and benchmarks in other processes."""

from __future__ import annotations

from aiohttp import web

from devtools.wechat_sim.control_input import (
    bad_request,
    body_of,
    number,
    optional_int,
    optional_str,
    required_str,
    str_list,
)
from devtools.wechat_sim.wire import state_of

OK = {"ok": True}


async def login_code(request: web.Request) -> web.Response:
    data = await body_of(request)
    try:
        code = state_of(request).issue_login_code(
            required_str(data, "openid"),
            optional_str(data, "unionid"),
            appid=optional_str(data, "appid"),
        )
    except ValueError as error:
        raise bad_request(str(error)) from None
    return web.json_response({"code": code})


async def subscriptions(request: web.Request) -> web.Response:
    data = await body_of(request)
    count = optional_int(data, "count", 1) or 0
    if count < 1:
        raise bad_request("count must be at least 1")
    remaining = state_of(request).grant_subscription(
        required_str(data, "openid"), required_str(data, "template_id"), count
    )
    return web.json_response({"remaining": remaining})


async def faults(request: web.Request) -> web.Response:
    data = await body_of(request)
    path = required_str(data, "path")
    try:
        state_of(request).inject_fault(
            path,
            errcode=optional_int(data, "errcode"),
            errmsg=optional_str(data, "errmsg"),
            http_status=optional_int(data, "http_status"),
            delay=number(data, "delay", 0.0),
            times=optional_int(data, "times", 1) or 0,
        )
    except ValueError as error:
        raise bad_request(str(error)) from None
    return web.json_response({"pending": state_of(request).faults.pending(path)})


async def expire_tokens(request: web.Request) -> web.Response:
    state_of(request).expire_all_tokens()
    return web.json_response(OK)


async def advance(request: web.Request) -> web.Response:
    data = await body_of(request)
    state = state_of(request)
    state.advance(number(data, "seconds"))
    return web.json_response({"now": state.now()})


async def log(request: web.Request) -> web.Response:
    state = state_of(request)
    path = request.query.get("path")
    records = state.calls(path) if path else state.received
    return web.json_response({"requests": [record.to_dict() for record in records]})


async def delivered(request: web.Request) -> web.Response:
    channel = request.query.get("channel")
    messages = [
        message.to_dict()
        for message in state_of(request).delivered
        if channel is None or message.channel == channel
    ]
    return web.json_response({"messages": messages})


async def reset(request: web.Request) -> web.Response:
    state_of(request).reset()
    return web.json_response(OK)


async def templates(request: web.Request) -> web.Response:
    data = await body_of(request)
    state_of(request).register_template(required_str(data, "template_id"), str_list(data, "keys"))
    return web.json_response(OK)


async def interactions(request: web.Request) -> web.Response:
    data = await body_of(request)
    state_of(request).mark_interaction(required_str(data, "openid"))
    return web.json_response(OK)


async def wecom_users(request: web.Request) -> web.Response:
    data = await body_of(request)
    state_of(request).register_wecom_user(required_str(data, "userid"))
    return web.json_response(OK)


async def robots(request: web.Request) -> web.Response:
    data = await body_of(request)
    state_of(request).register_robot(required_str(data, "key"))
    return web.json_response(OK)


async def rate_limits(request: web.Request) -> web.Response:
    data = await body_of(request)
    try:
        state_of(request).set_rate_limit(
            required_str(data, "path"), optional_int(data, "per_minute")
        )
    except ValueError as error:
        raise bad_request(str(error)) from None
    return web.json_response(OK)


async def latency(request: web.Request) -> web.Response:
    data = await body_of(request)
    state_of(request).latency = number(data, "seconds")
    return web.json_response(OK)


def setup_control_routes(app: web.Application) -> None:
    app.router.add_routes(
        [
            web.post("/__sim/login_code", login_code),
            web.post("/__sim/subscriptions", subscriptions),
            web.post("/__sim/faults", faults),
            web.post("/__sim/expire_tokens", expire_tokens),
            web.post("/__sim/advance", advance),
            web.get("/__sim/log", log),
            web.get("/__sim/delivered", delivered),
            web.post("/__sim/reset", reset),
            web.post("/__sim/templates", templates),
            web.post("/__sim/interactions", interactions),
            web.post("/__sim/wecom_users", wecom_users),
            web.post("/__sim/robots", robots),
            web.post("/__sim/rate_limits", rate_limits),
            web.post("/__sim/latency", latency),
        ]
    )
