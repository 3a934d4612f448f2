"""WeChat Work message/update_template_card: one update per response_code, within 72 hours."""

from __future__ import annotations

from aiohttp import web

from devtools.wechat_sim.auth import wecom_agent, wecom_token
from devtools.wechat_sim.errors import ApiError
from devtools.wechat_sim.wecom_payloads import invalid_parameter, validate_card
from devtools.wechat_sim.wecom_store import RESPONSE_CODE_TTL
from devtools.wechat_sim.wire import object_field, read_json, reply, state_of, text_field


async def update_template_card(request: web.Request) -> web.Response:
    state = state_of(request)
    token = wecom_token(request)
    body = await read_json(request)
    if not state.allow_call(request.path, f"{token.owner}:{token.agentid}"):
        raise ApiError(45009)
    agentid = wecom_agent(request, token, body.get("agentid"))
    sent = state.wecom.response_codes.get(text_field(body, "response_code"))
    if (
        sent is None
        or sent.used
        or (sent.corpid, sent.agentid) != (token.owner, agentid)
        or state.now() - sent.issued_at > RESPONSE_CODE_TTL
    ):
        raise invalid_parameter("response_code invalid")
    button = object_field(body, "button")
    card = object_field(body, "template_card")
    if button is not None:
        if not text_field(button, "replace_name"):
            raise invalid_parameter("button.replace_name missing")
    elif card is not None:
        validate_card(card)
    else:
        raise invalid_parameter("button or template_card missing")
    userids = body.get("userids")
    asked = [u for u in userids if isinstance(u, str)] if isinstance(userids, list) else []
    invalid = [u.lower() for u in asked if not state.wecom.has_user(u)]
    sent.used = True
    targets = [u for u in asked if state.wecom.has_user(u)] or list(sent.recipients)
    state.deliver("wecom.update_card", targets, body)
    return reply(request, {"errcode": 0, "errmsg": "ok", "invaliduser": invalid})
