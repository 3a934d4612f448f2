"""One step of a case: its timeline entry, audit record and the citizen's notice, together.

Call inside the transaction of the change; the caller saves the case afterwards.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models.cases import Case, CaseStatus, CaseTimelineEntry
from workflows.audit import record_change
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases.machine import STATUS_LABELS
from workflows.outbox import enqueue, notice_key, to_citizen

TEMPLATE = "case_status_changed"


async def record_step(
    case: Case,
    action: str,
    before: CaseStatus | None,
    principal: Principal,
    now: datetime,
    calendar: WorkingCalendar,
    *,
    note: str = "",
    details: dict[str, Any] | None = None,
) -> CaseTimelineEntry:
    case.step_count += 1
    entry = await CaseTimelineEntry.create(
        case=case,
        seq=case.step_count,
        at=now,
        action=action,
        status=case.status,
        department_id=principal.department_id if principal.is_staff else case.department_id,  # type: ignore[attr-defined]
        staff_id=principal.id if principal.is_staff else None,
        actor_kind=principal.actor.kind,
        note=note,
        details=details or {},
    )
    await record_change(
        principal.actor,
        f"case.{action}",
        "case",
        case.id,
        before={"status": before.value} if before else None,
        after={"status": case.status.value, **(details or {})},
        note=note,
    )
    if case.citizen_id is not None:  # type: ignore[attr-defined]
        await enqueue([_citizen_notice(case, entry, calendar)])
    return entry


def _citizen_notice(case: Case, entry: CaseTimelineEntry, calendar: WorkingCalendar) -> Any:
    citizen_id = case.citizen_id  # type: ignore[attr-defined]
    local = entry.at.astimezone(calendar.tz)
    return to_citizen(
        notice_key("case", case.id, entry.seq, entry.action, "citizen", citizen_id),
        citizen_id,
        TEMPLATE,
        {
            "case_id": case.id,
            "case_no": case.case_no,
            "item_name": case.item_name,
            "status": STATUS_LABELS[case.status],
            "changed_at": local.isoformat(),
            "note": entry.note[:100],
        },
        subject_type="case",
        subject_id=case.id,
    )
