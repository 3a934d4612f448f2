"""GET/POST /wechat/callback: the official account's or mini-program's customer-service messages.

Plain mode when no EncodingAESKey is configured; with one, safe mode (encrypt_type=aes) only:
a plain message's URL signature covers only the timestamp and nonce, not the body or sender, so
accepting it would let one captured URL speak for any citizen. The URL signature and the
timestamp window are checked first; nothing is read or done for a request that fails them.
"""

from __future__ import annotations

import logging

from aiohttp import web

from bots.answering import answer_once
from bots.citizen import router
from bots.citizen.context import CitizenContext
from bots.crypto import open_envelope, seal
from bots.incoming import Incoming, read_message
from bots.replay import require_fresh, require_unseen
from bots.services import BOTS
from bots.wire import (
    Refused,
    empty_response,
    query_text,
    read_body,
    require_signature,
    xml_response,
)
from core.appkeys import CALENDAR, CATALOG_SEARCH, KV, SETTINGS
from core.errors import Unavailable
from core.wakeup import publish_wakeup
from models.outbox import Channel, RecipientType
from models.people import Citizen
from workflows import clock
from workflows.outbox import Notice, enqueue, notice_key

log = logging.getLogger(__name__)


def _token(request: web.Request) -> str:
    token = request.app[SETTINGS].bots.mp_token
    if not token:
        raise Refused(503, "not configured")
    return token


def _signed(request: web.Request, token: str) -> tuple[str, str]:
    timestamp, nonce = query_text(request, "timestamp"), query_text(request, "nonce")
    require_signature(query_text(request, "signature"), token, timestamp, nonce)
    require_fresh(timestamp, request.app[SETTINGS].wechat.webhook_max_skew_seconds)
    return timestamp, nonce


async def verify(request: web.Request) -> web.Response:
    try:
        _signed(request, _token(request))
        return web.Response(text=query_text(request, "echostr"))
    except Refused as refusal:
        return refusal.response("mp", log)


async def receive(request: web.Request) -> web.Response:
    try:
        return await _receive(request)
    except Refused as refusal:
        return refusal.response("mp", log)
    except Unavailable:
        return web.Response(status=503, text="try again later")


async def _receive(request: web.Request) -> web.Response:
    # Imported on the first message (wechatpy and requests: 7 MB a process otherwise).
    import wechatpy
    from wechatpy.replies import TextReply

    app = request.app
    token = _token(request)
    timestamp, nonce = _signed(request, token)
    crypto = app[BOTS].mp_crypto
    safe = request.query.get("encrypt_type", "raw") == "aes"
    if crypto is None and safe:
        raise Refused(400, "safe mode is not configured")
    if crypto is not None and not safe:
        raise Refused(403, "safe mode is required")
    body = await read_body(request, app[SETTINGS].bots.max_body_bytes)
    xml = body
    if crypto is not None:
        xml = open_envelope(crypto, body, query_text(request, "msg_signature"), timestamp, nonce)
    skew = app[SETTINGS].wechat.webhook_max_skew_seconds
    await require_unseen(app[KV], "mp", timestamp, nonce, body, skew)
    message = read_message(xml, wechatpy.parse_message)
    reply = await answer_once(
        "mp",
        message,
        lambda: _work(app, message),
        lambda text: _send_later(app, message, text),
        kv=app[KV],
        tasks=app[BOTS].tasks,
        settings=app[SETTINGS].bots,
    )
    if not reply:
        return empty_response()
    rendered = TextReply(source=message.target, target=message.source, content=reply).render()
    return xml_response(seal(crypto, rendered) if crypto is not None else rendered)


async def _work(app: web.Application, message: Incoming) -> str | None:
    context = CitizenContext(
        openid=message.source,
        citizen=await Citizen.get_or_none(openid=message.source),
        settings=app[SETTINGS],
        kv=app[KV],
        search=app[CATALOG_SEARCH],
        now=clock.utc_now(),
        calendar=await app[CALENDAR].current(),
    )
    return await router.dispatch(message, context)


async def _send_later(app: web.Application, message: Incoming, text: str) -> None:
    """A customer-service message through the outbox, for a citizen known by this openid."""
    citizen_id = await Citizen.filter(openid=message.source).first().values_list("id", flat=True)
    if citizen_id is None:
        return  # not a mini-program user: no outbox recipient (see bots/README.md)
    key = notice_key(
        "bot-reply", message.target, message.msg_id or message.create_time, "citizen", citizen_id
    )
    notice = Notice(
        key,
        Channel.CUSTOMER_SERVICE,
        "bot_reply",
        RecipientType.CITIZEN,
        int(citizen_id),
        {"text": text},
    )
    await enqueue([notice])
    settings = app[SETTINGS]
    await publish_wakeup(app[KV], settings.redis.prefix)
