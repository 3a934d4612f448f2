"""The identity-platform simulator speaks OIDC as a relying party expects, and refuses what a
real provider refuses: wrong redirect_uri, reused or expired codes, a bad PKCE verifier."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet
from pytest_aiohttp import AiohttpClient

from core.oidc import basic_auth_header as basic
from core.oidc import new_pkce
from devtools.idp_sim import IdpState, create_idp_app
from tests.devtools.sim_support import Client

CLIENT, SECRET, REDIRECT = "miniapp-client", "idp-demo-secret", "https://app.example/cb"


@pytest.fixture
def idp_state() -> IdpState:
    state = IdpState(CLIENT, SECRET, REDIRECT)
    state.register_user("u1", {"name": "张三", "id_card_number": "11010519491231002X"})
    return state


@pytest.fixture
async def idp(aiohttp_client: AiohttpClient, idp_state: IdpState) -> Client:
    return await aiohttp_client(create_idp_app(idp_state))


async def _authorize(idp: Client, challenge: str, **extra: str) -> str:
    params = {
        "response_type": "code",
        "client_id": CLIENT,
        "redirect_uri": REDIRECT,
        "scope": "openid profile",
        "state": "s1",
        "nonce": "n1",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "login_as": "u1",
        **extra,
    }
    response = await idp.get("/authorize", params=params, allow_redirects=False)
    assert response.status == 302
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["state"] == ["s1"]
    return query["code"][0]


async def _token(idp: Client, code: str, verifier: str, **extra: str) -> tuple[int, dict]:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    form |= {"code_verifier": verifier, "client_id": CLIENT, "client_secret": SECRET, **extra}
    response = await idp.post("/token", data=form)
    return response.status, await response.json()


async def test_discovery_names_every_endpoint_under_its_own_issuer(idp: Client) -> None:
    doc = await (await idp.get("/.well-known/openid-configuration")).json()
    issuer = str(idp.make_url("")).rstrip("/")
    assert doc["issuer"] == issuer
    assert doc["jwks_uri"] == issuer + "/jwks"
    assert doc["code_challenge_methods_supported"] == ["S256"]


async def test_code_flow_gives_an_id_token_signed_by_the_published_key(idp: Client) -> None:
    pkce = new_pkce()
    code = await _authorize(idp, pkce.challenge)
    status, tokens = await _token(idp, code, pkce.verifier)
    assert status == 200
    keys = KeySet.import_key_set(await (await idp.get("/jwks")).json())
    claims = jwt.decode(tokens["id_token"], keys).claims
    assert (claims["aud"], claims["nonce"], claims["sub"]) == (CLIENT, "n1", "u1")
    assert claims["id_card_number"] == "11010519491231002X"
    info = await idp.get("/userinfo", headers={"Authorization": "Bearer " + tokens["access_token"]})
    assert (await info.json())["name"] == "张三"


async def test_basic_client_authentication_works_and_a_wrong_secret_is_401(idp: Client) -> None:
    pkce = new_pkce()
    code = await _authorize(idp, pkce.challenge)
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    form["code_verifier"] = pkce.verifier
    wrong = await idp.post("/token", data=form, headers={"Authorization": basic(CLIENT, "nope")})
    assert wrong.status == 401
    assert (await wrong.json())["error"] == "invalid_client"
    right = await idp.post("/token", data=form, headers={"Authorization": basic(CLIENT, SECRET)})
    assert right.status == 200


async def test_wrong_redirect_uri_is_shown_to_the_user_not_redirected(idp: Client) -> None:
    response = await idp.get(
        "/authorize",
        params={"client_id": CLIENT, "redirect_uri": "https://evil.example/cb"},
        allow_redirects=False,
    )
    assert response.status == 400
    assert "Location" not in response.headers


async def test_authorize_without_pkce_goes_back_with_invalid_request(idp: Client) -> None:
    params = {"response_type": "code", "client_id": CLIENT, "redirect_uri": REDIRECT}
    params |= {"scope": "openid", "state": "s"}
    response = await idp.get("/authorize", params=params, allow_redirects=False)
    assert response.status == 302
    assert parse_qs(urlsplit(response.headers["Location"]).query)["error"] == ["invalid_request"]


async def test_reused_code_is_invalid_grant(idp: Client) -> None:
    pkce = new_pkce()
    code = await _authorize(idp, pkce.challenge)
    assert (await _token(idp, code, pkce.verifier))[0] == 200
    status, body = await _token(idp, code, pkce.verifier)
    assert (status, body["error"]) == (400, "invalid_grant")


async def test_expired_code_is_invalid_grant(idp: Client, idp_state: IdpState) -> None:
    pkce = new_pkce()
    code = await _authorize(idp, pkce.challenge)
    await idp.post("/__sim/expire_codes")
    status, body = await _token(idp, code, pkce.verifier)
    assert (status, body["error"]) == (400, "invalid_grant")


async def test_bad_pkce_verifier_is_invalid_grant(idp: Client) -> None:
    code = await _authorize(idp, new_pkce().challenge)
    status, body = await _token(idp, code, new_pkce().verifier)
    assert (status, body["error"]) == (400, "invalid_grant")


async def test_token_redirect_uri_must_match_the_authorize_request(idp: Client) -> None:
    pkce = new_pkce()
    code = await _authorize(idp, pkce.challenge)
    status, body = await _token(idp, code, pkce.verifier, redirect_uri="https://app.example/x")
    assert (status, body["error"]) == (400, "invalid_grant")


async def test_control_api_signs_with_a_key_the_jwks_does_not_hold(idp: Client) -> None:
    await idp.post("/__sim/tamper", json={"wrong_key": True})
    pkce = new_pkce()
    _, tokens = await _token(idp, await _authorize(idp, pkce.challenge), pkce.verifier)
    keys = KeySet.import_key_set(await (await idp.get("/jwks")).json())
    with pytest.raises(BadSignatureError):
        jwt.decode(tokens["id_token"], keys)


async def test_control_api_overrides_claims(idp: Client) -> None:
    await idp.post("/__sim/tamper", json={"claims": {"aud": "someone-else"}})
    pkce = new_pkce()
    _, tokens = await _token(idp, await _authorize(idp, pkce.challenge), pkce.verifier)
    keys = KeySet.import_key_set(await (await idp.get("/jwks")).json())
    assert jwt.decode(tokens["id_token"], keys).claims["aud"] == "someone-else"
