"""Invalid-review requests (seed 002 art. 37(2)): "报送同级政务服务“好差评”管理部门进行复核".

The request alerts the review office and must be decided within [reviews]
invalid_decision_working_days (carded if not); the reviewer is told the outcome: marked invalid
(不予采纳), or back to rectification.
"""

from __future__ import annotations

from datetime import datetime

from core.settings import ReviewSettings
from models.reviews import Rectification, Review
from workflows.calendar import WorkingCalendar
from workflows.outbox import enqueue
from workflows.reviews import office_alerts
from workflows.reviews.reviewer import reviewer_notices

SUBJECT = office_alerts.INVALID
OUTCOMES = {True: "评价经复核为无效差评", False: "复核未通过，转入整改"}


async def on_requested(
    rect: Rectification, settings: ReviewSettings, calendar: WorkingCalendar, now: datetime
) -> None:
    """Inside the request's transaction."""
    review = await Review.get(id=rect.review_id)  # type: ignore[attr-defined]
    await office_alerts.ask_office(
        SUBJECT, rect.id, rect, review.item_name, calendar, now,
        settings.invalid_decision_working_days,
    )  # fmt: skip


async def on_decided(rect: Rectification, review: Review, approve: bool, now: datetime) -> None:
    """Inside the decision's transaction: the request's deadline is done; the reviewer is told."""
    await office_alerts.decided(SUBJECT, rect.id, now)
    await enqueue(
        await reviewer_notices(review, rect, "invalid_decided", outcome=OUTCOMES[approve])
    )
