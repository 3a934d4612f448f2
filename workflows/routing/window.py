"""一窗受理 (seed 003, seed 004 §二): the comprehensive window takes an application for any item
its hall's list covers, pre-checks it, gives the receipt and — if something is missing — the ONE
correction notice (一次性告知), and dispatches it to the back-office department (分类审批).
The clerk keeps reading what they received.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound
from models.cases import Case, CaseStatus
from models.catalog import ServiceHall, ServiceItem
from models.routing import CaseRouting, HallPost, PostKind
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases import deadline
from workflows.cases.apply import Application, register_walk_in
from workflows.cases.steps import record_step
from workflows.cases.transitions import _ask_for_correction
from workflows.routing.common import tell_department
from workflows.routing.posts import hall_for_post, require_hall_covers
from workflows.rows import locked


@dataclass(frozen=True)
class Receipt:
    case: Case
    lookup_secret: str
    hall: ServiceHall
    dispatched: bool


async def receive_at_window(
    principal: Principal,
    hall_id: int,
    application: Application,
    missing_materials: list[str],
    calendar: WorkingCalendar,
    now: datetime,
    acceptance_days: int,
) -> Receipt:
    async with in_transaction():
        hall = await hall_for_post(principal, hall_id, PostKind.COMPREHENSIVE_WINDOW)
        item = await ServiceItem.get_or_none(code=application.item_code)
        if item is None:
            raise NotFound("no such item", code="item_not_found")
        await require_hall_covers(hall, [item])
        case, secret = await register_walk_in(
            principal, application, calendar, now, acceptance_days
        )
        routing = await CaseRouting.create(case=case, hall=hall, received_by_id=principal.id)
        missing = [name for name in missing_materials if name.strip()]
        if missing:
            await correction_notice(principal, case, missing, calendar, now)
        else:
            await dispatch(principal, case, routing, hall, calendar, now)
    return Receipt(case, secret, hall, dispatched=not missing)


async def correction_notice(
    principal: Principal, case: Case, missing: list[str], calendar: WorkingCalendar, now: datetime
) -> None:
    """The one correction notice, given at the window before the case goes to the back office."""
    before = case.status
    details = await _ask_for_correction(principal, case, missing)
    await deadline.pause(case, calendar, now)
    case.status = CaseStatus.CORRECTION_NEEDED
    await record_step(case, "request_correction", before, principal, now, calendar, details=details)
    await case.save()


async def dispatch(
    principal: Principal,
    case: Case,
    routing: CaseRouting,
    hall: ServiceHall,
    calendar: WorkingCalendar,
    now: datetime,
) -> None:
    await case.fetch_related("department")
    routing.dispatched_at = now
    await routing.save()
    entry = await record_step(
        case, "dispatch", case.status, principal, now, calendar,
        note=f"{hall.name}综合窗口受理，转{case.department.name}审批",
        details={"hall": hall.code, "department": case.department.code},
    )  # fmt: skip
    await case.save()
    await tell_department(case, case.department_id, "dispatched", entry.seq, hall=hall.name)  # type: ignore[attr-defined]


async def dispatch_received(
    principal: Principal, case_id: int, calendar: WorkingCalendar, now: datetime
) -> Case:
    """Send on a case the window held back for correction, once the materials are in."""
    async with in_transaction():
        case = await locked(Case, case_id, "case")
        routing = await CaseRouting.get_or_none(case_id=case.id).select_related("hall")
        if (
            routing is None
            or routing.hall is None
            or not await HallPost.exists(
                staff_id=principal.id, hall_id=routing.hall.id, kind=PostKind.COMPREHENSIVE_WINDOW
            )
        ):
            raise NotFound("no such case")
        if routing.dispatched_at is not None:
            raise Conflict("this case was dispatched already", code="already_dispatched")
        if case.status != CaseStatus.SUBMITTED:
            raise Conflict(
                f"a case that is {case.status.value} cannot be dispatched",
                code="illegal_transition",
            )
        await dispatch(principal, case, routing, routing.hall, calendar, now)
    return case


async def received_by(
    principal: Principal, limit: int, offset: int
) -> tuple[list[CaseRouting], int]:
    """What this clerk received at a window (or submitted as an agent), newest first."""
    rows = CaseRouting.filter(received_by_id=principal.id)
    total = await rows.count()
    page = (
        await rows.order_by("-created_at", "-id")
        .offset(offset)
        .limit(limit)
        .select_related("case", "case__department", "hall")
    )
    return list(page), total
