"""A server without identity-platform settings says so (503), it does not half-work."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient

from tests.identity.test_levels_api import Login


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    return {}


async def test_unconfigured_platform_is_503(client: TestClient, login_citizen: Login) -> None:
    headers = await login_citizen("o-off")
    response = await client.post("/api/identity/platform/start", json={}, headers=headers)
    assert (response.status, (await response.json())["code"]) == (503, "identity_not_configured")
