"""The daily reconciliation: counts and checksums per day; what the province lacks is re-sent."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp.test_utils import TestClient

from core.appkeys import SETTINGS
from core.province import ProvinceClient
from models.outbox import OutboxMessage
from tests.exchange.conftest import Sim, move, open_case
from worker.exchange_jobs import province_days
from workflows.exchange.reconcile import reconcile_day


async def test_a_step_the_province_lost_is_found_and_sent_again(
    client: TestClient, sim: Sim, item, login_citizen, make_staff, drain
) -> None:
    handler = await make_staff("handler-a", ["handler"])
    case = await open_case(client, login_citizen)
    await move(client, handler, case["id"], "accept")
    await move(client, handler, case["id"], "start_review")
    await drain()
    settings = client.server.app[SETTINGS]
    tz = ZoneInfo(settings.calendar.timezone)
    today = datetime.now(UTC).astimezone(tz).date()
    lost = f"case:{case['case_no']}:2"
    del sim.state.received["case_steps"][lost]  # the province lost one
    async with aiohttp.ClientSession() as http:
        remote = province_days(ProvinceClient(http, settings.exchange))
        run = await reconcile_day(today, tz, remote, datetime.now(UTC))
        assert (run.local_count, run.remote_count, run.missing, run.unknown) == (3, 2, 1, 0)
        assert run.local_checksum != run.remote_checksum
        assert (await OutboxMessage.get(dedupe_key=lost)).status == "pending"
        await drain()
        again = await reconcile_day(today, tz, remote, datetime.now(UTC))
    assert (again.missing, again.unknown, again.remote_count) == (0, 0, 3)
    assert again.local_checksum == again.remote_checksum
    assert lost in sim.state.received["case_steps"]
