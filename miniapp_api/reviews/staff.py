"""Bad-review rectification for staff: listRectifications, recordReviewerContact,
revealReviewerContact, classifyRectification, requestInvalidReview, decideInvalidReview,
requestRectificationExtension, decideRectificationExtension, completeRectification,
recordRectificationCallback."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from core.settings import Settings
from miniapp_api.operations import OperationTable
from miniapp_api.reviews.present import RectificationList, RectificationView, rectification_view
from miniapp_api.reviews.schemas import (
    CallbackReachedIn,
    ClassifyIn,
    CompletionIn,
    ContactIn,
    InvalidDecisionIn,
    InvalidRequestIn,
    ListQuery,
    RectificationCallbackIn,
    RectificationExtensionIn,
    RectParams,
    ReviewerPhone,
)
from models.people import StaffRole
from models.reviews import (
    Rectification,
    Review,
)
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.reviews import callbacks, department, extensions, office
from workflows.reviews.reading import STAFF_ROLES, list_rectifications, reveal_contact

TAGS = ("reviews",)
BASE = "/api/staff/rectifications/{rectification_id}"
HANDLER = (StaffRole.HANDLER,)


async def _view(
    request: web.Request, principal: Principal, rect: Rectification
) -> RectificationView:
    review = await Review.get(id=rect.review_id)  # type: ignore[attr-defined]
    return rectification_view(principal, rect, review, await extensions.latest_request(rect.id))


table = OperationTable(tags=TAGS, audience="staff", roles=HANDLER)


@table.get("/api/staff/rectifications", "listRectifications", roles=STAFF_ROLES)
async def list_all(principal: Principal, query: ListQuery) -> RectificationList:
    """Bad-review rectifications: own department's (handlers), all (supervisors), the callback queue
    (callback visitors); never the reviewer's identity
    """
    rects = await list_rectifications(principal, query.state, query.limit)
    requests = await extensions.latest_requests([rect.id for rect in rects])
    return RectificationList(
        items=[
            rectification_view(principal, rect, rect.review, requests.get(rect.id))
            for rect in rects
        ]
    )


@table.post(f"{BASE}/contacts", "recordReviewerContact", status=201, errors=(404, 409))
async def contact(
    request: web.Request, principal: Principal, params: RectParams, body: ContactIn, now: datetime
) -> RectificationView:
    """Record a try to reach the reviewer (contact at once, art. 37(1))"""
    rect = await department.record_contact(
        principal, params.rectification_id, body.method, body.reached, body.note, now
    )
    return await _view(request, principal, rect)


@table.post(f"{BASE}/contact-reveal", "revealReviewerContact", errors=(404, 409))
async def reveal(principal: Principal, params: RectParams) -> ReviewerPhone:
    """The reviewer's whole phone number for the contact step (audited)"""
    review = await reveal_contact(principal, params.rectification_id)
    return ReviewerPhone(name=review.contact_name, phone=review.contact_phone)


@table.post(f"{BASE}/classification", "classifyRectification", errors=(404, 409))
async def classify(
    request: web.Request,
    principal: Principal,
    params: RectParams,
    body: ClassifyIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> RectificationView:
    """Verified as reasonable: simple (rectify at once) or complex (N working days)"""
    rect = await department.classify(
        principal, params.rectification_id, body.classification,
        settings.reviews, calendar, now,
    )  # fmt: skip
    return await _view(request, principal, rect)


@table.post(f"{BASE}/invalid-request", "requestInvalidReview", errors=(404, 409))
async def invalid_request(
    request: web.Request,
    principal: Principal,
    params: RectParams,
    body: InvalidRequestIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> RectificationView:
    """Ask the review office to mark an untrue, mistaken or malicious review invalid; the office
    is alerted and decides within [reviews] invalid_decision_working_days
    """
    rect = await department.request_invalid(
        principal, params.rectification_id, body.classification, body.reason,
        settings.reviews, calendar, now,
    )  # fmt: skip
    return await _view(request, principal, rect)


@table.post(
    f"{BASE}/invalid-decision",
    "decideInvalidReview",
    roles=(StaffRole.SUPERVISOR,),
    errors=(404, 409),
)
async def invalid_decision(
    request: web.Request,
    principal: Principal,
    params: RectParams,
    body: InvalidDecisionIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> RectificationView:
    """Review office: approve (无效差评) or reject (back to rectification)"""
    rect = await office.decide_invalid(
        principal, params.rectification_id, body.approve, body.note,
        settings.reviews, calendar, now,
    )  # fmt: skip
    return await _view(request, principal, rect)


@table.post(f"{BASE}/extension", "requestRectificationExtension", errors=(404, 409))
async def extension(
    request: web.Request,
    principal: Principal,
    params: RectParams,
    body: RectificationExtensionIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> RectificationView:
    """Ask the review office to extend a complex rectification once; approved, the reason is
    shown to the reviewer
    """
    rect = await extensions.request_extension(
        principal, params.rectification_id, body.working_days, body.reason,
        settings.reviews, calendar, now,
    )  # fmt: skip
    return await _view(request, principal, rect)


@table.post(f"{BASE}/completion", "completeRectification", errors=(404, 409))
async def completion(
    request: web.Request,
    principal: Principal,
    params: RectParams,
    body: CompletionIn,
    now: datetime,
) -> RectificationView:
    """Rectified: closes it, or waits for the callback of a real-name review"""
    rect = await department.complete(principal, params.rectification_id, body.summary, now)
    return await _view(request, principal, rect)


@table.post(
    f"{BASE}/callbacks",
    "recordRectificationCallback",
    roles=callbacks.CALLBACK_ROLES,
    status=201,
    errors=(404, 409),
)
async def callback(
    request: web.Request,
    principal: Principal,
    params: RectParams,
    body: RectificationCallbackIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> RectificationView:
    """Callback visit after rectification (art. 37(4)): satisfied closes it, dissatisfied
    reopens it with a new deadline
    """
    call = body.root
    satisfied = call.satisfied if isinstance(call, CallbackReachedIn) else None
    rect = await callbacks.record_callback(
        principal, params.rectification_id, call.method, call.reached, satisfied,
        call.note, settings.reviews, calendar, now,
    )  # fmt: skip
    return await _view(request, principal, rect)


@table.post(
    f"{BASE}/extension-decision",
    "decideRectificationExtension",
    roles=(StaffRole.SUPERVISOR,),
    errors=(404, 409),
)
async def extension_decision(
    request: web.Request,
    principal: Principal,
    params: RectParams,
    body: InvalidDecisionIn,
    now: datetime,
    calendar: WorkingCalendar,
) -> RectificationView:
    """Review office: approve (the deadline moves, the reviewer is told why) or reject an
    extension request
    """
    rect = await extensions.decide_extension(
        principal, params.rectification_id, body.approve, body.note, calendar, now
    )
    return await _view(request, principal, rect)
