"""One step of a case: its timeline entry, audit record and the applicant's notice, together.

Call inside the transaction of the change; the caller saves the case afterwards. An online
applicant is told in the mini-program; a walk-in applicant without WeChat by SMS, if they agreed
to it at the window (CaseContactConsent).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models.cases import (
    Case,
    CaseChannel,
    CaseContactConsent,
    CaseStatus,
    CaseTimelineEntry,
    ConsentScope,
)
from models.outbox import RecipientType
from workflows.audit import record_change
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases.machine import STATUS_LABELS
from workflows.exchange.events import report_case_step
from workflows.outbox import Notice, by_sms, enqueue, notice_key, to_citizen

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
    await report_case_step(case, entry, calendar.tz)  # seed 000 §二(三): gathered upward
    if case.citizen_id is not None:  # type: ignore[attr-defined]
        await enqueue([_citizen_notice(case, entry, calendar)])
    elif await _applicant_texted(case):
        await enqueue([_applicant_notice(case, entry, calendar)])
    return entry


async def _applicant_texted(case: Case) -> bool:
    if case.channel != CaseChannel.WINDOW or not case.applicant_phone:
        return False
    return await CaseContactConsent.filter(
        case_id=case.id, scope=ConsentScope.CASE_NOTICES, withdrawn_at=None
    ).exists()


def _notice_data(case: Case, entry: CaseTimelineEntry, calendar: WorkingCalendar) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "case_no": case.case_no,
        "item_name": case.item_name,
        "status": STATUS_LABELS[case.status],
        "changed_at": entry.at.astimezone(calendar.tz).isoformat(),
        "note": entry.note[:100],
    }


def _citizen_notice(case: Case, entry: CaseTimelineEntry, calendar: WorkingCalendar) -> Notice:
    citizen_id = case.citizen_id  # type: ignore[attr-defined]
    return to_citizen(
        notice_key("case", case.id, entry.seq, entry.action, "citizen", citizen_id),
        citizen_id,
        TEMPLATE,
        _notice_data(case, entry, calendar),
        subject_type="case",
        subject_id=case.id,
    )


def _applicant_notice(case: Case, entry: CaseTimelineEntry, calendar: WorkingCalendar) -> Notice:
    # The number is not copied into the outbox: the notifier reads it from the consent.
    return by_sms(
        notice_key("case", case.id, entry.seq, entry.action, "applicant"),
        RecipientType.CASE_APPLICANT,
        case.id,
        TEMPLATE,
        _notice_data(case, entry, calendar),
        subject_type="case",
        subject_id=case.id,
    )
