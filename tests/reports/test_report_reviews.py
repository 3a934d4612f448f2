"""The 好差评 section of the weekly report: grades, satisfaction, on-time rectification and the
real-name callback flag, read from getWeeklyReport on both backends.

Reviews are written and rectified through the review workflows (tests/reviews helpers) at chosen
moments; created_at is set on insert, so each review is then placed in the week it belongs to.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.appkeys import SETTINGS
from models.people import Citizen
from models.reviews import Classification, ContactMethod, Grade, Rectification, Review, SubjectType
from tests.reviews import conftest as reviews_conftest
from tests.reviews.conftest import County, at
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.reviews import callbacks, department, office
from workflows.reviews.create import ReviewInput, create_review

county = reviews_conftest.county  # the review tests' county: department X, its item, the office


def county_settings(county: County) -> Any:
    return county.client.app[SETTINGS].reviews


async def _review(county: County, settings: Any, grade: Grade, when: datetime) -> Review:
    case_id = await county.case()
    citizen = Principal(kind="citizen", id=(await Citizen.get(openid="openid-a")).id)
    review = await create_review(
        citizen, ReviewInput(SubjectType.CASE, case_id, grade), settings.reviews,
        WorkingCalendar(), when,
    )  # fmt: skip
    await Review.filter(id=review.id).update(created_at=as_utc(when))
    return review


async def _rect(review: Review) -> int:
    return (await Rectification.get(review_id=review.id)).id


async def _rectify(county: County, settings: Any, rect_id: int, start: datetime, done: datetime):
    handler = await county.principal("hx")
    await department.record_contact(handler, rect_id, ContactMethod.PHONE, True, "", start)
    await department.classify(
        handler, rect_id, Classification.SIMPLE, settings.reviews, WorkingCalendar(), start
    )
    return await department.complete(handler, rect_id, "已整改", done)


async def _callback(county: County, rect_id: int, when: datetime) -> None:
    visitor = await county.principal("visitor")
    await callbacks.record_callback(
        visitor, rect_id, ContactMethod.PHONE, True, True, "满意",
        county_settings(county), WorkingCalendar(), when,
    )  # fmt: skip


async def _week(county: County, monday: str) -> dict[str, Any]:
    path = f"/api/reports/weekly?week_start={monday}"
    return await county.call("GET", path, county.supervisor)


def _x(data: dict[str, Any]) -> dict[str, Any]:
    return next(d["values"] for d in data["departments"] if d["code"] == "DEPT-X")


async def test_reviews_by_grade_rectified_on_time_and_the_callback_flag(
    county: County, settings: Any
) -> None:
    # The week of Monday 9 to Sunday 15 November 2026 (weeks already over), Beijing time.
    await _review(county, settings, Grade.VERY_SATISFIED, at("2026-11-09 00:30"))
    await _review(county, settings, Grade.SATISFIED, at("2026-11-10 10:00"))
    await _review(county, settings, Grade.BASICALLY_SATISFIED, at("2026-11-15 23:59"))
    on_time = await _rect(
        await _review(county, settings, Grade.DISSATISFIED, at("2026-11-09 09:00"))
    )
    late = await _rect(
        await _review(county, settings, Grade.VERY_DISSATISFIED, at("2026-11-09 09:30"))
    )
    invalid = await _rect(
        await _review(county, settings, Grade.VERY_DISSATISFIED, at("2026-11-10 09:00"))
    )
    # Written the week before and never rectified: overdue at this week's end.
    await _review(county, settings, Grade.DISSATISFIED, at("2026-11-05 09:00"))
    # Sunday 16:00 UTC is Monday 00:00 in Beijing: the next week.
    await _review(county, settings, Grade.VERY_SATISFIED, at("2026-11-16 00:00"))

    done = await _rectify(county, settings, on_time, at("2026-11-09 10:00"), at("2026-11-09 15:00"))
    assert done.rectified_on_time is True and done.real_name is True
    await _callback(county, on_time, at("2026-11-11 10:00"))
    slow = await _rectify(county, settings, late, at("2026-11-09 10:00"), at("2026-11-13 10:00"))
    assert slow.rectified_on_time is False and slow.due_at < as_utc(at("2026-11-13 10:00"))
    handler, supervisor = await county.principal("hx"), await county.principal("sup")
    moment = at("2026-11-10 10:00")
    await department.record_contact(handler, invalid, ContactMethod.PHONE, True, "", moment)
    await department.request_invalid(
        handler, invalid, Classification.MALICIOUS, "恶意", settings.reviews, WorkingCalendar(),
        moment,
    )  # fmt: skip
    await office.decide_invalid(
        supervisor, invalid, True, "", settings.reviews, WorkingCalendar(), moment
    )

    data = await _week(county, "2026-11-09")
    assert "reviews" in [s["key"] for s in data["sections"]]
    values = _x(data)
    assert (values["reviews_received"], values["reviews_valid"]) == (6, 5)
    assert [values[f"reviews_{g.value}"] for g in Grade] == [1, 1, 1, 1, 1]
    assert values["reviews_good"] == 2
    assert values["reviews_satisfaction_rate"] == 0.4  # 2 of 5 valid; the invalid one is out
    assert (values["reviews_bad"], values["reviews_invalid"]) == (2, 1)
    assert (values["reviews_rectified"], values["reviews_rectified_on_time"]) == (2, 1)
    assert values["reviews_on_time_rate"] == 0.5
    assert values["reviews_rectification_overdue"] == 1  # last week's, still unrectified
    # Both real-name bad reviews were rectified; one still waits for its callback.
    assert (values["reviews_callback_due"], values["reviews_called_back"]) == (2, 1)
    assert values["reviews_callback_rate"] == 0.5
    assert values["reviews_callback_flag"] == 1
    assert data["total"]["reviews_callback_flag"] == 1  # one department flagged
    assert data["total"]["reviews_satisfaction_rate"] == 0.4
    others = [d["values"] for d in data["departments"] if d["code"] != "DEPT-X"]
    assert others and all(v["reviews_callback_flag"] == 0 for v in others)
    assert all(v["reviews_callback_rate"] is None for v in others)

    # Called back the next Tuesday: still missing for that week, and counted in the next one.
    await _callback(county, late, at("2026-11-17 10:00"))
    assert _x(await _week(county, "2026-11-09"))["reviews_callback_flag"] == 1
    following = _x(await _week(county, "2026-11-16"))
    assert following["reviews_received"] == 1 and following["reviews_satisfaction_rate"] == 1.0
    assert (following["reviews_callback_due"], following["reviews_called_back"]) == (1, 1)
    assert following["reviews_callback_rate"] == 1.0 and following["reviews_callback_flag"] == 0
    assert following["reviews_rectified"] == 0 and following["reviews_on_time_rate"] is None


async def test_a_department_with_no_real_name_bad_reviews_is_not_flagged(
    county: County, settings: Any
) -> None:
    rect = await _rect(await _review(county, settings, Grade.DISSATISFIED, at("2026-11-09 09:00")))
    await Rectification.filter(id=rect).update(real_name=False)  # an anonymous bad review
    closed = await _rectify(county, settings, rect, at("2026-11-09 10:00"), at("2026-11-09 11:00"))
    assert closed.closed_at is not None
    values = _x(await _week(county, "2026-11-09"))
    assert (values["reviews_bad"], values["reviews_rectified"]) == (1, 1)
    assert values["reviews_satisfaction_rate"] == 0.0
    assert values["reviews_callback_due"] == 0 and values["reviews_callback_rate"] is None
    assert values["reviews_callback_flag"] == 0
