"""Reviews as citizens and the public see them: createReview, listMyReviews, getReviewStats."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.settings import Settings
from miniapp_api.operations import OperationTable
from miniapp_api.reviews.present import MyReview, MyReviewList, my_review, pending
from miniapp_api.reviews.schemas import (
    MAX_PERIOD_DAYS,
    CreateReviewIn,
    MyReviewsQuery,
    ReviewStats,
    StatsQuery,
    StatsRow,
)
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.reviews.create import ReviewInput, create_review
from workflows.reviews.reading import my_pending_invitations, my_reviews
from workflows.reviews.stats import review_stats

TAGS = ("reviews",)


table = OperationTable(tags=TAGS, audience="citizen")


@table.post("/api/reviews", "createReview", status=201, errors=(404, 409))
async def create(
    principal: Principal,
    body: CreateReviewIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> MyReview:
    """Rate a matter once (一事一评): a closed case or a hall visit; voluntary"""
    review = await create_review(
        principal,
        ReviewInput(**body.model_dump()),
        settings.reviews,
        calendar,
        now,
    )
    await review.fetch_related("rectification")
    return my_review(review)


@table.get("/api/reviews/mine", "listMyReviews")
async def mine(principal: Principal, query: MyReviewsQuery) -> MyReviewList:
    """My reviews with their rectification progress, and the matters waiting to be rated"""
    reviews = await my_reviews(principal, query.limit)
    invitations = await my_pending_invitations(principal, query.limit)
    return MyReviewList(
        items=[my_review(review) for review in reviews],
        pending=[pending(invitation) for invitation in invitations],
    )


@table.get("/api/reviews/stats", "getReviewStats", audience="public")
async def stats(query: StatsQuery, now: datetime, calendar: WorkingCalendar) -> ReviewStats:
    """Published results: satisfaction, grades and rectification rates (no personal data)"""
    end = query.to or calendar.local_date(now)
    # At most a year, so one request stays one cheap aggregate; the answer names the period it
    # counted. A `from` after `to` is an empty period: nothing in it, not an error.
    start = max(query.from_ or end - timedelta(days=29), end - timedelta(days=MAX_PERIOD_DAYS - 1))
    overall, groups = await review_stats(calendar, start, end, query.group_by)
    return ReviewStats(
        period_from=start,
        period_to=end,
        group_by=query.group_by,
        overall=StatsRow(**overall),
        groups=[StatsRow(**row) for row in groups],
    )
