"""Following supervision up: respondToUrging, listUrgings, listAccountability,
closeAccountability, drawSpotCheck, getSpotCheck, recordSpotFinding."""

from __future__ import annotations

from datetime import datetime

from core.settings import Settings
from miniapp_api.operations import OperationTable
from miniapp_api.supervision.oversight_schemas import (
    AccountabilityCloseIn,
    AccountabilityOut,
    AccountabilityPage,
    AccountabilityQuery,
    FindingIn,
    FindingOut,
    FindingParams,
    RecordParams,
    SpotCheckIn,
    SpotCheckOut,
    SpotCheckParams,
    UrgingOut,
    UrgingPage,
    UrgingParams,
    UrgingQuery,
    UrgingResponseIn,
)
from models.oversight import AccountabilityRecord, FindingResult, SpotCheck, SpotCheckFinding
from models.people import StaffRole
from models.supervision import UrgingNotice
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.supervision import accountability, spot_checks, urging_responses

SUPERVISORS = (StaffRole.SUPERVISOR,)
table = OperationTable(tags=("supervision",), audience="staff", roles=SUPERVISORS)


def _urging(urging: UrgingNotice, now: datetime) -> UrgingOut:
    by = urging.respond_by
    late = by is not None and (urging.responded_at or now) > by
    return UrgingOut(
        id=urging.id,
        deadline_id=urging.deadline_id,  # type: ignore[attr-defined]
        department_id=urging.department_id,  # type: ignore[attr-defined]
        message=urging.message,
        respond_by=by,
        responded_at=urging.responded_at,
        response=urging.response,
        late=late,
    )


def _record(record: AccountabilityRecord) -> AccountabilityOut:
    return AccountabilityOut(
        id=record.id,
        department_id=record.department_id,  # type: ignore[attr-defined]
        period_start=record.period_start,
        period_end=record.period_end,
        red_cards=record.red_cards,
        card_ids=list(record.card_ids),
        state=record.state,
        outcome=record.outcome,
        closed_at=record.closed_at,
    )


def _check(check: SpotCheck, findings: list[SpotCheckFinding]) -> SpotCheckOut:
    return SpotCheckOut(
        id=check.id,
        period_start=check.period_start,
        period_end=check.period_end,
        seed=check.seed,
        sample_size=check.sample_size,
        population=check.population,
        drawn_at=check.drawn_at,
        findings=[_finding(f) for f in findings],
    )


def _finding(finding: SpotCheckFinding) -> FindingOut:
    return FindingOut(
        ticket_id=finding.ticket_id,  # type: ignore[attr-defined]
        result=finding.result,
        text=finding.text,
        checked_at=finding.checked_at,
    )


@table.post(
    "/api/supervision/urgings/{urging_id}/response",
    "respondToUrging",
    roles=(StaffRole.HANDLER, *SUPERVISORS),
    errors=(404, 409),
)
async def respond(
    principal: Principal, params: UrgingParams, body: UrgingResponseIn, now: datetime
) -> UrgingOut:
    """The urged department answers an urging notice (督办回复)"""
    urging = await urging_responses.respond(principal, params.urging_id, body.response, now)
    return _urging(urging, now)


@table.get("/api/supervision/urgings", "listUrgings", roles=(StaffRole.HANDLER, *SUPERVISORS))
async def list_urgings(principal: Principal, query: UrgingQuery, now: datetime) -> UrgingPage:
    """Urging notices and their answers (staff: their department's)"""
    rows = await urging_responses.list_urgings(
        principal, query.unanswered, query.limit, query.offset
    )
    return UrgingPage(items=[_urging(row, now) for row in rows])


@table.get("/api/supervision/accountability", "listAccountability")
async def list_accountability(
    principal: Principal, query: AccountabilityQuery
) -> AccountabilityPage:
    """Accountability records (问责) opened by repeated red cards"""
    rows = await accountability.list_records(principal, query.state, query.limit, query.offset)
    return AccountabilityPage(items=[_record(row) for row in rows])


@table.post(
    "/api/supervision/accountability/{record_id}/closure",
    "closeAccountability",
    errors=(404, 409),
)
async def close_accountability(
    principal: Principal, params: RecordParams, body: AccountabilityCloseIn, now: datetime
) -> AccountabilityOut:
    """Close an accountability record with its outcome"""
    return _record(
        await accountability.close_record(principal, params.record_id, body.outcome, now)
    )


@table.post("/api/supervision/spot-checks", "drawSpotCheck", status=201)
async def draw(
    principal: Principal, body: SpotCheckIn, now: datetime, settings: Settings
) -> SpotCheckOut:
    """Draw a random sample of the complaints closed in a period (抽查); the seed is recorded"""
    check = await spot_checks.draw_spot_check(
        principal,
        body.period_start,
        body.period_end,
        body.size or settings.supervision.spot_check_size,
        body.seed,
        now,
    )
    return _check(*await spot_checks.findings_of(principal, check.id))


@table.get("/api/supervision/spot-checks/{check_id}", "getSpotCheck", errors=(404,))
async def get_check(principal: Principal, params: SpotCheckParams) -> SpotCheckOut:
    """A spot check with its tickets and findings"""
    return _check(*await spot_checks.findings_of(principal, params.check_id))


@table.post(
    "/api/supervision/spot-checks/{check_id}/findings/{ticket_id}",
    "recordSpotFinding",
    errors=(404, 409),
)
async def record_finding(
    principal: Principal,
    params: FindingParams,
    body: FindingIn,
    now: datetime,
    calendar: WorkingCalendar,
) -> FindingOut:
    """Record ok or a problem for a drawn ticket; a problem reopens it for rectification"""
    finding = await spot_checks.record_finding(
        principal,
        params.check_id,
        params.ticket_id,
        FindingResult(body.result),
        body.text,
        calendar,
        now,
    )
    return _finding(finding)
