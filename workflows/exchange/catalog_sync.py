"""Items in from the provincial catalog (统一事项管理系统, seed 002 art. 8), by push or pull.

Keyed by the provincial code and version: an older version than ours is refused, the same one
changes nothing, a newer one becomes a local draft (ItemDraft) that must be implemented within
[exchange] draft_working_days working days (seed 002 art. 10: 10), watched by supervision like
every other deadline. A new code arrives as a draft item. Only the province's fields are in a
draft: our halls, slots, local notes, FAQ, themes and assurance level are never touched. An
item the province withdrew is suspended here at once, with a public announcement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from core.settings import ExchangeSettings
from models.catalog import ItemStatus, ServiceItem, ServiceItemVersion
from models.exchange import DraftState, ItemDraft, ProvinceItem
from models.people import AssuranceLevel, Department, StaffRole
from workflows.audit import Actor, record_change
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.catalog.announcements import announce_status
from workflows.catalog.items import check_guide, snapshot
from workflows.exchange.inbound_map import ProvinceItemIn, item_fields, missing_fields
from workflows.outbox import enqueue, notice_key, to_department
from workflows.rows import locked
from workflows.supervision import deadlines

DRAFT_SUBJECT = "item_draft"


@dataclass(frozen=True)
class Received:
    code: str
    outcome: str  # draft | unchanged | withdrawn
    item_id: int
    draft_id: int | None = None


async def receive_item(
    incoming: ProvinceItemIn,
    source: str,
    settings: ExchangeSettings,
    calendar: WorkingCalendar,
    now: datetime,
    request_id: str = "",
) -> Received:
    actor = Actor.system(request_id)
    async with in_transaction():
        link = await ProvinceItem.select_for_update().get_or_none(code=incoming.code)
        if link is not None and incoming.version < link.version:
            raise Conflict(
                f"version {incoming.version} is older than ours ({link.version})",
                code="stale_item_version",
                fields={"taskVersion": f"ours is {link.version}"},
            )
        if link is not None and incoming.version == link.version:
            return Received(incoming.code, "unchanged", link.item_id)  # type: ignore[attr-defined]
        if incoming.state == "withdrawn":
            if link is None:
                raise NotFound("no item with this provincial code", code="unknown_provincial_code")
            return await _withdraw(link, incoming, actor, now)
        return await _draft(link, incoming, source, settings, calendar, now, actor)


async def _department(incoming: ProvinceItemIn, settings: ExchangeSettings) -> Department:
    code = settings.local_department(incoming.department_code or "")
    department = await Department.get_or_none(code=code)
    if department is None:
        raise NotFound("the implementing department is not ours", code="unknown_department")
    return department


async def _draft(
    link: ProvinceItem | None,
    incoming: ProvinceItemIn,
    source: str,
    settings: ExchangeSettings,
    calendar: WorkingCalendar,
    now: datetime,
    actor: Actor,
) -> Received:
    missing = missing_fields(incoming)
    if missing:
        raise ValidationFailed(
            "an active item needs its guide", code="province_item_incomplete",
            fields={name: "required" for name in missing},
        )  # fmt: skip
    department = await _department(incoming, settings)
    changes = {**item_fields(incoming), "department_id": department.id}
    check_guide(changes)
    if link is None:
        item = await ServiceItem.select_for_update().get_or_none(code=incoming.code)
        if item is None:  # new to us: a draft item, published only through review (art. 12)
            item = await ServiceItem.create(
                code=incoming.code, status=ItemStatus.DRAFT, version=1,
                min_assurance=AssuranceLevel.L0, **changes,
            )  # fmt: skip
            await _version(item, "created", actor, f"provincial version {incoming.version}")
        link = await ProvinceItem.create(
            item=item, code=incoming.code, version=incoming.version, synced_at=now
        )
    else:
        item = await ServiceItem.get(id=link.item_id)  # type: ignore[attr-defined]
    due_at = calendar.due_at(now, settings.draft_working_days)
    earlier = await ItemDraft.filter(item_id=item.id, state=DraftState.PENDING).order_by("id")
    for old in earlier:  # the limit runs from the first change not yet implemented
        due_at = min(due_at, old.due_at)
        old.state = DraftState.SUPERSEDED
        await old.save(update_fields=["state", "updated_at"])
        await deadlines.finish(DRAFT_SUBJECT, old.id, now)
    draft = await ItemDraft.create(
        item=item, provincial_version=incoming.version, changes=changes, source=source,
        received_at=now, due_at=due_at,
    )  # fmt: skip
    await deadlines.watch(
        DRAFT_SUBJECT, draft.id, department_id=department.id,
        title=f"省级事项变更待实施：{changes['name']}", started_at=now, due_at=due_at,
        limit_working_days=settings.draft_working_days,
    )  # fmt: skip
    link.version, link.withdrawn, link.synced_at = incoming.version, False, now
    await link.save()
    await record_change(
        actor, "exchange.item_received", "service_item", item.id,
        after={"code": incoming.code, "provincial_version": incoming.version, "source": source,
               "draft_id": draft.id, "due_at": due_at.isoformat()},
    )  # fmt: skip
    return Received(incoming.code, "draft", item.id, draft.id)


async def _withdraw(
    link: ProvinceItem, incoming: ProvinceItemIn, actor: Actor, now: datetime
) -> Received:
    item = await locked(ServiceItem, link.item_id, "item")  # type: ignore[attr-defined]
    reason = incoming.withdraw_reason.strip() or "省级事项目录已撤销该事项"
    if item.status in (ItemStatus.PUBLISHED, ItemStatus.DRAFT):
        before = snapshot(item)
        item.status = ItemStatus.SUSPENDED
        item.version += 1
        await item.save()
        await _version(item, ItemStatus.SUSPENDED.value, actor, reason, before)
    for draft in await ItemDraft.filter(item_id=item.id, state=DraftState.PENDING):
        draft.state = DraftState.SUPERSEDED
        await draft.save(update_fields=["state", "updated_at"])
        await deadlines.finish(DRAFT_SUBJECT, draft.id, now)
    # The same public announcement (and notices to citizens with open cases or bookings) as a
    # local suspension: seed 002 art. 13.
    announcement = await announce_status(
        None, item, ItemStatus.SUSPENDED, f"省级事项目录已撤销该事项。{reason}", now
    )
    link.version, link.withdrawn, link.synced_at = incoming.version, True, now
    await link.save()
    await enqueue(
        [to_department(
            notice_key("item", item.id, "withdrawn", incoming.version),
            item.department_id,  # type: ignore[attr-defined]
            "item_withdrawn",
            {"item_name": item.name, "code": item.code, "reason": reason[:200]},
            subject_type="service_item", subject_id=item.id,
        )]
    )  # fmt: skip
    await record_change(
        actor, "exchange.item_withdrawn", "service_item", item.id,
        after={"code": item.code, "provincial_version": incoming.version,
               "announcement_id": announcement.id if announcement else None}, note=reason,
    )  # fmt: skip
    return Received(incoming.code, "withdrawn", item.id)


async def apply_draft(principal: Principal, draft_id: int, now: datetime) -> ItemDraft:
    """Implement a province-side change here: a new item version with the province's fields."""
    async with in_transaction():
        draft = await locked(ItemDraft, draft_id, "draft", error_code="draft_not_found")
        item = await locked(ServiceItem, draft.item_id, "item")  # type: ignore[attr-defined]
        if not principal.in_scope(item.department_id):  # type: ignore[attr-defined]
            raise NotFound("no such draft in your scope", code="draft_not_found")
        if not principal.has_role(StaffRole.ADMIN) and not (
            principal.has_role(StaffRole.HANDLER) and principal.department_id == item.department_id  # type: ignore[attr-defined]
        ):
            raise Forbidden("handlers implement their own department's items", code="role_required")
        if draft.state != DraftState.PENDING:
            raise Conflict(f"this draft is {draft.state.value}", code="draft_not_pending")
        if item.status == ItemStatus.TERMINATED:
            raise Conflict("a terminated item cannot change", code="item_terminated")
        before = snapshot(item)
        item.update_from_dict(dict(draft.changes))
        item.version += 1
        await item.save()
        note = f"provincial version {draft.provincial_version}"
        await _version(item, "province_change", principal.actor, note, before, principal.id)
        draft.state, draft.applied_at, draft.applied_by_id = DraftState.APPLIED, now, principal.id
        await draft.save()
        await deadlines.finish(DRAFT_SUBJECT, draft.id, now)
    return draft


async def _version(
    item: ServiceItem, change: str, actor: Actor, note: str,
    before: dict | None = None, actor_id: int | None = None,
) -> None:  # fmt: skip
    after = snapshot(item)
    await ServiceItemVersion.create(
        item=item, version=item.version, status=item.status, change=change, snapshot=after,
        actor_kind=actor.kind, actor_id=actor_id, note=note,
    )  # fmt: skip
    await record_change(
        actor, f"item.{change}", "service_item", item.id, before=before, after=after, note=note
    )
