"""The /__sim/ control API: users, clients, tampering with the next tokens, time and codes."""

from __future__ import annotations

from aiohttp import web

from devtools.idp_sim.endpoints import state_of
from devtools.idp_sim.state import Tampering
from devtools.wechat_sim.control_input import bad_request, body_of, number, required_str, str_list

OK = {"ok": True}


async def users(request: web.Request) -> web.Response:
    data = await body_of(request)
    claims = data.get("claims", {})
    if not isinstance(claims, dict):
        raise bad_request("claims must be an object")
    state_of(request).register_user(required_str(data, "sub"), claims)
    return web.json_response(OK)


async def clients(request: web.Request) -> web.Response:
    data = await body_of(request)
    state_of(request).register_client(
        required_str(data, "client_id"),
        required_str(data, "client_secret"),
        str_list(data, "redirect_uris"),
    )
    return web.json_response(OK)


async def tamper(request: web.Request) -> web.Response:
    """Spoil the id_tokens issued from now on: a key not in the JWKS, or claims overridden."""
    data = await body_of(request)
    claims = data.get("claims", {})
    if not isinstance(claims, dict):
        raise bad_request("claims must be an object")
    state_of(request).tampering = Tampering(wrong_key=data.get("wrong_key") is True, claims=claims)
    return web.json_response(OK)


async def expire_codes(request: web.Request) -> web.Response:
    state_of(request).expire_codes()
    return web.json_response(OK)


async def advance(request: web.Request) -> web.Response:
    data = await body_of(request)
    state = state_of(request)
    state.advance(number(data, "seconds"))
    return web.json_response({"now": state.now()})


async def reset(request: web.Request) -> web.Response:
    state = state_of(request)
    state.tampering = Tampering()
    state.codes.clear()
    state.access_tokens.clear()
    return web.json_response(OK)


def setup_control_routes(app: web.Application) -> None:
    app.router.add_routes(
        [
            web.post("/__sim/users", users),
            web.post("/__sim/clients", clients),
            web.post("/__sim/tamper", tamper),
            web.post("/__sim/expire_codes", expire_codes),
            web.post("/__sim/advance", advance),
            web.post("/__sim/reset", reset),
        ]
    )
