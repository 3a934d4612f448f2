"""What ties a person's applications together across channels: the keyed hash of their ID
number (DOMAIN.md "Identity"); the clear number links nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from tortoise.expressions import Q

from models.cases import Case, CaseChannel
from models.people import AssuranceLevel, Citizen
from workflows.audit import Actor, record_change
from workflows.identity.idnumber import checksum_ok, id_hash

if TYPE_CHECKING:
    from workflows.cases.apply import Application


def walk_in_id_hash(id_number: str) -> str | None:
    """None without a valid number: a mistyped number must not link to a stranger."""
    if not checksum_ok(id_number):
        return None
    return id_hash(id_number)


def verified_applicant(application: Application, citizen: Citizen) -> Application:
    """From L2 on, the applicant's name and ID number are the verified ones, not typed ones."""
    if citizen.assurance < AssuranceLevel.L2 or not citizen.real_name or not citizen.id_number:
        return application
    return replace(
        application,
        applicant_name=citizen.real_name,
        applicant_id_number=citizen.id_number,
        applicant_phone=application.applicant_phone or citizen.phone or "",
    )


async def claim_walk_ins(actor: Actor, citizen: Citizen, now: datetime) -> int:
    """Give a newly verified person the window cases registered under their ID number.
    Runs inside the binding's transaction."""
    # NULL-safe "not already theirs": most walk-in cases have no citizen at all.
    others = Q(citizen_id__isnull=True) | Q(citizen_id__not=citizen.id)
    cases = Case.filter(
        others, channel=CaseChannel.WINDOW, applicant_id_hash=citizen.id_number_hash
    )
    ids = list(await cases.values_list("id", flat=True))
    if ids:
        await Case.filter(id__in=ids).update(citizen_id=citizen.id)
        await record_change(
            actor,
            "citizen.walk_ins_linked",
            "citizen",
            citizen.id,
            after={"cases": ids, "at": now.isoformat()},
        )
    return len(ids)
