"""access_token checks, with the code each host answers for a missing, stale or expired token."""

from __future__ import annotations

from aiohttp import web

from devtools.wechat_sim.errors import ApiError
from devtools.wechat_sim.tokens import Token, TokenKind, TokenStatus
from devtools.wechat_sim.wire import state_of

MP_KINDS = frozenset({TokenKind.MP, TokenKind.MP_STABLE})
# The mini-program host calls any token it cannot use "invalid credential ... not latest".
MP_INVALID = 40001
# WeChat Work keeps 40001 for a wrong secret and answers 40014 for a token it does not know.
WECOM_INVALID = 40014


def mp_token(request: web.Request) -> Token:
    return _valid_token(request, MP_KINDS, MP_INVALID)


def wecom_token(request: web.Request) -> Token:
    return _valid_token(request, frozenset({TokenKind.WECOM}), WECOM_INVALID)


def _valid_token(request: web.Request, kinds: frozenset[TokenKind], invalid_code: int) -> Token:
    value = request.query.get("access_token", "")
    if not value:
        raise ApiError(41001)
    state = state_of(request)
    status, token = state.tokens.check(value, state.now())
    if token is None or token.kind not in kinds:
        raise ApiError(invalid_code)
    if status is TokenStatus.EXPIRED:
        raise ApiError(42001)
    if status is not TokenStatus.VALID:
        raise ApiError(invalid_code)
    return token


def wecom_agent(request: web.Request, token: Token, value: object) -> int:
    """The agentid of a message must be the app the token was issued to."""
    if value is None or value == "":
        raise ApiError(41011)
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise ApiError(40056)
    agentid = int(value)
    if agentid == token.agentid:
        return agentid
    if agentid in state_of(request).wecom.agents(token.owner):
        raise ApiError(301002)
    raise ApiError(40056)
