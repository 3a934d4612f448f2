"""代办 (seed 004 §四(三), seed 001 §三(三)4): township and village agents submit for a citizen.

Recorded as such: the agent, their hall or point, and the reference of the citizen's consent
(委托书). The applicant's identity is taken as at the window, so the case is linked to the
citizen by the keyed hash of their ID number — now if they have verified, or when they do.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import ValidationFailed
from models.cases import Case
from models.routing import CaseRouting, PostKind
from workflows.audit import record_change
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases.apply import Application, register_walk_in
from workflows.identity.idnumber import checksum_ok
from workflows.routing.posts import hall_for_post


async def submit_on_behalf(
    principal: Principal,
    hall_id: int,
    application: Application,
    consent_ref: str,
    calendar: WorkingCalendar,
    now: datetime,
    acceptance_days: int,
) -> tuple[Case, str]:
    async with in_transaction():
        hall = await hall_for_post(principal, hall_id, PostKind.AGENT)
        consent_ref = consent_ref.strip()
        if not consent_ref:
            raise ValidationFailed(
                "代办 needs the citizen's consent", fields={"consent_ref": "required"}
            )
        if not checksum_ok(application.applicant_id_number):
            # Without a valid number the case could never become the citizen's own.
            raise ValidationFailed(
                "代办 needs the applicant's valid ID number",
                code="id_number_required",
                fields={"applicant_id_number": "a valid 18-character ID number is required"},
            )
        note = application.note or f"{hall.name}代办"
        application = replace(application, note=note)
        case, secret = await register_walk_in(
            principal, application, calendar, now, acceptance_days
        )
        await CaseRouting.create(
            case=case,
            hall=hall,
            received_by_id=principal.id,
            dispatched_at=now,
            on_behalf=True,
            consent_ref=consent_ref,
        )
        await record_change(
            principal.actor,
            "case.on_behalf",
            "case",
            case.id,
            after={"hall": hall.code, "consent_ref": consent_ref},
            note="代办",
        )
    return case, secret
