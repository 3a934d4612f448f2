"""Events for the province, written to the outbox in the transaction of the change they report.

Each has a stable event id (its dedupe key, and the `eventId` the province deduplicates by):
a case step is `case:<case_no>:<seq>`, so a retried request, a second worker or a re-send by the
reconciliation never makes a second event. Events of one matter (subject) are delivered in
their order (notify/province.py holds a later one until the earlier is through).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from models.cases import Case, CaseTimelineEntry
from models.catalog import ServiceItem
from models.exchange import DispatchedComplaint
from models.outbox import Channel, OutboxMessage, RecipientType
from models.people import Department
from models.reviews import Rectification, Review, SubjectType
from models.tickets import Ticket, TicketTimelineEntry
from workflows.exchange import switch
from workflows.outbox import Notice, enqueue

CASE_TEMPLATE = "province_case_step"
REVIEW_TEMPLATE = "province_review"
COMPLAINT_TEMPLATE = "province_complaint_feedback"
# Ticket steps the dispatching platform is told of (seed 002 art. 28: results fed back).
REPORTED_TICKET_STEPS = frozenset(
    {"accepted", "deemed_accepted", "department_accepted", "returned", "replied",
     "extension_requested", "extended", "extension_rejected", "closed_resolved",
     "closed_invalid", "reopened"}
)  # fmt: skip


def case_event_id(case_no: str, seq: int) -> str:
    return f"case:{case_no}:{seq}"


def _utc(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("UTC")).isoformat()


async def case_step_notice(
    case: Case, entry: CaseTimelineEntry, tz: ZoneInfo, *, key: str | None = None
) -> Notice:
    item_code = await ServiceItem.filter(id=case.item_id).first().values_list("code", flat=True)  # type: ignore[attr-defined]
    department_code = (
        await Department.filter(id=entry.department_id).first().values_list("code", flat=True)  # type: ignore[attr-defined]
    )
    event_id = case_event_id(case.case_no, entry.seq)
    data: dict[str, Any] = {
        "event_id": event_id,
        "case_no": case.case_no,
        "item_code": item_code or "",
        "item_version": case.item_version,
        "department_code": department_code or "",
        "seq": entry.seq,
        "action": entry.action,
        "status": entry.status.value,
        "at": _utc(entry.at),
        "day": entry.at.astimezone(tz).date().isoformat(),
        "channel": case.channel.value,
        "note": entry.note[:500],
    }
    return Notice(
        key or event_id, Channel.PROVINCE, CASE_TEMPLATE, RecipientType.PROVINCE, 0, data,
        subject_type="case", subject_id=case.id,
    )  # fmt: skip


async def report_case_step(case: Case, entry: CaseTimelineEntry, tz: ZoneInfo) -> None:
    """Inside the step's transaction (workflows/cases/steps.py): the step goes up, once."""
    if switch.enabled():
        await enqueue([await case_step_notice(case, entry, tz)])


async def report_ticket_step(ticket: Ticket, entry: TicketTimelineEntry) -> None:
    """A step of a ticket dispatched from 12345 / the national platform goes back to it."""
    if not switch.enabled() or entry.kind not in REPORTED_TICKET_STEPS:
        return
    dispatch = await DispatchedComplaint.get_or_none(ticket_id=ticket.id)
    if dispatch is None:
        return
    department_id = entry.department_id or ticket.assigned_department_id  # type: ignore[attr-defined]
    department_code = ""
    if department_id:
        department_code = (
            await Department.filter(id=department_id).first().values_list("code", flat=True)
        ) or ""
    event_id = f"ticket:{dispatch.source.value}:{dispatch.external_no}:{entry.id}"
    data = {
        "event_id": event_id,
        "source": dispatch.source.value,
        "external_no": dispatch.external_no,
        "kind": entry.kind,
        "at": _utc(entry.at),
        "department_code": department_code,
        "text": entry.text[:2000],
        "due_at": _utc(ticket.due_at) if ticket.due_at else "",
        "closure": ticket.closure.value if ticket.closure else "",
    }
    await enqueue(
        [Notice(event_id, Channel.PROVINCE, COMPLAINT_TEMPLATE, RecipientType.PROVINCE, 0, data,
                subject_type="ticket", subject_id=ticket.id)]
    )  # fmt: skip


async def report_review(review: Review, event: str, extra: dict[str, Any] | None = None) -> None:
    """A review, a rectification step or a callback, with the scheme's data items (seed 002
    art. 36: 好差评 data goes up through the provincial exchange)."""
    if not switch.enabled():
        return
    # Events of one review are numbered under the review's (or its rectification's) lock.
    seq = await OutboxMessage.filter(
        channel=Channel.PROVINCE, subject_type="review", subject_id=review.id
    ).count()
    event_id = f"review:{review.id}:{seq + 1}:{event}"
    case_no, item_code = "", ""
    if review.subject_type == SubjectType.CASE:
        case_no = (
            await Case.filter(id=review.subject_id).first().values_list("case_no", flat=True)
        ) or ""
    if review.item_id is not None:  # type: ignore[attr-defined]
        item_code = (
            await ServiceItem.filter(id=review.item_id).first().values_list("code", flat=True)  # type: ignore[attr-defined]
        ) or ""
    department_code = (
        await Department.filter(id=review.department_id).first().values_list("code", flat=True)  # type: ignore[attr-defined]
    ) or ""
    data: dict[str, Any] = {
        "event_id": event_id,
        "event": event,
        "review_id": review.id,
        "case_no": case_no,
        "item_code": item_code,
        "item_name": review.item_name,
        "department_code": department_code,
        "channel": review.channel.value,
        "grade": review.grade.value,
        "scores": dict(review.scores),
        "reviewed_at": _utc(review.created_at),
        "at": _utc(extra.pop("at")) if extra and "at" in extra else _utc(review.created_at),
        **(extra or {}),
    }
    await enqueue(
        [Notice(event_id, Channel.PROVINCE, REVIEW_TEMPLATE, RecipientType.PROVINCE, 0, data,
                subject_type="review", subject_id=review.id)]
    )  # fmt: skip


async def report_rectification(rect: Rectification, action: str, at: datetime) -> None:
    """整改: the state and outcome after each step; 回访: the callback's result."""
    if not switch.enabled():
        return
    review = await Review.get(id=rect.review_id)  # type: ignore[attr-defined]
    outcome = {
        "state": rect.state.value,
        "action": action,
        "classification": rect.classification.value if rect.classification else "",
        "result": rect.rectification_summary[:2000],
        "rectifiedAt": _utc(rect.rectified_at) if rect.rectified_at else "",
        "onTime": rect.rectified_on_time,
        "invalid": rect.state.value == "invalid",
    }
    extra: dict[str, Any] = {"at": at, "rectification": outcome}
    event = "rectification"
    if action == "callback" and rect.callback_at is not None:
        event = "callback"
        extra["callback"] = {
            "at": _utc(rect.callback_at),
            "satisfied": rect.callback_satisfied,
            "note": rect.callback_note[:500],
        }
    await report_review(review, event, extra)
