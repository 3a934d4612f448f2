"""How cases are shown: always with the applicant's name, phone and ID number masked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from aiohttp import web
from pydantic import BaseModel

from core.masking import mask_id_number, mask_name, mask_phone
from miniapp_api.cases.lifecycle_present import (
    CaseDeliveryOut,
    CaseFeeOut,
    SpecialProcedureOut,
    fee_out,
    lifecycle_parts,
    special_procedure_out,
)
from miniapp_api.files.present import CaseFile, case_files
from miniapp_api.present import DepartmentRef, json_response
from models.cases import Case, CaseChannel, CaseStatus
from models.people import Department
from workflows.cases.lookup import LookupProgress
from workflows.cases.machine import STATUS_LABELS
from workflows.cases.queries import LifecycleRecords, TimelineRow, timeline_rows


class Applicant(BaseModel):
    name: str | None
    phone: str | None
    id_number: str | None


class TimelineStep(BaseModel):
    seq: int
    at: datetime
    action: str
    status: CaseStatus
    status_label: str
    department: str
    note: str
    staff_name: str | None = None  # staff views only
    details: dict[str, Any] = {}


class CaseSummary(BaseModel):
    id: int
    case_no: str
    item_name: str
    department: DepartmentRef
    channel: CaseChannel
    status: CaseStatus
    status_label: str
    applicant_name: str | None
    submitted_at: datetime
    due_at: datetime | None


class CaseDetail(CaseSummary):
    applicant: Applicant
    form: dict[str, Any]
    materials: list[dict[str, Any]]
    correction_materials: list[str]
    decision_reason: str
    promised_limit_days: int
    accepted_at: datetime | None
    decided_at: datetime | None
    delivered_at: datetime | None
    timeline: list[TimelineStep]
    # The materials that are files: what each is, its scan, its source, who verified it.
    files: list[CaseFile] = []
    delivery: CaseDeliveryOut | None = None
    special_procedure: SpecialProcedureOut | None = None
    fee: CaseFeeOut | None = None
    certificate_number: str | None = None


class CasePage(BaseModel):
    cases: list[CaseSummary]
    total: int


class Progress(BaseModel):
    """What an anonymous lookup shows: progress, not the application's contents."""

    case_no: str
    item_name: str
    department: str
    status: CaseStatus
    status_label: str
    applicant_name: str | None
    submitted_at: datetime
    due_at: datetime | None
    correction_materials: list[str]
    timeline: list[TimelineStep]
    special_procedure: SpecialProcedureOut | None = None
    fee: CaseFeeOut | None = None


def summary(case: Case) -> CaseSummary:
    return CaseSummary(**_summary_fields(case))


def my_cases_page(rows: Sequence[Any], total: int) -> web.Response:
    """listMyCases' CasePage from workflows.cases.queries.citizen_cases' rows, each column already
    in its Python type: written straight to JSON (the bytes CasePage would write), masked as
    every case view is, without a Case model or a CaseSummary per row."""
    cases = [
        {
            "id": row["id"],
            "case_no": row["case_no"],
            "item_name": row["item_name"],
            "department": {"code": row["department_code"], "name": row["department_name"]},
            "channel": row["channel"],
            "status": row["status"],
            "status_label": STATUS_LABELS[row["status"]],
            "applicant_name": mask_name(row["applicant_name"]),
            "submitted_at": row["submitted_at"],
            "due_at": row["due_at"],
        }
        for row in rows
    ]
    return json_response({"cases": cases, "total": total})


def detail(case: Case, steps: list[TimelineRow], *, for_staff: bool) -> CaseDetail:
    return CaseDetail(
        **_summary_fields(case),
        applicant=Applicant(
            name=mask_name(case.applicant_name),
            phone=mask_phone(case.applicant_phone),
            id_number=mask_id_number(case.applicant_id_number),
        ),
        form=case.form,
        materials=case.materials,
        correction_materials=_waiting_for(case),
        decision_reason=case.decision_reason,
        promised_limit_days=case.promised_limit_days,
        accepted_at=case.accepted_at,
        decided_at=case.decided_at,
        delivered_at=case.delivered_at,
        timeline=[_step(entry, for_staff) for entry in steps],
    )


def progress(found: LookupProgress) -> Progress:
    """The anonymous lookup's view: the special procedure and fee, not the delivery details."""
    return Progress(
        case_no=found.case_no,
        item_name=found.item_name,
        department=found.department_name,
        status=found.status,
        status_label=STATUS_LABELS[found.status],
        applicant_name=mask_name(found.applicant_name),
        submitted_at=found.submitted_at,
        due_at=found.due_at,
        correction_materials=_waiting_for(found),
        timeline=[_step(entry, False) for entry in found.steps],
        special_procedure=special_procedure_out(found.procedure),
        fee=fee_out(found.fee),
    )


def _summary_fields(case: Case) -> dict[str, Any]:
    return {
        "id": case.id,
        "case_no": case.case_no,
        "item_name": case.item_name,
        "department": DepartmentRef(code=case.department.code, name=case.department.name),
        "channel": case.channel,
        "status": case.status,
        "status_label": STATUS_LABELS[case.status],
        "applicant_name": mask_name(case.applicant_name),
        "submitted_at": case.submitted_at,
        "due_at": case.due_at,
    }


def _waiting_for(case: Case | LookupProgress) -> list[str]:
    return list(case.correction_materials) if case.status == CaseStatus.CORRECTION_NEEDED else []


def _step(entry: TimelineRow, for_staff: bool) -> TimelineStep:
    return TimelineStep(
        seq=entry.seq,
        at=entry.at,
        action=entry.action,
        status=entry.status,
        status_label=STATUS_LABELS[entry.status],
        department=entry.department_name,
        note=entry.note,
        staff_name=entry.staff_name if for_staff else None,
        details=entry.details,
    )


async def case_detail(
    case: Case, *, for_staff: bool, records: LifecycleRecords | None = None
) -> CaseDetail:
    """`records`: the case's delivery, procedure, fee and certificate if read with it."""
    if not isinstance(case.department, Department):  # not joined by the query that read it
        await case.fetch_related("department")
    shown = detail(case, await timeline_rows(case.id), for_staff=for_staff)
    shown.files = await case_files(case.id, for_staff=for_staff)
    # The pick-up code is the applicant's proof at the window: never in a staff view.
    parts = await lifecycle_parts(case.id, with_pickup_code=not for_staff, records=records)
    return shown.model_copy(update=parts)
