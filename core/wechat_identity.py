"""The mini-program's identity APIs: phone number (getPhoneNumber) and face verification 2.0.

Both are server-side checks of what the mini-program reports: the phone code is exchanged for
the number WeChat verified; a face check is started with the verified name and ID number
(getVerifyId) and its outcome fetched from WeChat (queryVerifyInfo), never taken from the app.
WeChat's error numbers become domain errors here, so callers need not know them.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp

from core.errors import Conflict, Unavailable, UpstreamRejected
from core.settings import WeChatSettings
from core.wechat_api import WeChatApiError, WeChatUnreachable, call_json
from core.wechat_tokens import TokenCache, with_token

log = logging.getLogger(__name__)
INVALID_CODE = 40029
FACE_SUCCESS = 10000
FACE_SESSION_ERRORS = frozenset({84001, 84002})
FACE_NOT_FINISHED = 84003
CERT_TYPE = "IDENTITY_CARD"


@dataclass(frozen=True)
class FaceSession:
    verify_id: str
    expires_in: int


def cert_hash(name: str, id_number: str) -> str:
    """The digest queryVerifyInfo wants: sha256 of the base64 fields joined as a query string."""

    def b64(value: str) -> str:
        return base64.b64encode(value.encode()).decode()

    joined = f"cert_type={b64(CERT_TYPE)}&cert_name={b64(name)}&cert_no={b64(id_number)}"
    return hashlib.sha256(joined.encode()).hexdigest()


class WeChatIdentityClient:
    def __init__(
        self, http: aiohttp.ClientSession, settings: WeChatSettings, tokens: TokenCache
    ) -> None:
        self._http = http
        self._settings = settings
        self._tokens = tokens

    async def phone_number(self, code: str) -> str:
        try:
            data = await self._post("/wxa/business/getuserphonenumber", {"code": code})
        except WeChatApiError as error:
            if error.errcode == INVALID_CODE:
                raise UpstreamRejected(
                    "the phone code is invalid or already used; ask for the number again",
                    code="phone_code_invalid",
                ) from None
            raise _unavailable("getuserphonenumber", error) from None
        info = data.get("phone_info")
        phone = info.get("purePhoneNumber") if isinstance(info, dict) else None
        if not isinstance(phone, str) or not phone:
            raise Unavailable("WeChat answered without a phone number", code="wechat_bad_answer")
        return phone

    async def start_face(
        self, openid: str, out_seq_no: str, name: str, id_number: str
    ) -> FaceSession:
        body = {
            "out_seq_no": out_seq_no,
            "cert_info": {"cert_type": CERT_TYPE, "cert_name": name, "cert_no": id_number},
            "openid": openid,
        }
        try:
            data = await self._post("/cityservice/face/identify/getverifyid", body)
        except WeChatApiError as error:
            raise _unavailable("getverifyid", error) from None
        verify_id = data.get("verify_id")
        if not isinstance(verify_id, str) or not verify_id:
            raise Unavailable("WeChat answered without a verify_id", code="wechat_bad_answer")
        return FaceSession(verify_id, int(data.get("expires_in") or 3600))

    async def face_result(
        self, verify_id: str, out_seq_no: str, openid: str, name: str, id_number: str
    ) -> int:
        """verify_ret of the finished check (10000: recognised)."""
        body = {
            "verify_id": verify_id,
            "out_seq_no": out_seq_no,
            "cert_hash": cert_hash(name, id_number),
            "openid": openid,
        }
        try:
            data = await self._post("/cityservice/face/identify/queryverifyinfo", body)
        except WeChatApiError as error:
            if error.errcode == FACE_NOT_FINISHED:
                raise Conflict(
                    "the face check is not finished yet", code="face_not_finished"
                ) from None
            if error.errcode in FACE_SESSION_ERRORS:
                raise UpstreamRejected(
                    "WeChat does not know this face check for you; start again",
                    code="face_session_invalid",
                ) from None
            raise _unavailable("queryverifyinfo", error) from None
        return int(data.get("verify_ret") or 0)

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if not self._settings.appid or not self._settings.secret:
            raise Unavailable(
                "WeChat is not configured on this server", code="wechat_not_configured"
            )

        async def call(token: str) -> dict[str, Any]:
            return await call_json(
                self._http,
                "POST",
                self._settings.api_base + path,
                params={"access_token": token},
                body=body,
                timeout_seconds=self._settings.timeout_seconds,
            )

        try:
            return await with_token(self._tokens, call)
        except WeChatUnreachable as error:
            log.warning("WeChat call %s failed: %s", path, error)
            raise Unavailable(
                "WeChat cannot be reached, try again", code="wechat_unreachable"
            ) from None


def _unavailable(what: str, error: WeChatApiError) -> Unavailable:
    log.error("WeChat %s refused: %s", what, error.errcode)
    return Unavailable("WeChat refused the request, try again later", code="wechat_error")
