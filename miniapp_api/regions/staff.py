"""The region tree (listRegions, createRegion, placeInRegion) and 转报 (forwardCase,
listForwardTargets, listForwardedCases)."""

from __future__ import annotations

from datetime import datetime

from miniapp_api.cases.present import CaseDetail, case_detail, summary
from miniapp_api.cases.schemas import CaseIdParams
from miniapp_api.operations import OperationTable
from miniapp_api.regions.schemas import (
    DepartmentOut,
    ForwardedQuery,
    ForwardIn,
    ForwardOut,
    ForwardPage,
    ForwardTargets,
    PlaceIn,
    RegionIn,
    RegionList,
    RegionOut,
)
from models.people import Department, StaffRole
from models.regions import CaseForward, Region
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases import forwarding
from workflows.regions import admin
from workflows.regions.tree import level_of, parent_code

table = OperationTable(tags=("regions",), audience="staff", roles=tuple(StaffRole))
CASE_STAFF = (StaffRole.CLERK, StaffRole.HANDLER, StaffRole.SUPERVISOR, StaffRole.ADMIN)


def _region(region: Region) -> RegionOut:
    return RegionOut(
        id=region.id,
        code=region.code,
        name=region.name,
        level=region.level,
        parent_code=parent_code(region.code, region.level),
    )


def _department(department: Department) -> DepartmentOut:
    return DepartmentOut(id=department.id, code=department.code, name=department.name)


@table.get("/api/staff/regions", "listRegions")
async def list_regions(principal: Principal) -> RegionList:
    """The region tree as far as the caller's scope reaches, in code order"""
    return RegionList(regions=[_region(r) for r in await admin.regions_for(principal)])


@table.post(
    "/api/admin/regions", "createRegion", roles=(StaffRole.ADMIN,), status=201, errors=(409,)
)
async def create_region(principal: Principal, body: RegionIn) -> RegionOut:
    """Add a region; its parent (by the code) must exist"""
    return _region(await admin.create_region(principal, body.code, body.name, level_of(body.code)))


@table.post(
    "/api/admin/region-placements", "placeInRegion", roles=(StaffRole.ADMIN,), errors=(404,)
)
async def place(principal: Principal, body: PlaceIn) -> RegionOut:
    """Put a department, hall or staff account in a region"""
    return _region(await admin.place(principal, body.kind, body.id, body.region_id))


@table.post(
    "/api/staff/cases/{case_id}/forward",
    "forwardCase",
    roles=(StaffRole.HANDLER,),
    errors=(404, 409),
)
async def forward(
    principal: Principal,
    params: CaseIdParams,
    body: ForwardIn,
    now: datetime,
    calendar: WorkingCalendar,
) -> CaseDetail:
    """转报: forward the case to a higher level's department that handles its item"""
    case, _ = await forwarding.forward_case(
        principal, params.case_id, body.to_department_id, body.reason, now, calendar
    )
    return await case_detail(case, for_staff=True)


@table.get(
    "/api/staff/cases/{case_id}/forward-targets",
    "listForwardTargets",
    roles=(StaffRole.HANDLER,),
    errors=(404,),
)
async def forward_targets(principal: Principal, params: CaseIdParams) -> ForwardTargets:
    """The higher departments this case may be forwarded to"""
    rows = await forwarding.targets(principal, params.case_id)
    return ForwardTargets(departments=[_department(d) for d in rows])


def _forward(row: CaseForward) -> ForwardOut:
    return ForwardOut(
        id=row.id,
        case=summary(row.case),
        from_department=_department(row.from_department),
        to_department=_department(row.to_department),
        reason=row.reason,
        forwarded_at=row.forwarded_at,
        returned_at=row.returned_at,
        result=row.result,
    )


@table.get("/api/staff/forwarded-cases", "listForwardedCases", roles=CASE_STAFF)
async def forwarded(principal: Principal, query: ForwardedQuery) -> ForwardPage:
    """Cases the caller's department forwarded up (supervisors: from their scope), with who
    holds each now"""
    rows, total = await forwarding.forwarded_cases(
        principal, query.open_only, query.limit, query.offset
    )
    return ForwardPage(forwards=[_forward(r) for r in rows], total=total)
