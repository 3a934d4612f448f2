"""Rating links for walk-in applicants: getRatingLink and rateByLink (public, the code is the
credential), issueReceiptRatingQr (the window prints it on the receipt)."""

from __future__ import annotations

from datetime import datetime

from core.settings import Settings
from miniapp_api.cases.schemas import CaseIdParams
from miniapp_api.operations import OperationTable
from miniapp_api.reviews.channel_schemas import (
    LinkParams,
    RatingIn,
    RatingLinkView,
    RatingOut,
    ReceiptQrOut,
    rating_out,
)
from models.people import StaffRole
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.reviews import links
from workflows.reviews.channels import Rating, window_case_matter
from workflows.reviews.grades import indicators_for

table = OperationTable(tags=("reviews",), audience="public")


@table.get("/api/rating-links/{code}", "getRatingLink", errors=(404, 409))
async def show(params: LinkParams, now: datetime, settings: Settings) -> RatingLinkView:
    """What a rating link rates (the item only), while it is usable"""
    linked = await links.open_link(params.code, settings.reviews, now)
    matter = window_case_matter(linked.case)
    return RatingLinkView(
        item_name=matter.item_name,
        subject_type=matter.subject_type.value,
        rateable=matter.rateable,
        indicators=list(indicators_for(matter.channel)),
        expires_at=linked.expires_at,
    )


@table.post("/api/rating-links/{code}/review", "rateByLink", status=201, errors=(404, 409))
async def rate(
    params: LinkParams, body: RatingIn, now: datetime, calendar: WorkingCalendar,
    settings: Settings,
) -> RatingOut:  # fmt: skip
    """Rate the matter of a link (SMS or receipt QR) once, in any browser"""
    review = await links.rate_by_link(
        params.code,
        Rating(body.grade, dict(body.scores), list(body.tags), body.text),
        settings.reviews, calendar, now,
    )  # fmt: skip
    return rating_out(review)


@table.post(
    "/api/staff/cases/{case_id}/rating-qr", "issueReceiptRatingQr", audience="staff",
    roles=(StaffRole.CLERK, StaffRole.HANDLER), status=201, errors=(404, 409),
)  # fmt: skip
async def receipt_qr(
    principal: Principal, params: CaseIdParams, now: datetime, settings: Settings
) -> ReceiptQrOut:
    """The rating QR code for a walk-in receipt (replaces an earlier one)"""
    issued = await links.issue_receipt_qr(principal, params.case_id, settings.reviews, now)
    return ReceiptQrOut(code=issued.code, url=issued.url, expires_at=issued.expires_at)
