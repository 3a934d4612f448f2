"""Bad-review rectification for staff: listRectifications, recordReviewerContact,
revealReviewerContact, classifyRectification, requestInvalidReview, decideInvalidReview,
requestRectificationExtension, completeRectification, recordRectificationCallback."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web
from pydantic import BaseModel, Field

from core.appkeys import CALENDAR, SETTINGS
from miniapp_api.fields import RowId
from miniapp_api.operations import OperationTable
from miniapp_api.review_views import RectificationList, RectificationView, rectification_view
from models.people import StaffRole
from models.reviews import (
    Classification,
    ContactMethod,
    Rectification,
    RectificationState,
    Review,
)
from workflows.authz import Principal
from workflows.reviews import department, office
from workflows.reviews.reading import STAFF_ROLES, list_rectifications, reveal_contact

table = OperationTable()
TAGS = ("reviews",)
BASE = "/api/staff/rectifications/{rectification_id}"
HANDLER = (StaffRole.HANDLER,)
STAFF_ERRORS = (401, 403, 404, 409, 422)


class RectParams(BaseModel):
    rectification_id: RowId


class ListQuery(BaseModel):
    state: RectificationState | None = None
    limit: int = Field(default=50, ge=1, le=200)


class ContactIn(BaseModel):
    method: ContactMethod
    reached: bool
    note: str = Field(default="", max_length=2000)


class ClassifyIn(BaseModel):
    classification: Classification = Field(description="simple (立行立改) or complex")


class InvalidRequestIn(BaseModel):
    classification: Classification = Field(description="untrue, mistaken or malicious")
    reason: str = Field(min_length=1, max_length=2000)


class InvalidDecisionIn(BaseModel):
    approve: bool
    note: str = Field(default="", max_length=2000)


class ExtensionIn(BaseModel):
    working_days: int = Field(ge=1, le=60)
    reason: str = Field(min_length=1, max_length=500, description="shown to the reviewer")


class CompletionIn(BaseModel):
    summary: str = Field(min_length=1, max_length=2000)


class CallbackIn(BaseModel):
    method: ContactMethod
    reached: bool
    satisfied: bool | None = None
    note: str = Field(default="", max_length=2000)


class ReviewerPhone(BaseModel):
    name: str
    phone: str


async def _view(
    request: web.Request, principal: Principal, rect: Rectification
) -> RectificationView:
    review = await Review.get(id=rect.review_id)  # type: ignore[attr-defined]
    return rectification_view(principal, rect, review)


def _now() -> datetime:
    return datetime.now(UTC)


@table.operation(
    "GET", "/api/staff/rectifications", operation_id="listRectifications", tags=TAGS,
    audience="staff", roles=STAFF_ROLES, query=ListQuery, response=RectificationList,
    summary="Bad-review rectifications: own department's (handlers), all (supervisors), the "
    "callback queue (callback visitors); never the reviewer's identity",
    errors=(401, 403, 422),
)  # fmt: skip
async def list_all(
    request: web.Request, principal: Principal, query: ListQuery
) -> RectificationList:
    rects = await list_rectifications(principal, query.state, query.limit)
    return RectificationList(
        items=[rectification_view(principal, rect, rect.review) for rect in rects]
    )


@table.operation(
    "POST", f"{BASE}/contacts", operation_id="recordReviewerContact", tags=TAGS,
    audience="staff", roles=HANDLER, path_params=RectParams, body=ContactIn,
    response=RectificationView, status=201, errors=STAFF_ERRORS,
    summary="Record a try to reach the reviewer (contact at once, art. 37(1))",
)  # fmt: skip
async def contact(
    request: web.Request, principal: Principal, params: RectParams, body: ContactIn
) -> RectificationView:
    rect = await department.record_contact(
        principal, params.rectification_id, body.method, body.reached, body.note, _now()
    )
    return await _view(request, principal, rect)


@table.operation(
    "POST", f"{BASE}/contact-reveal", operation_id="revealReviewerContact", tags=TAGS,
    audience="staff", roles=HANDLER, path_params=RectParams, response=ReviewerPhone,
    errors=STAFF_ERRORS,
    summary="The reviewer's whole phone number for the contact step (audited)",
)  # fmt: skip
async def reveal(request: web.Request, principal: Principal, params: RectParams) -> ReviewerPhone:
    review = await reveal_contact(principal, params.rectification_id)
    return ReviewerPhone(name=review.contact_name, phone=review.contact_phone)


@table.operation(
    "POST", f"{BASE}/classification", operation_id="classifyRectification", tags=TAGS,
    audience="staff", roles=HANDLER, path_params=RectParams, body=ClassifyIn,
    response=RectificationView, errors=STAFF_ERRORS,
    summary="Verified as reasonable: simple (rectify at once) or complex (N working days)",
)  # fmt: skip
async def classify(
    request: web.Request, principal: Principal, params: RectParams, body: ClassifyIn
) -> RectificationView:
    rect = await department.classify(
        principal, params.rectification_id, body.classification,
        request.app[SETTINGS].reviews, await request.app[CALENDAR].current(), _now(),
    )  # fmt: skip
    return await _view(request, principal, rect)


@table.operation(
    "POST", f"{BASE}/invalid-request", operation_id="requestInvalidReview", tags=TAGS,
    audience="staff", roles=HANDLER, path_params=RectParams, body=InvalidRequestIn,
    response=RectificationView, errors=STAFF_ERRORS,
    summary="Ask the review office to mark an untrue, mistaken or malicious review invalid",
)  # fmt: skip
async def invalid_request(
    request: web.Request, principal: Principal, params: RectParams, body: InvalidRequestIn
) -> RectificationView:
    rect = await department.request_invalid(
        principal, params.rectification_id, body.classification, body.reason, _now()
    )
    return await _view(request, principal, rect)


@table.operation(
    "POST", f"{BASE}/invalid-decision", operation_id="decideInvalidReview", tags=TAGS,
    audience="staff", roles=(StaffRole.SUPERVISOR,), path_params=RectParams,
    body=InvalidDecisionIn, response=RectificationView, errors=STAFF_ERRORS,
    summary="Review office: approve (无效差评) or reject (back to rectification)",
)  # fmt: skip
async def invalid_decision(
    request: web.Request, principal: Principal, params: RectParams, body: InvalidDecisionIn
) -> RectificationView:
    rect = await office.decide_invalid(
        principal, params.rectification_id, body.approve, body.note,
        request.app[SETTINGS].reviews, await request.app[CALENDAR].current(), _now(),
    )  # fmt: skip
    return await _view(request, principal, rect)


@table.operation(
    "POST", f"{BASE}/extension", operation_id="requestRectificationExtension", tags=TAGS,
    audience="staff", roles=HANDLER, path_params=RectParams, body=ExtensionIn,
    response=RectificationView, errors=STAFF_ERRORS,
    summary="Extend a complex rectification once; the reason is shown to the reviewer",
)  # fmt: skip
async def extension(
    request: web.Request, principal: Principal, params: RectParams, body: ExtensionIn
) -> RectificationView:
    rect = await department.request_extension(
        principal, params.rectification_id, body.working_days, body.reason,
        request.app[SETTINGS].reviews, await request.app[CALENDAR].current(), _now(),
    )  # fmt: skip
    return await _view(request, principal, rect)


@table.operation(
    "POST", f"{BASE}/completion", operation_id="completeRectification", tags=TAGS,
    audience="staff", roles=HANDLER, path_params=RectParams, body=CompletionIn,
    response=RectificationView, errors=STAFF_ERRORS,
    summary="Rectified: closes it, or waits for the callback of a real-name review",
)  # fmt: skip
async def completion(
    request: web.Request, principal: Principal, params: RectParams, body: CompletionIn
) -> RectificationView:
    rect = await department.complete(principal, params.rectification_id, body.summary, _now())
    return await _view(request, principal, rect)


@table.operation(
    "POST", f"{BASE}/callbacks", operation_id="recordRectificationCallback", tags=TAGS,
    audience="staff", roles=office.CALLBACK_ROLES, path_params=RectParams, body=CallbackIn,
    response=RectificationView, status=201, errors=STAFF_ERRORS,
    summary="Callback visit after rectification (art. 37(4)); closes a real-name review",
)  # fmt: skip
async def callback(
    request: web.Request, principal: Principal, params: RectParams, body: CallbackIn
) -> RectificationView:
    rect = await office.record_callback(
        principal, params.rectification_id, body.method, body.reached, body.satisfied,
        body.note, _now(),
    )  # fmt: skip
    return await _view(request, principal, rect)
