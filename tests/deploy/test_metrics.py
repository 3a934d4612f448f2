"""GET /metrics: what Prometheus reads from an allowed address, and the 404 everyone else gets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from core.appkeys import SETTINGS
from devtools.wechat_sim import SimulatorState
from models.outbox import OutboxMessage
from workflows.calendar import WorkingCalendar
from workflows.supervision.cards import issue_cards

from .support import application, grew, make_item, samples, value


async def scrape(client: TestClient) -> str:
    response = await client.get("/metrics")
    assert response.status == 200, await response.text()
    assert response.headers["Content-Type"].startswith("text/plain")
    return await response.text()


async def test_request_latency_by_operation_id_counts_each_request(client: TestClient) -> None:
    before = await scrape(client)
    for _ in range(3):
        assert (await client.get("/healthz")).status == 200
    assert (await client.get("/api/items")).status == 200
    assert (await client.get("/no-such-path")).status == 404
    after = await scrape(client)

    count = "miniapp_http_request_duration_seconds_count"
    assert grew(before, after, count, operation="health") == 3
    assert grew(before, after, count, operation="listItems") == 1
    assert value(after, count, operation="unmatched") > value(before, count, operation="unmatched")
    assert value(after, "miniapp_http_requests_total", operation="health", status="200") >= 3
    # Label values are operation names, never raw paths a client could invent without end.
    assert not any("/no-such-path" in str(labels) for _, labels in samples(after))
    # Scrapes do not count themselves.
    assert value(after, count, operation="metrics") == 0


async def test_failed_logins_are_counted_by_audience(
    client: TestClient, sim_state: SimulatorState
) -> None:
    before = await scrape(client)
    wrong = await client.post(
        "/api/auth/staff-login", json={"username": "nobody", "password": "wrong password"}
    )
    assert wrong.status == 401
    bad_code = await client.post("/api/auth/login", json={"code": "never-issued"})
    assert bad_code.status in (400, 401, 422), await bad_code.text()
    good = await client.post(
        "/api/auth/login", json={"code": sim_state.issue_login_code("o-metrics")}
    )
    assert good.status == 200
    after = await scrape(client)

    name = "miniapp_login_failures_total"
    staff = {"audience": "staff", "reason": "bad_credentials"}
    citizen = {"audience": "citizen", "reason": "wechat_code_invalid"}
    assert grew(before, after, name, **staff) == 1
    assert grew(before, after, name, **citizen) == 1


async def test_outbox_backlog_and_cards_follow_the_database(
    client: TestClient, login_citizen: Any
) -> None:
    empty = await scrape(client)
    assert value(empty, "miniapp_metrics_database_up") == 1
    for channel in ("subscribe_message", "wecom_app", "wecom_robot", "sms"):
        assert ("miniapp_outbox_backlog", frozenset({("channel", channel)})) in samples(empty)
    assert value(empty, "miniapp_supervision_cards_issued", colour="red") == 0

    await make_item()
    headers = await login_citizen("o-applicant")
    submitted = await client.post("/api/cases", json=application(), headers=headers)
    assert submitted.status == 201, await submitted.text()
    # The supervisor's scan long after the deadline: a red card, and its alerts queued.
    settings = client.app[SETTINGS]
    later = datetime.now(UTC) + timedelta(days=60)
    assert await issue_cards(later, WorkingCalendar(), settings.supervision)
    after = await scrape(client)

    assert value(after, "miniapp_supervision_cards_issued", colour="red") == 1
    assert value(after, "miniapp_supervision_cards_open", colour="red") == 1
    backlog = sum(
        value(after, "miniapp_outbox_backlog", channel=c)
        for c in ("subscribe_message", "wecom_app", "wecom_robot", "sms", "customer_service")
    )
    assert backlog >= 1
    # Just written and due now: waiting for seconds, not days.
    ages = [
        value(after, "miniapp_outbox_oldest_age_seconds", channel=c)
        for c in ("subscribe_message", "wecom_app", "wecom_robot", "sms", "customer_service")
    ]
    assert all(0 <= age < 600 for age in ages)


async def test_scrape_still_answers_while_the_database_is_down(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (await client.get("/healthz")).status == 200

    def refused(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("the database is not answering")

    monkeypatch.setattr(OutboxMessage, "filter", refused)
    text = await scrape(client)
    assert value(text, "miniapp_metrics_database_up") == 0
    # The process's own figures are still there, when they matter most.
    assert value(text, "miniapp_http_request_duration_seconds_count", operation="health") >= 1
    assert "miniapp_outbox_backlog" not in text


async def test_metrics_is_not_an_api_operation(client: TestClient) -> None:
    document = await (await client.get("/api/openapi.json")).json()
    assert "/metrics" not in document["paths"]


@pytest.mark.parametrize("method", ["GET", "POST", "HEAD"])
async def test_request_through_a_proxy_gets_the_unknown_path_answer(
    client: TestClient, method: str
) -> None:
    unknown = await client.request(method, "/no-such-path")
    # The peer is allowed (127.0.0.1), but the request came through a proxy for someone else.
    through_proxy = await client.request(
        method, "/metrics", headers={"X-Forwarded-For": "203.0.113.7"}
    )
    assert through_proxy.status == unknown.status == 404
    assert await through_proxy.read() == await unknown.read()
