"""Simulator fixtures for the identity tests (the app's fixtures come from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer
from pytest_aiohttp import AiohttpClient

from devtools.idp_sim import IdpState, create_idp_app
from devtools.wechat_sim import SimulatorState, create_mp_app, create_wecom_app
from tests.devtools.sim_support import START, Client


@pytest.fixture
def frozen_sim() -> SimulatorState:
    return SimulatorState(clock=lambda: START)


@pytest.fixture
async def mp(aiohttp_client: AiohttpClient, frozen_sim: SimulatorState) -> Client:
    return await aiohttp_client(create_mp_app(frozen_sim))


@pytest.fixture
async def wecom(aiohttp_client: AiohttpClient, frozen_sim: SimulatorState) -> Client:
    return await aiohttp_client(create_wecom_app(frozen_sim))


# --- the app wired to an identity-platform simulator -------------------------------------

IDP_CLIENT, IDP_SECRET = "miniapp-client", "idp-test-secret"
REDIRECT_URI = "https://miniapp.example/identity/callback"
# A valid GB 11643 number (checksum X) and one whose checksum digit is wrong.
ID_NUMBER = "11010519491231002X"
BAD_CHECKSUM = "110105194912310021"


@pytest.fixture
def idp_state() -> IdpState:
    state = IdpState(IDP_CLIENT, IDP_SECRET, REDIRECT_URI)
    state.register_user("p-zhang", person("张三丰", ID_NUMBER))
    return state


def person(name: str, id_number: str, level: str = "2", phone: str = "13900001111") -> dict:
    return {"name": name, "id_card_number": id_number, "phone_number": phone, "auth_level": level}


@pytest.fixture
async def idp_url(idp_state: IdpState) -> AsyncIterator[str]:
    server = TestServer(create_idp_app(idp_state))
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


@pytest.fixture
def settings_overrides(idp_url: str) -> dict[str, str]:
    return {
        "MINIAPP_IDENTITY_ISSUER": idp_url,
        "MINIAPP_IDENTITY_CLIENT_ID": IDP_CLIENT,
        "MINIAPP_IDENTITY_CLIENT_SECRET": IDP_SECRET,
        "MINIAPP_IDENTITY_REDIRECT_URI": REDIRECT_URI,
    }


@pytest.fixture
def verify_identity(client: TestClient) -> Callable[..., Awaitable[ClientResponse]]:
    """The whole L2 round trip a person makes; returns the callback's response."""

    async def run(
        headers: dict[str, Any], subject: str = "p-zhang", *, rebind: bool = False
    ) -> ClientResponse:
        code, state = await sign_in_at_platform(client, headers, subject, rebind=rebind)
        return await client.post(
            "/api/identity/platform/callback", json={"code": code, "state": state}, headers=headers
        )

    return run


async def sign_in_at_platform(
    client: TestClient, headers: dict[str, Any], subject: str, *, rebind: bool = False
) -> tuple[str, str]:
    started = await client.post(
        "/api/identity/platform/start", json={"rebind": rebind}, headers=headers
    )
    assert started.status == 200, await started.text()
    url = (await started.json())["authorize_url"] + "&" + urlencode({"login_as": subject})
    async with client.session.get(url, allow_redirects=False) as answer:
        assert answer.status == 302, await answer.text()
        location = answer.headers["Location"]
    assert location.startswith(REDIRECT_URI)
    query = parse_qs(urlsplit(location).query)
    return query["code"][0], query["state"][0]


@pytest.fixture
def verify_phone(
    client: TestClient, sim_state: SimulatorState
) -> Callable[..., Awaitable[ClientResponse]]:
    async def run(headers: dict[str, Any], phone: str = "13800138000") -> ClientResponse:
        code = sim_state.identity.issue_phone_code(sim_state.appid, phone, sim_state.now())
        return await client.post("/api/identity/phone", json={"code": code}, headers=headers)

    return run
