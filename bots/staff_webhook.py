"""GET/POST /wecom/callback: the WeChat Work app's callback (always encrypted).

URL verification answers the decrypted echostr; messages and events are decrypted, acted on once
and answered with an encrypted passive reply. A stale timestamp or a reused nonce with another
body is refused (bots/replay.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiohttp import web

from bots.answering import answer_once
from bots.crypto import check_echo, open_envelope, seal
from bots.incoming import Incoming, read_message
from bots.replay import require_fresh, require_unseen
from bots.services import BOTS
from bots.staff import router
from bots.staff.context import StaffContext, bound_staff
from bots.wire import Refused, empty_response, query_text, read_body, xml_response
from core.appkeys import CALENDAR, KV, SETTINGS
from core.errors import Unavailable
from workflows import clock
from workflows.regions.scope import Scope, staff_scope

if TYPE_CHECKING:
    from wechatpy.enterprise.crypto import WeChatCrypto as WeComCrypto

log = logging.getLogger(__name__)


def _crypto(request: web.Request) -> WeComCrypto:
    crypto = request.app[BOTS].wecom_crypto
    if crypto is None:
        raise Refused(503, "not configured")
    return crypto


def _query(request: web.Request) -> tuple[str, str, str]:
    return (
        query_text(request, "msg_signature"),
        query_text(request, "timestamp"),
        query_text(request, "nonce"),
    )


def _skew(request: web.Request) -> int:
    return request.app[SETTINGS].wechat.webhook_max_skew_seconds


async def verify(request: web.Request) -> web.Response:
    try:
        crypto = _crypto(request)
        signature, timestamp, nonce = _query(request)
        echo = check_echo(crypto, signature, timestamp, nonce, query_text(request, "echostr"))
        require_fresh(timestamp, _skew(request))
        return web.Response(text=echo)
    except Refused as refusal:
        return refusal.response("wecom", log)


async def receive(request: web.Request) -> web.Response:
    try:
        return await _receive(request)
    except Refused as refusal:
        return refusal.response("wecom", log)
    except Unavailable:
        return web.Response(status=503, text="try again later")


async def _receive(request: web.Request) -> web.Response:
    # Imported on the first message (wechatpy and requests: 7 MB a process otherwise).
    from wechatpy.enterprise import parse_message
    from wechatpy.enterprise.replies import TextReply

    app = request.app
    crypto = _crypto(request)
    signature, timestamp, nonce = _query(request)
    require_fresh(timestamp, _skew(request))  # cheap, before the body is read
    body = await read_body(request, app[SETTINGS].bots.max_body_bytes)
    xml = open_envelope(crypto, body, signature, timestamp, nonce)
    await require_unseen(app[KV], "wecom", timestamp, nonce, body, _skew(request))
    message = read_message(xml, parse_message)
    reply = await answer_once(
        "wecom",
        message,
        lambda: _work(app, message),
        None,  # staff actions are quick; a late text answer is dropped (cards still update)
        kv=app[KV],
        tasks=app[BOTS].tasks,
        settings=app[SETTINGS].bots,
    )
    if not reply:
        return empty_response()
    rendered = TextReply(source=message.target, target=message.source, content=reply).render()
    return xml_response(seal(crypto, rendered))


async def _work(app: web.Application, message: Incoming) -> str | None:
    staff = await bound_staff(message.source)
    context = StaffContext(
        userid=message.source,
        staff=staff,
        settings=app[SETTINGS],
        kv=app[KV],
        calendar=await app[CALENDAR].current(),
        wecom=app[BOTS].wecom,
        tasks=app[BOTS].tasks,
        now=clock.utc_now(),
        scope=await staff_scope(staff) if staff is not None else Scope(),
    )
    return await router.dispatch(message, context)
