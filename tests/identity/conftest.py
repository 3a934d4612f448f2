"""Simulator fixtures for the identity tests (the app's fixtures come from tests/conftest.py)."""

from __future__ import annotations

import pytest
from pytest_aiohttp import AiohttpClient

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
