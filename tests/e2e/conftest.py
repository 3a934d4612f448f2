"""The end-to-end tests reuse the region tree of tests/regions (a city, two counties)."""

from __future__ import annotations

import pytest

from tests.regions.conftest import tree  # noqa: F401  (the fixture)


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    # Many staff sign in from the one test address.
    return {"MINIAPP_AUTH_LOGIN_ATTEMPTS_PER_MINUTE": "500"}
