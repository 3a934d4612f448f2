"""Simulator fixtures: one shared state on a frozen clock, a test client per host, tokens."""

from __future__ import annotations

import pytest
from pytest_aiohttp import AiohttpClient

from devtools.wechat_sim import SimulatorState, create_mp_app, create_wecom_app
from tests.devtools.sim_support import START, Client, fetch_mp_token, fetch_wecom_token


@pytest.fixture
def state() -> SimulatorState:
    # A frozen source: only state.advance() moves time, so expiry and rate tests are exact.
    return SimulatorState(clock=lambda: START)


@pytest.fixture
async def mp(aiohttp_client: AiohttpClient, state: SimulatorState) -> Client:
    return await aiohttp_client(create_mp_app(state))


@pytest.fixture
async def wecom(aiohttp_client: AiohttpClient, state: SimulatorState) -> Client:
    return await aiohttp_client(create_wecom_app(state))


@pytest.fixture
async def mp_token(mp: Client) -> str:
    return await fetch_mp_token(mp)


@pytest.fixture
async def wecom_token(wecom: Client) -> str:
    return await fetch_wecom_token(wecom)
