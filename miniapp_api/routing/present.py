"""How routing is shown: receipts, what a window received, parallel parts, bundles."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from miniapp_api.cases.present import CaseDetail, CaseSummary, summary
from miniapp_api.present import DepartmentRef
from models.catalog import ServiceHall, ServiceItem
from models.routing import (
    Bundle,
    BundleApplication,
    BundleApplicationMember,
    BundleOrder,
    CaseRouting,
    Opinion,
    ParallelPart,
    PartState,
    PostKind,
)
from workflows.routing.bundles import bundle_status


class HallRef(BaseModel):
    id: int
    code: str
    name: str


def hall_ref(hall: ServiceHall) -> HallRef:
    return HallRef(id=hall.id, code=hall.code, name=hall.name)


class WindowReceipt(BaseModel):
    """受理回执: what the window gives the applicant."""

    case: CaseDetail
    lookup_secret: str = Field(description="shown once: with the case number, anyone may look up")
    hall: HallRef
    received_at: datetime
    dispatched: bool = Field(description="sent to the back-office department")
    correction_materials: list[str] = Field(description="the one correction notice, if any")


class ReceivedCase(BaseModel):
    case: CaseSummary
    hall: HallRef | None
    received_at: datetime
    dispatched_at: datetime | None
    on_behalf: bool


class ReceivedPage(BaseModel):
    cases: list[ReceivedCase]
    total: int


def received(row: CaseRouting) -> ReceivedCase:
    return ReceivedCase(
        case=summary(row.case),
        hall=hall_ref(row.hall) if row.hall else None,
        received_at=row.created_at,
        dispatched_at=row.dispatched_at,
        on_behalf=row.on_behalf,
    )


class OnBehalfOut(BaseModel):
    case: CaseDetail
    lookup_secret: str
    hall: HallRef
    consent_ref: str


class PartOut(BaseModel):
    id: int
    case_id: int
    department: DepartmentRef
    limit_working_days: int
    started_at: datetime
    due_at: datetime
    state: PartState
    opinion: Opinion | None
    text: str
    answered_at: datetime | None


def part_out(part: ParallelPart) -> PartOut:
    return PartOut(
        id=part.id,
        case_id=part.case_id,  # type: ignore[attr-defined]
        department=DepartmentRef(code=part.department.code, name=part.department.name),
        limit_working_days=part.limit_working_days,
        started_at=part.started_at,
        due_at=part.due_at,
        state=part.state,
        opinion=part.opinion,
        text=part.text,
        answered_at=part.answered_at,
    )


class ParallelOut(BaseModel):
    case_id: int
    lead: DepartmentRef
    parts: list[PartOut]
    all_answered: bool


class PartWithCase(PartOut):
    case: CaseSummary


class PartPage(BaseModel):
    parts: list[PartWithCase]
    total: int


class BundleItem(BaseModel):
    position: int
    code: str
    name: str
    department: DepartmentRef
    open: bool


class BundleOut(BaseModel):
    code: str
    name: str
    description: str
    order: BundleOrder
    items: list[BundleItem]


class BundleList(BaseModel):
    bundles: list[BundleOut]


def bundle_out(bundle: Bundle, items: list[ServiceItem]) -> BundleOut:
    return BundleOut(
        code=bundle.code,
        name=bundle.name,
        description=bundle.description,
        order=bundle.order,
        items=[
            BundleItem(
                position=n,
                code=item.code,
                name=item.name,
                department=DepartmentRef(code=item.department.code, name=item.department.name),
                open=item.status.value == "published",
            )
            for n, item in enumerate(items, start=1)
        ],
    )


class BundleMemberOut(BaseModel):
    position: int
    item_code: str
    item_name: str
    started: bool
    case: CaseSummary | None


class BundleProgress(BaseModel):
    """The one progress view of a 一件事一次办 application."""

    id: int
    bundle_code: str
    bundle_name: str
    order: BundleOrder
    status: str = Field(description="in_progress | approved | not_approved, from the members")
    submitted_at: datetime
    finished_at: datetime | None
    members: list[BundleMemberOut]


def bundle_progress(
    record: BundleApplication, members: list[BundleApplicationMember]
) -> BundleProgress:
    return BundleProgress(
        id=record.id,
        bundle_code=record.bundle.code,
        bundle_name=record.bundle.name,
        order=record.order,
        status=bundle_status(members),
        submitted_at=record.submitted_at,
        finished_at=record.finished_at,
        members=[
            BundleMemberOut(
                position=m.position,
                item_code=m.item.code,
                item_name=m.item.name,
                started=m.case is not None,
                case=summary(m.case) if m.case is not None else None,
            )
            for m in members
        ],
    )


class BundleStarted(BaseModel):
    application: BundleProgress
    lookup_secrets: dict[str, str] = Field(description="case number -> its one-time lookup code")


class HallPostOut(BaseModel):
    username: str
    kind: PostKind


class HallPosts(BaseModel):
    hall: HallRef
    posts: list[HallPostOut]


class ItemHandlersOut(BaseModel):
    item_code: str
    department: DepartmentRef
    others: list[DepartmentRef]


class ReassignmentOut(BaseModel):
    """The 转办 as recorded; the old department no longer reaches the matter."""

    subject_type: str
    subject_id: int
    from_department: DepartmentRef
    to_department: DepartmentRef
    reason: str
    clock: str
    due_at: datetime | None
    at: datetime
