"""Fixtures for certificates and the rest of a case's life: an item whose approval yields a
certificate and carries a fee, and helpers to take a case to a decision."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from models.catalog import ServiceItem
from tests.cases.conftest import act, application, apply, items, make_item  # noqa: F401

CERT_ITEM = "ITEM-C"


@pytest.fixture
async def cert_item(items: dict[str, ServiceItem]) -> ServiceItem:  # noqa: F811
    item = await make_item(CERT_ITEM, "食品经营许可", "DEPT-A")
    item.certificate_name = "食品经营许可证"
    item.certificate_valid_days = 5 * 365
    item.fee_cents = 5000
    await item.save()
    return item


@pytest.fixture
def apply_with(client: TestClient) -> Callable[..., Awaitable[dict[str, Any]]]:
    """Apply as a citizen with extra fields (delivery, ...); returns the case."""

    async def submit(headers: dict[str, Any], item_code: str = CERT_ITEM, **extra: Any) -> Any:
        body = application(item_code, **extra)
        response = await client.post("/api/cases", json=body, headers=headers)
        assert response.status == 201, await response.text()
        return (await response.json())["case"]

    return submit


@pytest.fixture
def to_review(act: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[None]]:  # noqa: F811
    async def run(handler: dict[str, Any], case_id: int) -> None:
        for action in ("accept", "start_review"):
            response = await act(handler, case_id, action)
            assert response.status == 200, await response.text()

    return run


@pytest.fixture
def decide(
    act: Callable[..., Awaitable[Any]],  # noqa: F811
    to_review: Callable[..., Awaitable[None]],
) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def run(handler: dict[str, Any], case_id: int, action: str = "approve") -> Any:
        await to_review(handler, case_id)
        response = await act(handler, case_id, action, reason="依法决定")
        assert response.status == 200, await response.text()
        return await response.json()

    return run
