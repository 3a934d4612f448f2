"""Applying: a citizen online, or a clerk registering a walk-in (seed 002 art. 18).

Both follow the same flow; the channel and the clerk are recorded. The lookup secret is
returned once, here, and only its hash is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound
from models.cases import Case, CaseChannel, CaseContactConsent, CaseStatus, ConsentScope
from models.catalog import ItemStatus, OnlineDepth, ServiceItem
from models.people import Citizen
from workflows.audit import record_change
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases import deadline, fees
from workflows.cases.delivery import DeliveryChoice, choose
from workflows.cases.numbers import allocate_case_no, new_lookup_secret, secret_hash
from workflows.cases.steps import record_step
from workflows.files.attach import attach_materials
from workflows.identity.levels import require_level
from workflows.identity.walk_ins import verified_applicant, walk_in_id_hash


@dataclass(frozen=True)
class Application:
    item_code: str
    applicant_name: str
    applicant_phone: str = ""
    applicant_id_number: str = ""
    form: dict[str, Any] = field(default_factory=dict)
    # {name, ref} or {name, upload_id} or {name, library_entry_id} (workflows/files/attach.py)
    materials: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""
    # Walk-in only: the applicant agreed at the window to SMS notices at applicant_phone.
    sms_consent: bool = False
    # How the result reaches the applicant (送达); None: not chosen.
    delivery: DeliveryChoice | None = None


async def submit_case(
    principal: Principal,
    application: Application,
    calendar: WorkingCalendar,
    now: datetime,
    acceptance_days: int,
) -> tuple[Case, str]:
    item = await _open_item(application, CaseChannel.ONLINE)
    citizen = await Citizen.get(id=principal.id)
    require_level(citizen.assurance, item.min_assurance)
    application = verified_applicant(application, citizen)
    return await _create(
        principal, item, application, CaseChannel.ONLINE, citizen, calendar, now, acceptance_days
    )


async def register_walk_in(
    principal: Principal,
    application: Application,
    calendar: WorkingCalendar,
    now: datetime,
    acceptance_days: int,
) -> tuple[Case, str]:
    """The hall's comprehensive window (一窗受理) registers applications for any department."""
    item = await _open_item(application, CaseChannel.WINDOW)
    id_hash = walk_in_id_hash(application.applicant_id_number)
    # The person may have verified their identity already: the case is theirs at once.
    citizen = await Citizen.get_or_none(id_number_hash=id_hash) if id_hash else None
    return await _create(
        principal, item, application, CaseChannel.WINDOW, citizen, calendar, now,
        acceptance_days, id_hash,
    )  # fmt: skip


async def _open_item(application: Application, channel: CaseChannel) -> ServiceItem:
    item = await ServiceItem.get_or_none(code=application.item_code)
    if item is None:
        raise NotFound("no such item", code="item_not_found")
    if item.status != ItemStatus.PUBLISHED:
        raise Conflict("this item is not open for applications", code="item_not_open")
    if channel == CaseChannel.ONLINE and item.online_depth == OnlineDepth.WINDOW_ONLY:
        raise Conflict(
            f"this item is handled at the window only: {item.offline_reason}",
            code="item_window_only",
        )
    check_material_names(item, [m["name"] for m in application.materials], "materials")
    return item


def check_material_names(item: ServiceItem, names: list[str], field_name: str) -> None:
    """Nothing beyond the guide may be asked for or handed in (seed 002 art. 11)."""
    known = {m.get("name") for m in item.materials}
    unknown = [name for name in names if name not in known]
    if unknown:
        # The request is well-formed; it conflicts with this item's guide as it stands: 409.
        raise Conflict(
            "materials must be those the guide lists",
            code="material_not_in_guide",
            fields={field_name: "not in the guide: " + "、".join(unknown[:10])},
        )


async def _create(
    principal: Principal,
    item: ServiceItem,
    application: Application,
    channel: CaseChannel,
    citizen: Citizen | None,
    calendar: WorkingCalendar,
    now: datetime,
    acceptance_days: int,
    id_hash: str | None = None,
) -> tuple[Case, str]:
    secret = new_lookup_secret()
    async with in_transaction():
        case_no = await allocate_case_no(calendar, now)
        case = await Case.create(
            case_no=case_no,
            lookup_secret_hash=secret_hash(case_no, secret),
            item=item,
            item_version=item.version,
            item_name=item.name,
            promised_limit_days=item.promised_limit_days,
            department_id=item.department_id,  # type: ignore[attr-defined]
            channel=channel,
            citizen=citizen,
            registered_by_id=principal.id if principal.is_staff else None,
            applicant_name=application.applicant_name,
            applicant_phone=application.applicant_phone,
            applicant_id_number=application.applicant_id_number,
            applicant_id_hash=id_hash or (citizen.id_number_hash if citizen else None),
            form=application.form,
            materials=application.materials,
            status=CaseStatus.SUBMITTED,
            submitted_at=now,
        )
        case.materials = await attach_materials(principal, case, application.materials, now)
        await deadline.start(case, calendar, now, acceptance_days, accepted=False)
        await choose(case, application.delivery)
        await fees.declare(case, item)
        if channel == CaseChannel.WINDOW and application.sms_consent:
            await _record_consent(principal, case, now)
        await record_step(
            case, "submit", None, principal, now, calendar,
            note=application.note, details={"channel": channel.value},
        )  # fmt: skip
        await case.save()
    return case, secret


async def _record_consent(principal: Principal, case: Case, now: datetime) -> None:
    """Kept with the case, before its first step, so that step's notice already goes by SMS."""
    consent = await CaseContactConsent.create(
        case=case,
        scope=ConsentScope.CASE_NOTICES,
        phone=case.applicant_phone,
        given_at=now,
        recorded_by_id=principal.id if principal.is_staff else None,
    )
    await record_change(
        principal.actor,
        "case.sms_consent",
        "case",
        case.id,
        after={"scope": consent.scope.value, "given_at": now.isoformat()},
        note="given at the window",
    )
