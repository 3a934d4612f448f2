"""The hall device API (评价器, kiosks): rateFromDevice, authenticated per device by an HMAC
signature (workflows/reviews/devices.py), and the admin's registerReviewDevice,
listReviewDevices, revokeReviewDevice."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from core.settings import Settings
from miniapp_api.operations import OperationTable
from miniapp_api.reviews.channel_schemas import (
    DeviceCaseReviewIn,
    DeviceIn,
    DeviceList,
    DeviceParams,
    DeviceQuery,
    DeviceReviewIn,
    DeviceView,
    DeviceVisitReviewIn,
    RatingOut,
    RegisteredDevice,
    device_view,
    rating_out,
)
from models.people import StaffRole
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.reviews import devices
from workflows.reviews.channels import Rating

table = OperationTable(tags=("reviews",), audience="staff", roles=(StaffRole.ADMIN,))


@table.post(
    "/api/devices/reviews", "rateFromDevice", audience="public", status=201,
    errors=(401, 403, 404, 409),
)  # fmt: skip
async def rate(
    request: web.Request,
    body: DeviceReviewIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> RatingOut:
    """A hall device rates a walk-in case or a window visit; signed with the device's key
    (headers X-Device-Id, X-Timestamp, X-Signature)
    """
    headers = request.headers
    device = await devices.authenticate(
        headers.get("X-Device-Id", ""), headers.get("X-Timestamp", ""),
        headers.get("X-Signature", ""), request.method, request.path, await request.read(),
        settings.reviews, now,
    )  # fmt: skip
    rating = body.root
    case_no = rating.case_no if isinstance(rating, DeviceCaseReviewIn) else None
    ticket_id = rating.queue_ticket_id if isinstance(rating, DeviceVisitReviewIn) else None
    review = await devices.rate_from_device(
        device, case_no, ticket_id, rating.staff_id,
        Rating(rating.grade, dict(rating.scores), list(rating.tags), rating.text),
        settings.reviews, calendar, now,
    )  # fmt: skip
    return rating_out(review)


@table.post("/api/admin/review-devices", "registerReviewDevice", status=201, errors=(404,))
async def register(principal: Principal, body: DeviceIn) -> RegisteredDevice:
    """Register a 评价器 or kiosk, bound to a hall and window; its secret is shown once"""
    device, secret = await devices.register_device(
        principal, body.hall_id, body.kind, body.name, body.window
    )
    return RegisteredDevice(**device_view(device).model_dump(), secret=secret)


@table.get("/api/admin/review-devices", "listReviewDevices")
async def list_all(principal: Principal, query: DeviceQuery) -> DeviceList:
    """The registered hall devices (never their secrets)"""
    return DeviceList(
        items=[device_view(d) for d in await devices.list_devices(principal, query.hall_id)]
    )


@table.post("/api/admin/review-devices/{device_id}/revocation", "revokeReviewDevice", errors=(404,))
async def revoke(principal: Principal, params: DeviceParams, now: datetime) -> DeviceView:
    """Revoke a device: its requests are refused from now on"""
    return device_view(await devices.revoke_device(principal, params.device_id, now))
