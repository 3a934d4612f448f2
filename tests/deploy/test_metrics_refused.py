"""/metrics from an address outside [metrics] allowed_networks: the 404 of an unknown path."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    # The test client connects from 127.0.0.1, which this deployment does not allow.
    return {"MINIAPP_METRICS_ALLOWED_NETWORKS": "10.0.0.0/8,fd00::/8"}


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
async def test_other_address_gets_the_same_404_as_an_unknown_path(
    client: TestClient, method: str
) -> None:
    unknown = await client.request(method, "/no-such-path")
    refused = await client.request(method, "/metrics")
    assert refused.status == unknown.status == 404
    assert await refused.json() == await unknown.json()
    assert "Allow" not in refused.headers
