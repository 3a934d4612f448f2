"""WeChat's error codes, their English errmsg on each host, and the request-id suffix each adds."""

from __future__ import annotations

import secrets
from typing import Any

MP_HOST = "mp"
WECOM_HOST = "wecom"

MP_MESSAGES: dict[int, str] = {
    -1: "system error",
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40003: "invalid openid",
    40008: "invalid message type",
    40013: "invalid appid",
    40029: "invalid code",
    40037: "invalid template_id",
    40125: "invalid appsecret",
    40163: "code been used",
    41001: "access_token missing",
    41002: "appid missing",
    41004: "appsecret missing",
    41008: "missing code",
    42001: "access_token expired",
    43101: "user refuse to accept the msg",
    44004: "empty content",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit, must slower, retry next minute",
    45015: "response out of time limit or subscription is canceled",
    47001: "data format error",
    47003: "argument invalid!",
}

WECOM_MESSAGES: dict[int, str] = {
    -1: "system busy",
    40001: "invalid credential",
    40008: "invalid message type",
    40013: "invalid corpid",
    40014: "invalid access_token",
    40056: "invalid agentid",
    40058: "invalid Request Parameter",
    41001: "access_token missing",
    41002: "corpid missing",
    41004: "corpsecret missing",
    41010: "missing url",
    41011: "missing agentid",
    41016: "missing title",
    41033: "missing description",
    42001: "access_token expired",
    44004: "empty content",
    45009: "api freq out of limit",
    47001: "data format error",
    81013: "user & party & tag all invalid",
    93000: "invalid webhook url",
    301002: "not allow operate another agent with this accesstoken.",
}

WECOM_QUERY_URL = "https://open.work.weixin.qq.com/devtool/query?e="


class ApiError(Exception):
    """A WeChat business error: answered as HTTP 200 with errcode/errmsg, like the real hosts."""

    def __init__(
        self, errcode: int, errmsg: str | None = None, *, extra: dict[str, Any] | None = None
    ) -> None:
        super().__init__(errcode, errmsg)
        self.errcode = errcode
        self.errmsg = errmsg
        self.extra = extra or {}


def default_message(host: str, errcode: int) -> str:
    table = WECOM_MESSAGES if host == WECOM_HOST else MP_MESSAGES
    return table.get(errcode, "system error")


def with_request_id(host: str, errcode: int, message: str, now: float, remote: str) -> str:
    """Append the trace id each host adds, so clients cannot get away with matching errmsg."""
    if host == WECOM_HOST:
        hint = f"{int(now)}{secrets.randbelow(10**15):015d}"
        return (
            f"{message}, hint: [{hint}], from ip: {remote}, more info at {WECOM_QUERY_URL}{errcode}"
        )
    rid = f"{int(now):08x}-{secrets.token_hex(4)}-{secrets.token_hex(4)}"
    return f"{message} rid: {rid}"


def error_body(host: str, error: ApiError, now: float, remote: str) -> dict[str, Any]:
    message = error.errmsg or default_message(host, error.errcode)
    errmsg = with_request_id(host, error.errcode, message, now, remote)
    return {"errcode": error.errcode, "errmsg": errmsg, **error.extra}
