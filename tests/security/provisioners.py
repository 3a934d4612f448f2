"""How the sweep gets an object owned by citizen A or department X for each kind of path id.

One entry per path parameter name. An operation with an `{..._id}` parameter that has no entry
here fails the sweep, so a new kind of object cannot slip past it unnoticed: add a function that
creates one through the API (as its rightful owner) and returns its id.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from core.appkeys import CALENDAR, SETTINGS
from models.exchange import ItemDraft
from models.files import CaseMaterial, LibraryEntry
from models.outbox import OutboxMessage
from models.oversight import AccountabilityRecord
from models.people import StaffAccount, StaffRole
from models.reviews import Rectification
from models.routing import Bundle, BundleMember, BundleOrder
from models.supervision import Deadline
from models.tickets import CallbackVisit
from tests.cases.conftest import application
from tests.security.conftest import World
from tests.security.examples import upload_form
from workflows import clock
from workflows.supervision.cards import issue_cards

Provisioner = Callable[[World], Awaitable[int]]


async def case_id(world: World) -> int:
    body = await world.call(
        "POST", "/api/cases", world.citizen_a, application(world.item.code), status=201
    )
    return int(body["case"]["id"])


async def ticket_id(world: World) -> int:
    """A complaint by citizen A, screened by the intake office and assigned to department X."""
    ticket = await world.call(
        "POST",
        "/api/tickets",
        world.citizen_a,
        {
            "column": "complaint",
            "title": "窗口态度差",
            "content": "办事窗口工作人员态度恶劣",
            "contact_phone": "13812345678",
            "contact_preference": "phone",
        },
        status=201,
    )
    await world.call(
        "POST",
        f"/api/tickets/{ticket['id']}/screening",
        await world.supervisor(),
        {"accept": True, "department_id": world.dept_x.id},
    )
    return int(ticket["id"])


async def extension_id(world: World) -> int:
    ticket = await ticket_id(world)
    extension = await world.call(
        "POST",
        f"/api/tickets/{ticket}/extensions",
        await world.x(StaffRole.HANDLER),
        {"working_days": 5, "reason": "需要现场核查"},
        status=201,
    )
    return int(extension["id"])


async def visit_id(world: World) -> int:
    ticket = await ticket_id(world)
    await world.call(
        "POST",
        f"/api/tickets/{ticket}/closure",
        await world.x(StaffRole.HANDLER),
        {"closure": "resolved", "summary": "已处理"},
    )
    return (await CallbackVisit.get(ticket_id=ticket)).id


async def booking_id(world: World) -> int:
    slots = await world.call(
        "GET",
        f"/api/booking/slots?hall_id={world.hall.id}&item_id={world.item.id}",
        world.citizen_a,
    )
    free = [slot for slot in slots["slots"] if slot["remaining"] > 0]
    booking = await world.call(
        "POST", "/api/bookings", world.citizen_a, {"slot_id": free[0]["id"]}, status=201
    )
    return int(booking["id"])


async def hall_id(world: World) -> int:
    return world.hall.id


async def item_id(world: World) -> int:
    return world.item.id


async def deadline_id(world: World) -> int:
    case = await case_id(world)
    return (await Deadline.get(subject_type="case", subject_id=case)).id


async def card_id(world: World) -> int:
    """A red card on department X's case: the worker's scan, run a month after the deadline."""
    deadline = await Deadline.get(id=await deadline_id(world))
    assert deadline.due_at is not None
    later = deadline.due_at + timedelta(days=30)
    calendar = await world.app[CALENDAR].current()
    cards = await issue_cards(later, calendar, world.app[SETTINGS].supervision)
    return next(card.id for card in cards if card.deadline_id == deadline.id)  # type: ignore[attr-defined]


async def message_id(world: World) -> int:
    await case_id(world)
    message = await OutboxMessage.all().order_by("-id").first()
    assert message is not None, "submitting a case should have queued a notice"
    return message.id


async def rectification_id(world: World) -> int:
    """A bad review by citizen A of department X's delivered case: X must rectify it."""
    case = await case_id(world)
    handler = await world.x(StaffRole.HANDLER)
    for action in ("accept", "start_review", "approve", "deliver"):
        await world.call(
            "POST", f"/api/staff/cases/{case}/transitions", handler, {"action": action}
        )
    review = {"subject_type": "case", "subject_id": case, "grade": "very_dissatisfied"}
    await world.call("POST", "/api/reviews", world.citizen_a, review, status=201)
    rect = await Rectification.get(review__subject_type="case", review__subject_id=case)
    assert rect.department_id == world.dept_x.id  # type: ignore[attr-defined]
    return rect.id


async def staff_id(world: World) -> int:
    """A clerk of department X, whose sign-in an admin may change."""
    account = await StaffAccount.create(
        username="clerk-x", name="测试", department=world.dept_x, roles=["clerk"], password_hash="-"
    )
    return account.id


async def change_id(world: World) -> int:
    """A handler of department X proposes a change of X's published item (seed 002 art. 12)."""
    item = world.item
    guide = {
        "name": item.name + "（修订）",
        "item_type": item.item_type.value,
        "department_code": world.dept_x.code,
        "online_depth": item.online_depth.value,
        "legal_limit_days": item.legal_limit_days,
        "promised_limit_days": item.promised_limit_days,
    }
    out = await world.call(
        "PUT", f"/api/staff/items/{item.code}", await world.x(StaffRole.HANDLER), guide
    )
    return int(out["pending_change_id"])


async def alignment_id(world: World) -> int:
    body = {"department_code": world.dept_x.code, "list_name": "行政许可事项清单"}
    out = await world.call(
        "POST", "/api/staff/catalog-alignments", await world.supervisor(), body, status=201
    )
    return int(out["id"])


async def urging_id(world: World) -> int:
    """An urging notice to department X, to be answered by tomorrow."""
    deadline = await deadline_id(world)
    respond_by = (clock.utc_now() + timedelta(days=1)).isoformat()
    out = await world.call(
        "POST",
        f"/api/supervision/deadlines/{deadline}/urgings",
        await world.supervisor(),
        {"message": "请回复", "respond_by": respond_by},
        status=201,
    )
    return int(out["id"])


async def record_id(world: World) -> int:
    """An accountability record of department X, as the worker opens one."""
    now = clock.utc_now()
    record = await AccountabilityRecord.create(
        department=world.dept_x, period_start=now - timedelta(days=30), period_end=now, red_cards=3
    )
    return record.id


async def check_id(world: World) -> int:
    now = clock.utc_now()
    period = {
        "period_start": (now - timedelta(days=1)).isoformat(),
        "period_end": (now + timedelta(days=1)).isoformat(),
    }
    out = await world.call(
        "POST", "/api/supervision/spot-checks", await world.supervisor(), period, status=201
    )
    return int(out["id"])


async def part_id(world: World) -> int:
    """A co-department's part (并联) of department X's case, asked of the office."""
    case = world.cache.get("object:case_id") or await case_id(world)
    handler = await world.x(StaffRole.HANDLER)
    await world.call("POST", f"/api/staff/cases/{case}/transitions", handler, {"action": "accept"})
    body = {"co_departments": [{"department_code": world.office.code, "limit_working_days": 3}]}
    view = await world.call("POST", f"/api/staff/cases/{case}/parallel", handler, body, status=201)
    return int(view["parts"][0]["id"])


async def application_id(world: World) -> int:
    """Citizen A's application for a bundle (一件事一次办) of department X's item."""
    bundle = await Bundle.create(code="BUNDLE-X", name="一件事", order=BundleOrder.PARALLEL)
    await BundleMember.create(bundle=bundle, item=world.item, position=1)
    body = {k: v for k, v in application(world.item.code).items() if k != "item_code"}
    started = await world.call(
        "POST", "/api/bundles/BUNDLE-X/applications", world.citizen_a, body, status=201
    )
    return int(started["application"]["id"])


async def _upload(world: World) -> int:
    """Citizen A's file for one of department X's item's materials, before applying."""
    response = await world.client.post(
        "/api/files/uploads",
        params={"item_code": world.item.code, "material": "身份证复印件"},
        data=upload_form(),
        headers=world.citizen_a,
    )
    assert response.status == 201, await response.text()
    return int((await response.json())["id"])


async def _case_with_upload(world: World, upload: int) -> int:
    """Citizen A's case at department X whose 身份证复印件 is the file she uploaded."""
    body = application(world.item.code, materials=[
        {"name": "身份证复印件", "upload_id": upload}
    ])  # fmt: skip
    out = await world.call("POST", "/api/cases", world.citizen_a, body, status=201)
    return int(out["case"]["id"])


async def upload_id(world: World) -> int:
    """Citizen A's upload, on her case at department X: readable by her and by X's staff, so
    both the owner check (citizen B) and the department check (Y's staff) are swept."""
    upload = await _upload(world)
    await _case_with_upload(world, upload)
    return upload


async def material_id(world: World) -> int:
    """An uploaded material of citizen A's case at department X."""
    case = await _case_with_upload(world, await _upload(world))
    return (await CaseMaterial.get(case_id=case, material_name="身份证复印件")).id


async def entry_id(world: World) -> int:
    """Citizen A's library entry: her uploaded file, verified by department X's clerk."""
    case = await _case_with_upload(world, await _upload(world))
    material = await CaseMaterial.get(case_id=case, material_name="身份证复印件")
    await world.call(
        "POST",
        f"/api/staff/files/materials/{material.id}/verify",
        await world.x(StaffRole.CLERK),
        {"note": "原件核验"},
    )
    return (await LibraryEntry.get(origin_case_id=case)).id


async def device_id(world: World) -> int:
    """A 评价器 at window 1 of department X's hall, registered by an admin."""
    body = {"hall_id": world.hall.id, "kind": "device", "name": "1 号窗口评价器", "window": "1"}
    out = await world.call(
        "POST", "/api/admin/review-devices", await world.admin(), body, status=201
    )
    return int(out["id"])


async def draft_id(world: World) -> int:
    """A province-side change of department X's item, as the catalog sync receives one."""
    now = clock.utc_now()
    draft = await ItemDraft.create(
        item=world.item, provincial_version=2, changes={"name": world.item.name + "（省）"},
        source="push", received_at=now, due_at=now + timedelta(days=14),
    )  # fmt: skip
    return draft.id


async def request_id(world: World) -> int:
    """Citizen A asks for a correction of their personal data."""
    body = {"field": "real_name", "proposed": "张三丰", "reason": "改名"}
    out = await world.call(
        "POST", "/api/me/personal-data/corrections", world.citizen_a, body, status=201
    )
    return int(out["id"])


PROVISIONERS: dict[str, Provisioner] = {
    "draft_id": draft_id,
    "request_id": request_id,
    "case_id": case_id,
    "ticket_id": ticket_id,
    "extension_id": extension_id,
    "visit_id": visit_id,
    "booking_id": booking_id,
    "hall_id": hall_id,
    "item_id": item_id,
    "deadline_id": deadline_id,
    "card_id": card_id,
    "message_id": message_id,
    "rectification_id": rectification_id,
    "staff_id": staff_id,
    "change_id": change_id,
    "alignment_id": alignment_id,
    "urging_id": urging_id,
    "record_id": record_id,
    "check_id": check_id,
    "part_id": part_id,
    "application_id": application_id,
    "upload_id": upload_id,
    "material_id": material_id,
    "entry_id": entry_id,
    "device_id": device_id,
}
