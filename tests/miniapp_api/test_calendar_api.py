"""Loading a year's official schedule (admin) changes the working days everyone computes."""

from datetime import date
from typing import Any

from aiohttp.test_utils import TestClient

from core.appkeys import CALENDAR
from models.audit import AuditRecord

SPRING_2027 = {
    "holidays": [{"day": f"2027-02-{d:02d}", "name": "春节"} for d in range(5, 12)],
    "workdays": [{"day": "2027-02-13", "name": "春节调休"}],
}


async def test_admin_loads_2027_and_the_calendar_follows(
    client: TestClient, make_staff: Any, app: Any
) -> None:
    calendar = await app[CALENDAR].current()
    assert calendar.is_working_day(date(2027, 2, 8))  # a Monday, before the schedule is known
    admin = await make_staff("admin-1", ["admin"])
    response = await client.put("/api/admin/calendar/2027", json=SPRING_2027, headers=admin)
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body["official_schedule_known"] is True
    assert "2027-02-08" in body["days_off_on_weekdays"]
    assert body["working_weekend_days"] == ["2027-02-13"]

    calendar = await app[CALENDAR].current()
    assert not calendar.is_working_day(date(2027, 2, 8))
    assert calendar.is_working_day(date(2027, 2, 13))  # a Saturday made a working day
    assert calendar.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 12)
    audit = await AuditRecord.get(action="calendar.year_loaded")
    assert audit.object_id == "2027" and audit.actor_kind == "staff"


async def test_reloading_a_year_replaces_it(client: TestClient, make_staff: Any, app: Any) -> None:
    admin = await make_staff("admin-2", ["admin"])
    await client.put("/api/admin/calendar/2027", json=SPRING_2027, headers=admin)
    smaller = {"holidays": [{"day": "2027-02-08"}], "workdays": []}
    assert (await client.put("/api/admin/calendar/2027", json=smaller, headers=admin)).status == 200
    calendar = await app[CALENDAR].current()
    assert calendar.is_working_day(date(2027, 2, 9))
    assert not calendar.is_working_day(date(2027, 2, 8))


async def test_only_admins_load_schedules(
    client: TestClient, make_staff: Any, login_citizen: Any
) -> None:
    supervisor = await make_staff("sup", ["supervisor"])
    citizen = await login_citizen("o-c")
    for headers, status, code in (
        (supervisor, 403, "role_required"),
        (citizen, 403, "staff_only"),
        ({}, 401, "unauthenticated"),
    ):
        response = await client.put("/api/admin/calendar/2027", json=SPRING_2027, headers=headers)
        assert response.status == status
        assert (await response.json())["code"] == code
    assert not await AuditRecord.exists(action="calendar.year_loaded")


async def test_inconsistent_schedule_is_refused_and_changes_nothing(
    client: TestClient, make_staff: Any
) -> None:
    admin = await make_staff("admin-3", ["admin"])
    wrong_year = {"holidays": [{"day": "2028-01-01"}], "workdays": []}
    response = await client.put("/api/admin/calendar/2027", json=wrong_year, headers=admin)
    assert response.status == 422
    assert "holidays" in (await response.json())["fields"]
    both = {"holidays": [{"day": "2027-02-08"}], "workdays": [{"day": "2027-02-08"}]}
    response = await client.put("/api/admin/calendar/2027", json=both, headers=admin)
    assert response.status == 422
    bad_date = {"holidays": [{"day": "2027-02-30"}], "workdays": []}
    assert (
        await client.put("/api/admin/calendar/2027", json=bad_date, headers=admin)
    ).status == 422
    public = await (await client.get("/api/calendar/2027")).json()
    assert public["official_schedule_known"] is False


async def test_known_year_is_read_from_the_national_calendar(client: TestClient) -> None:
    body = await (await client.get("/api/calendar/2026")).json()
    assert body["official_schedule_known"] is True
    assert "2026-02-16" in body["days_off_on_weekdays"]  # Spring Festival
    assert "2026-02-14" in body["working_weekend_days"]  # 调休 Saturday
