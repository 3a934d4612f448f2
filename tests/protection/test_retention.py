"""Retention: a closed case past its period loses who it was about, and the weekly report of
its week gives the same numbers as before."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiohttp.test_utils import TestClient

from core.settings import Settings
from models.cases import Case, CaseStatus
from tests.protection.conftest import ID_NUMBER, NAME, PHONE, raw_rows
from workflows.protection.retention import ERASED_NAME, run_retention
from workflows.reports.build import compute
from workflows.reports.period import week_of

TZ = ZoneInfo("Asia/Shanghai")
MONDAY = date(2023, 3, 6)


@pytest.mark.parametrize("settings_overrides", [{"MINIAPP_PROTECTION_CLOSED_CASE_DAYS": "365"}])
async def test_closed_case_past_its_period_is_anonymised_and_the_week_counts_the_same(
    client: TestClient, settings: Settings, login_citizen, apply
) -> None:
    old = await apply(await login_citizen("openid-a"))
    recent = await apply(await login_citizen("openid-b"))
    submitted = datetime(2023, 3, 7, 10, tzinfo=TZ)
    await Case.filter(case_no=old["case"]["case_no"]).update(
        status=CaseStatus.DELIVERED,
        submitted_at=submitted,
        accepted_at=submitted + timedelta(hours=2),
        decided_at=submitted + timedelta(days=1),
        delivered_at=submitted + timedelta(days=2),
        due_at=submitted + timedelta(days=5),
    )
    period = week_of(MONDAY, TZ)
    generated = datetime(2023, 3, 13, 8, tzinfo=TZ)
    before = await compute(period, generated, department_id=None, region=None)
    assert before["total"]["cases_closed"] == 1 and before["total"]["cases_received"] == 1

    done = await run_retention(settings.protection, datetime(2026, 12, 1, tzinfo=TZ))
    assert done.get("cases") == 1

    after = await compute(period, generated, department_id=None, region=None)
    assert after == before
    case = await Case.get(case_no=old["case"]["case_no"])
    assert (case.applicant_name, case.applicant_phone, case.applicant_id_number) == (
        ERASED_NAME,
        "",
        "",
    )
    assert case.form == {} and case.applicant_id_hash == "erased"
    raw = await raw_rows("SELECT * FROM service_case")
    # The recent case keeps its applicant (sealed), the old one holds nothing of them.
    assert sum(1 for r in raw if r["applicant_phone"]) == 1
    still = await Case.get(case_no=recent["case"]["case_no"])
    assert (still.applicant_name, still.applicant_phone, still.applicant_id_number) == (
        NAME,
        PHONE,
        ID_NUMBER,
    )
    # A second run finds nothing more to do.
    assert "cases" not in await run_retention(settings.protection, datetime(2026, 12, 1, tzinfo=TZ))
