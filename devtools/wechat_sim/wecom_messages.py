"""WeChat Work app messages: message/send."""

from __future__ import annotations

import secrets

from aiohttp import web

from devtools.wechat_sim.auth import wecom_agent, wecom_token
from devtools.wechat_sim.errors import ApiError
from devtools.wechat_sim.wecom_payloads import (
    invalid_parameter,
    needs_response_code,
    validate_app_message,
)
from devtools.wechat_sim.wecom_recipients import resolve
from devtools.wechat_sim.wecom_store import SentCard
from devtools.wechat_sim.wire import object_field, read_json, reply, state_of, text_field


async def send(request: web.Request) -> web.Response:
    state = state_of(request)
    token = wecom_token(request)
    body = await read_json(request)
    if not state.allow_call(request.path, f"{token.owner}:{token.agentid}"):
        raise ApiError(45009)
    agentid = wecom_agent(request, token, body.get("agentid"))
    msgtype = validate_app_message(body)
    card = object_field(body, "template_card") if msgtype == "template_card" else None
    task_key = None
    if card is not None and text_field(card, "task_id"):
        task_key = (token.owner, agentid, text_field(card, "task_id"))
        if task_key in state.wecom.task_ids:
            raise invalid_parameter("template_card.task_id duplicated")
    recipients = resolve(state.wecom, body)
    if not recipients.anyone:
        raise ApiError(81013, extra=recipients.invalid_fields())
    delivered_to = recipients.users + recipients.parties + recipients.tags
    payload = {
        "errcode": 0,
        "errmsg": "ok",
        **recipients.invalid_fields(),
        "unlicenseduser": "",
        "msgid": secrets.token_urlsafe(32),
    }
    if task_key is not None:
        state.wecom.task_ids.add(task_key)
    if card is not None and needs_response_code(card):
        code = secrets.token_urlsafe(32)
        task_id = text_field(card, "task_id") or None
        state.wecom.response_codes[code] = SentCard(
            token.owner, agentid, task_id, recipients.users, state.now()
        )
        payload["response_code"] = code
    state.deliver("wecom.app", delivered_to, body)
    return reply(request, payload)
