"""一件事一次办 (seed 002 art. 19, 主题式、套餐式服务): one application for a bundle of items.

One form and one set of materials fan out into the member items' cases: all at once
("parallel") or one after another, the next starting when the one before is approved
("sequence"). The bundle's status is derived from its members; when all are done the applicant
gets ONE result notice. A bundle with a member that is not open (suspended, ...) takes no
application, and nothing is created.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound
from models.cases import Case, CaseContactConsent, CaseStatus, ConsentScope
from models.catalog import ItemStatus, OnlineDepth, ServiceItem
from models.outbox import RecipientType
from models.people import Citizen, StaffRole
from models.routing import (
    Bundle,
    BundleApplication,
    BundleApplicationMember,
    BundleMember,
    BundleOrder,
    CaseRouting,
    PostKind,
)
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases.apply import Application, register_walk_in, submit_case
from workflows.cases.delivery import DeliveryChoice
from workflows.identity.levels import require_level
from workflows.identity.walk_ins import verified_applicant, walk_in_id_hash
from workflows.outbox import by_sms, enqueue, notice_key, to_citizen
from workflows.routing.posts import hall_for_post, require_hall_covers

DONE_WELL = frozenset({CaseStatus.APPROVED, CaseStatus.DELIVERED})
DONE_BADLY = frozenset({CaseStatus.DENIED, CaseStatus.NOT_ACCEPTED})
TEMPLATE = "bundle_finished"


@dataclass(frozen=True)
class Started:
    application: BundleApplication
    # case id -> its one-time lookup code, for the cases started now
    secrets: dict[int, str]


async def bundle_by_code(code: str) -> tuple[Bundle, list[ServiceItem]]:
    bundle = await Bundle.get_or_none(code=code)
    if bundle is None:
        raise NotFound("no such bundle", code="bundle_not_found")
    members = (
        await BundleMember.filter(bundle_id=bundle.id)
        .order_by("position")
        .select_related("item__department")
    )
    return bundle, [m.item for m in members]


async def list_bundles() -> list[tuple[Bundle, list[ServiceItem]]]:
    return [await bundle_by_code(b.code) for b in await Bundle.all().order_by("code")]


def _check_members(items: list[ServiceItem], online: bool) -> None:
    closed = [item.code for item in items if item.status != ItemStatus.PUBLISHED]
    if closed:
        raise Conflict(
            "a member item of this bundle is not open for applications",
            code="bundle_member_not_open",
            fields={"bundle": "not open: " + "、".join(closed)},
        )
    window_only = [i.code for i in items if online and i.online_depth == OnlineDepth.WINDOW_ONLY]
    if window_only:
        raise Conflict(
            "a member item is handled at the window only",
            code="item_window_only",
            fields={"bundle": "window only: " + "、".join(window_only)},
        )


def _materials_for(item: ServiceItem, materials: list[dict[str, str]]) -> list[dict[str, str]]:
    names = {m.get("name") for m in item.materials}
    return [m for m in materials if m["name"] in names]


def _check_materials(items: list[ServiceItem], materials: list[dict[str, str]]) -> None:
    """Nothing beyond the members' guides (seed 002 art. 11)."""
    known = {m.get("name") for item in items for m in item.materials}
    unknown = [m["name"] for m in materials if m["name"] not in known]
    if unknown:
        raise Conflict(
            "materials must be those the members' guides list",
            code="material_not_in_guide",
            fields={"materials": "not in the guides: " + "、".join(unknown[:10])},
        )


async def apply_for_bundle(
    principal: Principal,
    code: str,
    application: Application,
    calendar: WorkingCalendar,
    now: datetime,
    acceptance_days: int,
    *,
    hall_id: int | None = None,
) -> Started:
    """Online by a citizen, or at a comprehensive window (hall_id) by its clerk."""
    async with in_transaction():
        hall = None
        if hall_id is not None:
            hall = await hall_for_post(principal, hall_id, PostKind.COMPREHENSIVE_WINDOW)
        bundle, items = await bundle_by_code(code)
        _check_members(items, online=hall is None)
        if hall is not None:
            await require_hall_covers(hall, items)
        _check_materials(items, application.materials)
        citizen = None
        if hall is None:
            citizen = await Citizen.get(id=principal.id)
            for item in items:
                require_level(citizen.assurance, item.min_assurance)
            application = verified_applicant(application, citizen)
        else:
            id_hash = walk_in_id_hash(application.applicant_id_number)
            citizen = await Citizen.get_or_none(id_number_hash=id_hash) if id_hash else None
        record = await BundleApplication.create(
            bundle=bundle, order=bundle.order, citizen=citizen,
            received_by_id=principal.id if hall else None, hall=hall,
            application=json.dumps(asdict(application), ensure_ascii=False),
            acceptance_days=acceptance_days, submitted_at=now,
        )  # fmt: skip
        members = [
            await BundleApplicationMember.create(application=record, item=item, position=n)
            for n, item in enumerate(items, start=1)
        ]
        first = members if bundle.order == BundleOrder.PARALLEL else members[:1]
        secrets = {}
        for member in first:
            case, secret = await _start(principal, record, member, calendar, now)
            secrets[case.id] = secret
    return Started(record, secrets)


async def _start(
    principal: Principal,
    record: BundleApplication,
    member: BundleApplicationMember,
    calendar: WorkingCalendar,
    now: datetime,
) -> tuple[Case, str]:
    from workflows.routing.window import dispatch  # window imports the case transitions

    item = await ServiceItem.get(id=member.item_id)  # type: ignore[attr-defined]
    saved = json.loads(record.application)
    delivery = saved.pop("delivery", None)
    base = Application(**saved, delivery=DeliveryChoice(**delivery) if delivery else None)
    position = f"一件事一次办（{member.position}）"
    application = replace(
        base, item_code=item.code, materials=_materials_for(item, base.materials),
        note=(base.note + " " + position).strip(),
    )  # fmt: skip
    acceptance_days = record.acceptance_days
    if record.hall_id is None:  # type: ignore[attr-defined]
        case, secret = await submit_case(principal, application, calendar, now, acceptance_days)
    else:
        case, secret = await register_walk_in(
            principal, application, calendar, now, acceptance_days
        )
        earlier = await Case.filter(bundle_member__application_id=record.id).first()
        if earlier is not None and case.applicant_id_hash is None:
            # A later member, started by a decision: the person is the one the first case named.
            case.applicant_id_hash = earlier.applicant_id_hash
            case.citizen_id = earlier.citizen_id  # type: ignore[attr-defined]
            await case.save(update_fields=["applicant_id_hash", "citizen_id"])
        await record.fetch_related("hall")
        routing = await CaseRouting.create(
            case=case,
            hall=record.hall,
            received_by_id=record.received_by_id,  # type: ignore[attr-defined]
        )
        await dispatch(principal, case, routing, record.hall, calendar, now)
    member.case = case
    await member.save()
    return case, secret


def _applicant(record: BundleApplication) -> Principal:
    """Who started the bundle: later members start in their name."""
    if record.hall_id is None:  # type: ignore[attr-defined]
        return Principal(kind="citizen", id=record.citizen_id)  # type: ignore[attr-defined]
    return Principal(
        kind="staff",
        id=record.received_by_id,  # type: ignore[attr-defined]
        department_id=record.received_by.department_id,  # type: ignore[attr-defined]
        roles=frozenset({StaffRole.CLERK}),
    )


async def member_decided(case: Case, calendar: WorkingCalendar, now: datetime) -> None:
    """Called in the transaction of a member case's decision: start the next, or finish."""
    member = await BundleApplicationMember.get_or_none(case_id=case.id)
    if member is None or case.status not in DONE_WELL | DONE_BADLY:
        return
    record = await BundleApplication.filter(id=member.application_id).select_for_update().first()  # type: ignore[attr-defined]
    if record is None or record.finished_at is not None:
        return
    await record.fetch_related("received_by", "bundle")
    members = list(
        await BundleApplicationMember.filter(application_id=record.id)
        .order_by("position")
        .select_related("case")
    )
    if case.status in DONE_BADLY:
        await _finish(record, members, "not_approved", calendar, now)
        return
    waiting = [m for m in members if m.case is None]
    if record.order == BundleOrder.SEQUENCE and waiting:
        await _start(_applicant(record), record, waiting[0], calendar, now)
        return
    if all(m.case is not None and m.case.status in DONE_WELL for m in members):
        await _finish(record, members, "approved", calendar, now)


async def _finish(
    record: BundleApplication,
    members: list[BundleApplicationMember],
    outcome: str,
    calendar: WorkingCalendar,
    now: datetime,
) -> None:
    record.finished_at, record.outcome = now, outcome
    await record.save()
    data = {
        "bundle_application_id": record.id,
        "bundle_name": record.bundle.name,
        "outcome": "全部办结" if outcome == "approved" else "未全部办结",
        "finished_at": now.astimezone(calendar.tz).isoformat(),
    }
    key = notice_key("bundle", record.id, "finished")
    extra = {"subject_type": "bundle_application", "subject_id": record.id}
    if record.citizen_id is not None:  # type: ignore[attr-defined]
        citizen_id = record.citizen_id  # type: ignore[attr-defined]
        await enqueue([to_citizen(key + ":citizen", citizen_id, TEMPLATE, data, **extra)])
        return
    started = [m.case for m in members if m.case is not None]
    texted = [
        c for c in started
        if await CaseContactConsent.exists(
            case_id=c.id, scope=ConsentScope.CASE_NOTICES, withdrawn_at=None
        )
    ]  # fmt: skip
    if texted:
        # The notifier reads the number from that case's consent, as for case notices.
        await enqueue(
            [by_sms(key + ":applicant", RecipientType.CASE_APPLICANT, texted[0].id, TEMPLATE,
                    data, **extra)]
        )  # fmt: skip


def bundle_status(members: list[BundleApplicationMember]) -> str:
    statuses = [m.case.status if m.case is not None else None for m in members]
    if any(s in DONE_BADLY for s in statuses):
        return "not_approved"
    if all(s in DONE_WELL for s in statuses):
        return "approved"
    return "in_progress"


async def application_for(
    principal: Principal, application_id: int
) -> tuple[BundleApplication, list[BundleApplicationMember]]:
    """Its citizen, the clerk who received it, or supervisors read the one progress view."""
    record = await BundleApplication.get_or_none(id=application_id).select_related("bundle", "hall")
    if record is None:
        raise NotFound("no such bundle application", code="bundle_application_not_found")
    members = list(
        await BundleApplicationMember.filter(application_id=record.id)
        .order_by("position")
        .select_related("item", "case", "case__department")
    )
    mine = (
        (principal.is_citizen and record.citizen_id == principal.id)  # type: ignore[attr-defined]
        or (principal.is_staff and record.received_by_id == principal.id)  # type: ignore[attr-defined]
        # Supervisors whose region holds one of its member cases.
        or (
            principal.supervises
            and any(m.case and principal.in_scope(m.case.department_id) for m in members)  # type: ignore[attr-defined]
        )
    )
    if not mine:
        raise NotFound("no such bundle application", code="bundle_application_not_found")
    return record, members
