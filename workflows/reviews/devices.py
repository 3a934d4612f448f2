"""Hall devices (评价器 at a window, kiosks) that rate matters (seed 002 art. 35;
国办发〔2019〕51号: "a device or QR code at each window").

An admin registers a device, bound to a hall and window; it gets a device id and a secret, the
secret shown once. Every request the device sends is signed:

    X-Device-Id: <id>    X-Timestamp: <unix seconds>
    X-Signature: hex(HMAC-SHA256(secret, "<METHOD>\\n<path>\\n<timestamp>\\n<hex sha256(body)>"))

accepted within [reviews] device_signature_window_seconds of our clock. An unknown id or a bad
signature is 401; a revoked device is refused (403) even with a good signature.

A device rates a walk-in case by its number (一事一评) or a window visit by its queue ticket
(一次一评, on the day, at the device's hall); the staff member serving at the window may be
named, and is a rated object of the review.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from core.errors import Conflict, Forbidden, NotFound, Unauthenticated
from core.settings import ReviewSettings
from models.booking import QueueTicket
from models.cases import Case, CaseChannel
from models.catalog import ServiceHall
from models.people import StaffRole
from models.review_channels import DeviceKind, ReviewDevice
from models.reviews import RatedVia, Review
from workflows.audit import Actor, record_change
from workflows.authz import Principal, require_role
from workflows.calendar import WorkingCalendar
from workflows.clock import as_utc
from workflows.reviews.channels import (
    Rating,
    Source,
    require_staff,
    save_review,
    visit_matter,
    window_case_matter,
)
from workflows.reviews.subjects import require_rateable

SUBJECT = "review_device"
VIA = {DeviceKind.DEVICE: RatedVia.DEVICE, DeviceKind.KIOSK: RatedVia.KIOSK}


def signature(secret: str, method: str, path: str, timestamp: str, body: bytes) -> str:
    message = f"{method.upper()}\n{path}\n{timestamp}\n{hashlib.sha256(body).hexdigest()}"
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


async def register_device(
    principal: Principal, hall_id: int, kind: DeviceKind, name: str, window: str
) -> tuple[ReviewDevice, str]:
    require_role(principal, StaffRole.ADMIN)
    hall = await ServiceHall.get_or_none(id=hall_id)
    # Another county's hall does not exist for this admin (a county sees its county).
    if hall is None or not principal.in_scope(hall.department_id):  # type: ignore[attr-defined]
        raise NotFound("no such hall", code="hall_not_found")
    secret = secrets.token_hex(32)
    device = await ReviewDevice.create(
        code=f"dev-{secrets.token_hex(8)}", secret=secret, kind=kind, name=name,
        hall_id=hall_id, window=window, registered_by_id=principal.id,
    )  # fmt: skip
    await record_change(
        principal.actor, "review_device.registered", SUBJECT, device.id,
        after={"hall_id": hall_id, "window": window, "kind": kind.value},
    )  # fmt: skip
    return device, secret


async def revoke_device(principal: Principal, device_id: int, now: datetime) -> ReviewDevice:
    require_role(principal, StaffRole.ADMIN)
    device = await ReviewDevice.get_or_none(id=device_id).select_related("hall")
    if device is None or not principal.in_scope(device.hall.department_id):  # type: ignore[attr-defined]
        raise NotFound("no such device")
    if device.revoked_at is None:
        device.revoked_at = as_utc(now)
        await device.save(update_fields=["revoked_at", "updated_at"])
        await record_change(principal.actor, "review_device.revoked", SUBJECT, device.id)
    return device


async def list_devices(principal: Principal, hall_id: int | None) -> list[ReviewDevice]:
    require_role(principal, StaffRole.ADMIN)
    query = ReviewDevice.all() if hall_id is None else ReviewDevice.filter(hall_id=hall_id)
    query = query.filter(**principal.department_filter("hall__department_id"))
    return await query.order_by("id")


async def authenticate(
    code: str, timestamp: str, sent: str, method: str, path: str, body: bytes,
    settings: ReviewSettings, now: datetime,
) -> ReviewDevice:  # fmt: skip
    device = await ReviewDevice.get_or_none(code=code) if code else None
    if device is None:
        raise Unauthenticated("unknown device", code="device_unknown")
    if not timestamp.isdigit() or abs(as_utc(now).timestamp() - int(timestamp)) > (
        settings.device_signature_window_seconds
    ):
        raise Unauthenticated("the request's timestamp is missing or off", code="device_clock")
    expected = signature(device.secret, method, path, timestamp, body)
    if not hmac.compare_digest(expected, sent.lower()):
        raise Unauthenticated("bad signature", code="device_signature_invalid")
    if device.revoked_at is not None:
        raise Forbidden("this device was revoked", code="device_revoked")
    await ReviewDevice.filter(id=device.id).update(last_seen_at=as_utc(now))
    return device


async def rate_from_device(
    device: ReviewDevice, case_no: str | None, queue_ticket_id: int | None, staff_id: int | None,
    rating: Rating, settings: ReviewSettings, calendar: WorkingCalendar, now: datetime,
) -> Review:  # fmt: skip
    if case_no is not None:
        case = await Case.get_or_none(case_no=case_no)
        if case is None or case.channel != CaseChannel.WINDOW:
            raise NotFound("no such walk-in case", code="case_not_found")
        matter = window_case_matter(case)
    else:
        ticket = await QueueTicket.get_or_none(id=queue_ticket_id, hall_id=device.hall_id)  # type: ignore[attr-defined]
        if ticket is None:
            raise NotFound("no such visit at this hall", code="visit_not_found")
        matter = await visit_matter(ticket, calendar.local_date(now))
    require_rateable(matter)
    if matter.hall_id is not None and matter.hall_id != device.hall_id:  # type: ignore[attr-defined]
        raise Conflict("this visit was at another hall", code="review_other_hall")
    source = Source(
        VIA[device.kind],
        Actor.system(),
        staff_id=await require_staff(staff_id),
        device_id=device.id,
        hall_id=device.hall_id,  # type: ignore[attr-defined]
    )
    return await save_review(matter, rating, source, settings, calendar, now)
