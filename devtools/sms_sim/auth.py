"""Checking a request's TC3-HMAC-SHA256 signature as Tencent Cloud does, with its error codes."""

from __future__ import annotations

import hmac

from aiohttp import web

from core import tc3
from devtools.sms_sim.state import SmsSimState

VERSION = "2021-01-11"


class SimError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


def check_signature(request: web.Request, body: bytes, state: SmsSimState) -> None:
    parsed = tc3.parse_authorization(request.headers.get("Authorization", ""))
    if parsed is None:
        raise SimError("AuthFailure.InvalidAuthorization", "Authorization is malformed")
    try:
        timestamp = int(request.headers.get("X-TC-Timestamp", ""))
    except ValueError:
        raise SimError("InvalidParameter", "X-TC-Timestamp is not a number") from None
    if abs(state.clock() - timestamp) > state.signature_window_seconds:
        raise SimError("AuthFailure.SignatureExpire", "the signature expired (timestamp skew)")
    if parsed["secret_id"] != state.secret_id:
        raise SimError("AuthFailure.SecretIdNotFound", "the SecretId does not exist")
    signed = tuple(parsed["signed_headers"].split(";"))
    if "content-type" not in signed or "host" not in signed:
        raise SimError("AuthFailure.SignatureFailure", "content-type and host must be signed")
    if parsed["service"] != "sms" or parsed["date"] != tc3.utc_date(timestamp):
        raise SimError("AuthFailure.SignatureFailure", "the credential scope does not match")
    headers = {name: request.headers.get(name, "") for name in signed}
    canonical = tc3.canonical_request(request.method, headers, signed, body)
    expected = tc3.signature(state.secret_key, "sms", timestamp, canonical)
    if not hmac.compare_digest(expected, parsed["signature"]):
        raise SimError("AuthFailure.SignatureFailure", "the request signature does not match")
    if request.headers.get("X-TC-Version") != VERSION:
        raise SimError("NoSuchVersion", "the API version does not exist")
    if not request.headers.get("X-TC-Region"):
        raise SimError("MissingParameter", "X-TC-Region is missing")
