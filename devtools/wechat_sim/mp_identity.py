"""Phone number (getPhoneNumber) and face verification 2.0 (人脸核身 getVerifyId/queryVerifyInfo).

The face API's docs name no error codes for a wrong verify_id or mismatched cert_hash; the
simulator answers 84001 for an unknown verify_id (the code the 1.0 API used) and 84002 when
out_seq_no, cert_hash or openid differ from getVerifyId's, 84003 before the person has finished.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from aiohttp import web

from devtools.wechat_sim.auth import mp_token
from devtools.wechat_sim.errors import ApiError
from devtools.wechat_sim.mp_identity_store import PHONE_CODE_TTL, VERIFY_ID_TTL, FaceSession
from devtools.wechat_sim.wire import object_field, read_json, reply, state_of, text_field

OUT_SEQ_NO = re.compile(r"^[A-Za-z0-9_-]{5,32}$")


def cert_hash(cert_type: str, cert_name: str, cert_no: str) -> str:
    """sha256 of `cert_type=b64&cert_name=b64&cert_no=b64`, as the queryVerifyInfo docs define."""

    def b64(value: str) -> str:
        return base64.b64encode(value.encode()).decode()

    joined = f"cert_type={b64(cert_type)}&cert_name={b64(cert_name)}&cert_no={b64(cert_no)}"
    return hashlib.sha256(joined.encode()).hexdigest()


async def get_user_phone_number(request: web.Request) -> web.Response:
    token = mp_token(request)
    state = state_of(request)
    body = await read_json(request)
    code = text_field(body, "code")
    if not code:
        raise ApiError(41008)
    issued = state.identity.phone_codes.get(code)
    if (
        issued is None
        or issued.used
        or issued.appid != token.owner
        or state.now() - issued.issued_at > PHONE_CODE_TTL
    ):
        raise ApiError(40029)
    issued.used = True
    pure = issued.phone.removeprefix("+86")
    info: dict[str, Any] = {
        "phoneNumber": pure,
        "purePhoneNumber": pure,
        "countryCode": "86",
        "watermark": {"timestamp": int(issued.issued_at), "appid": issued.appid},
    }
    return reply(request, {"errcode": 0, "errmsg": "ok", "phone_info": info})


async def get_verify_id(request: web.Request) -> web.Response:
    token = mp_token(request)
    state = state_of(request)
    body = await read_json(request)
    out_seq_no = text_field(body, "out_seq_no")
    openid = text_field(body, "openid")
    cert = object_field(body, "cert_info") or {}
    cert_type, name, number = (
        text_field(cert, "cert_type"),
        text_field(cert, "cert_name"),
        text_field(cert, "cert_no"),
    )
    if not OUT_SEQ_NO.match(out_seq_no) or cert_type != "IDENTITY_CARD":
        raise ApiError(47001)
    if not name or not number:
        raise ApiError(84006, "name or id_card_number empty")
    if not openid:
        raise ApiError(40003)
    faces = state.identity.faces.values()
    if any(f.out_seq_no == out_seq_no and f.appid == token.owner for f in faces):
        raise ApiError(47001, "out_seq_no already used")
    verify_id = state.identity.start_face(
        FaceSession(
            appid=token.owner,
            openid=openid,
            out_seq_no=out_seq_no,
            cert_hash=cert_hash(cert_type, name, number),
            issued_at=state.now(),
        )
    )
    return reply(
        request, {"errcode": 0, "errmsg": "ok", "verify_id": verify_id, "expires_in": VERIFY_ID_TTL}
    )


async def query_verify_info(request: web.Request) -> web.Response:
    token = mp_token(request)
    state = state_of(request)
    body = await read_json(request)
    session = state.identity.faces.get(text_field(body, "verify_id"))
    if session is None or session.appid != token.owner:
        raise ApiError(84001, "invalid verify_id")
    if (
        text_field(body, "out_seq_no") != session.out_seq_no
        or text_field(body, "cert_hash") != session.cert_hash
        or text_field(body, "openid") != session.openid
    ):
        raise ApiError(84002, "cert_info or openid not match")
    if session.verify_ret is None:
        if state.now() - session.issued_at > VERIFY_ID_TTL:
            raise ApiError(84001, "verify_id expired")
        raise ApiError(84003, "verify not finished")
    return reply(request, {"errcode": 0, "errmsg": "ok", "verify_ret": session.verify_ret})
