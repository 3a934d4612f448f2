"""Published results: satisfaction excludes 无效差评; on-time rectification across a holiday."""

from __future__ import annotations

from datetime import datetime

from models.people import Citizen
from models.reviews import Classification, ContactMethod, Grade, SubjectType
from tests.reviews.conftest import County, at
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.reviews import department, office
from workflows.reviews.create import ReviewInput, create_review

BEFORE_NATIONAL_DAY = at("2025-09-30 10:00")  # 2025-10-01..08 off, Saturday 10-11 worked


async def _rate(county: County, settings, grade: Grade) -> int:
    """A review written on 2025-09-30; returns its rectification id (0 if none)."""
    case_id = await county.case()
    citizen = Principal(kind="citizen", id=(await Citizen.get(openid="openid-a")).id)
    review = await create_review(
        citizen, ReviewInput(SubjectType.CASE, case_id, grade), settings.reviews,
        WorkingCalendar(), BEFORE_NATIONAL_DAY,
    )  # fmt: skip
    await review.fetch_related("rectification")
    return review.rectification.id if review.bad else 0  # type: ignore[union-attr]


async def _rectify(
    county: County, settings, rect_id: int, kind: Classification, done: datetime
) -> None:
    handler = await county.principal("hx")
    calendar = WorkingCalendar()
    await department.record_contact(handler, rect_id, ContactMethod.PHONE, True, "", done)
    rect = await department.classify(handler, rect_id, kind, settings.reviews, calendar, done)
    limit = {Classification.SIMPLE: "2025-10-09", Classification.COMPLEX: "2025-10-14"}[kind]
    assert rect.due_at == at(f"{limit} 23:59:59.999999")
    await department.complete(handler, rect_id, "已整改", done)


async def test_rates_exclude_invalid_reviews_and_count_on_time_across_the_holiday(
    county: County, settings
) -> None:
    await _rate(county, settings, Grade.VERY_SATISFIED)
    await _rate(county, settings, Grade.BASICALLY_SATISFIED)
    on_time = await _rate(county, settings, Grade.DISSATISFIED)
    late = await _rate(county, settings, Grade.VERY_DISSATISFIED)
    simple = await _rate(county, settings, Grade.VERY_DISSATISFIED)
    invalid = await _rate(county, settings, Grade.VERY_DISSATISFIED)

    await _rectify(county, settings, on_time, Classification.COMPLEX, at("2025-10-14 20:00"))
    await _rectify(county, settings, late, Classification.COMPLEX, at("2025-10-15 09:00"))
    await _rectify(county, settings, simple, Classification.SIMPLE, at("2025-10-09 17:00"))
    handler, supervisor = await county.principal("hx"), await county.principal("sup")
    await department.record_contact(
        handler, invalid, ContactMethod.PHONE, True, "", at("2025-09-30 11:00")
    )
    await department.request_invalid(
        handler, invalid, Classification.MALICIOUS, "恶意", settings.reviews, WorkingCalendar(),
        at("2025-09-30 12:00"),
    )  # fmt: skip
    await office.decide_invalid(
        supervisor, invalid, True, "", settings.reviews, WorkingCalendar(), at("2025-09-30 15:00")
    )  # fmt: skip

    stats = await county.call("GET", "/api/reviews/stats?group_by=department", {})
    overall = stats["overall"]
    assert overall["reviews"] == 5 and overall["invalid_bad_reviews"] == 1
    assert overall["grades"]["very_dissatisfied"] == 2
    assert overall["satisfaction_rate"] == 0.2  # 1 of 5 valid reviews is 满意 or better
    assert overall["rectification_required"] == 3 and overall["rectified"] == 3
    assert overall["rectified_on_time"] == 2
    assert overall["on_time_rectification_rate"] == 0.6667
    assert overall["rectification_rate"] == 1.0
    [group] = stats["groups"]
    assert group["key"] == county.dept_x and group["name"] == "部门DEPT-X"
    assert {k: v for k, v in group.items() if k not in ("key", "name")} == {
        k: v for k, v in overall.items() if k not in ("key", "name")
    }
    assert "text" not in str(stats) and "13812345678" not in str(stats)


async def test_stats_by_item_and_an_empty_period(county: County, settings) -> None:
    await _rate(county, settings, Grade.SATISFIED)
    by_item = await county.call("GET", "/api/reviews/stats?group_by=item", {})
    assert [g["name"] for g in by_item["groups"]] == ["营业执照变更登记"]
    assert by_item["groups"][0]["satisfaction_rate"] == 1.0
    old = await county.call("GET", "/api/reviews/stats?from=2020-01-01&to=2020-01-31", {})
    assert old["overall"]["reviews"] == 0 and old["overall"]["satisfaction_rate"] is None
    # Every period the document allows is answered (schemathesis: schema-valid is accepted):
    # a backward one counts nothing, a longer one is cut to a year and says so.
    backward = await county.call("GET", "/api/reviews/stats?from=2020-02-01&to=2020-01-01", {})
    assert backward["overall"]["reviews"] == 0
    long = await county.call("GET", "/api/reviews/stats?from=2005-01-03&to=2020-01-31", {})
    assert (long["period_from"], long["period_to"]) == ("2019-01-31", "2020-01-31")
    await county.call("GET", "/api/reviews/stats?to=0", {}, status=422)
