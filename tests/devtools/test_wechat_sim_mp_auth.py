"""Mini-program host: code2Session and the two access-token endpoints."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.wechat_sim import SimulatorState
from tests.devtools.sim_support import APPID, SECRET, Client, body, errcode

LOGIN = "/sns/jscode2session"
TOKEN = "/cgi-bin/token"
STABLE = "/cgi-bin/stable_token"
CUSTOM_SEND = "/cgi-bin/message/custom/send"


def login_params(code: str, **overrides: str) -> dict[str, str]:
    params = {
        "appid": APPID,
        "secret": SECRET,
        "js_code": code,
        "grant_type": "authorization_code",
    }
    return {**params, **overrides}


async def token_accepted(mp: Client, token: str) -> int:
    """40003 (unknown user) proves the token itself was accepted."""
    response = await mp.post(CUSTOM_SEND, params={"access_token": token}, json={"touser": "x"})
    return await errcode(response)


async def test_login_code_exchanges_for_openid_and_unionid(
    mp: Client, state: SimulatorState
) -> None:
    code = state.issue_login_code("o-alice", unionid="u-alice")

    response = await mp.get(LOGIN, params=login_params(code))

    assert response.content_type == "text/plain"
    data = await body(response)
    assert data["openid"] == "o-alice"
    assert data["unionid"] == "u-alice"
    assert len(data["session_key"]) == 24
    assert "errcode" not in data


async def test_login_without_unionid_omits_the_key(mp: Client, state: SimulatorState) -> None:
    code = state.issue_login_code("o-bob")

    data = await body(await mp.get(LOGIN, params=login_params(code)))

    assert data["openid"] == "o-bob"
    assert "unionid" not in data


async def test_login_code_works_only_once(mp: Client, state: SimulatorState) -> None:
    code = state.issue_login_code("o-alice")
    await mp.get(LOGIN, params=login_params(code))

    data = await body(await mp.get(LOGIN, params=login_params(code)))

    assert data["errcode"] == 40163
    assert data["errmsg"].startswith("code been used rid: ")


async def test_unknown_login_code_is_invalid(mp: Client) -> None:
    assert await errcode(await mp.get(LOGIN, params=login_params("no-such-code"))) == 40029


async def test_login_code_expires_after_five_minutes(mp: Client, state: SimulatorState) -> None:
    fresh = state.issue_login_code("o-alice")
    stale = state.issue_login_code("o-bob")
    state.advance(299)
    assert "openid" in await body(await mp.get(LOGIN, params=login_params(fresh)))

    state.advance(2)

    assert await errcode(await mp.get(LOGIN, params=login_params(stale))) == 40029


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"appid": "wx-other"}, 40013),
        ({"secret": "wrong"}, 40125),
        ({"grant_type": "client_credential"}, 40002),
        ({"js_code": ""}, 41008),
    ],
)
async def test_login_rejects_bad_parameters(
    mp: Client, state: SimulatorState, overrides: dict[str, str], expected: int
) -> None:
    code = state.issue_login_code("o-alice")

    assert await errcode(await mp.get(LOGIN, params=login_params(code, **overrides))) == expected


async def test_login_is_rate_limited_per_user(mp: Client, state: SimulatorState) -> None:
    state.set_rate_limit(LOGIN, 1)
    first, second = state.issue_login_code("o-alice"), state.issue_login_code("o-alice")
    other = state.issue_login_code("o-bob")
    await mp.get(LOGIN, params=login_params(first))

    assert await errcode(await mp.get(LOGIN, params=login_params(second))) == 45011
    assert "openid" in await body(await mp.get(LOGIN, params=login_params(other)))
    state.advance(60)
    assert "openid" in await body(await mp.get(LOGIN, params=login_params(second)))


async def test_token_answers_token_and_lifetime(mp: Client) -> None:
    params = {"grant_type": "client_credential", "appid": APPID, "secret": SECRET}

    data = await body(await mp.get(TOKEN, params=params))

    assert set(data) == {"access_token", "expires_in"}
    assert data["expires_in"] == 7200


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"appid": "wx-other"}, 40013),
        ({"secret": "wrong"}, 40125),
        ({"grant_type": "authorization_code"}, 40002),
    ],
)
async def test_token_rejects_bad_credentials(
    mp: Client, overrides: dict[str, str], expected: int
) -> None:
    params = {"grant_type": "client_credential", "appid": APPID, "secret": SECRET, **overrides}

    assert await errcode(await mp.get(TOKEN, params=params)) == expected


async def test_new_token_leaves_the_old_one_valid_for_five_minutes(
    mp: Client, state: SimulatorState, mp_token: str
) -> None:
    params = {"grant_type": "client_credential", "appid": APPID, "secret": SECRET}
    newer = (await body(await mp.get(TOKEN, params=params)))["access_token"]
    state.advance(299)
    assert await token_accepted(mp, mp_token) == 40003

    state.advance(2)

    assert await token_accepted(mp, mp_token) == 40001
    assert await token_accepted(mp, newer) == 40003


async def test_token_expires_after_two_hours(
    mp: Client, state: SimulatorState, mp_token: str
) -> None:
    state.advance(7200)

    assert await token_accepted(mp, mp_token) == 42001


async def test_expire_all_tokens_makes_them_expired(
    mp: Client, state: SimulatorState, mp_token: str
) -> None:
    state.expire_all_tokens()

    assert await token_accepted(mp, mp_token) == 42001


async def test_stable_token_is_reused_until_forced(mp: Client, state: SimulatorState) -> None:
    request: dict[str, Any] = {"grant_type": "client_credential", "appid": APPID, "secret": SECRET}
    first = await body(await mp.post(STABLE, json=request))
    state.advance(100)
    second = await body(await mp.post(STABLE, json=request))
    forced = await body(await mp.post(STABLE, json={**request, "force_refresh": True}))

    assert second["access_token"] == first["access_token"]
    assert (first["expires_in"], second["expires_in"]) == (7200, 7100)
    assert forced["access_token"] != first["access_token"]
    assert await token_accepted(mp, first["access_token"]) == 40001
    assert await token_accepted(mp, forced["access_token"]) == 40003


async def test_stable_token_is_isolated_from_token(mp: Client, mp_token: str) -> None:
    request = {"grant_type": "client_credential", "appid": APPID, "secret": SECRET}

    stable = await body(await mp.post(STABLE, json=request))

    assert stable["access_token"] != mp_token
    assert await token_accepted(mp, mp_token) == 40003


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [({"appid": "wx-other"}, 40013), ({"secret": "wrong"}, 40125), ({"grant_type": "x"}, 40002)],
)
async def test_stable_token_rejects_bad_credentials(
    mp: Client, overrides: dict[str, str], expected: int
) -> None:
    request = {"grant_type": "client_credential", "appid": APPID, "secret": SECRET, **overrides}

    assert await errcode(await mp.post(STABLE, json=request)) == expected


async def test_stable_token_with_malformed_json_is_a_data_format_error(mp: Client) -> None:
    headers = {"Content-Type": "application/json"}
    response = await mp.post(STABLE, data=b"{not json", headers=headers)

    assert await errcode(response) == 47001
