"""Anonymous progress lookup by case number + secret, or + the applicant's phone last 4 digits.

Against enumeration: limits per client address, and per case number from that address,
counted alike whether the number exists or not; a wrong secret and an unknown number fail the
same way, after the same work (a hash is compared either way). The per-number limit is per
address so that a stranger's guesses never block the applicant's own lookups; a logged-in
applicant reads their case with getCase, which no lookup limit touches.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from core.errors import NotFound, ValidationFailed
from core.kv import KeyValueStore
from core.ratelimit import Limit, enforce_rate_limits
from models.case_lifecycle import CaseFee, SpecialProcedure
from models.cases import CaseStatus
from workflows.cases.lookup_statements import CaseForLookup, case_for_lookup, open_personal
from workflows.cases.numbers import secret_hash, secret_matches
from workflows.cases.queries import TimelineRow

NO_MATCH = "no case matches this number and code"


@dataclass(frozen=True)
class LookupLimits:
    per_ip_per_minute: int
    per_case_per_hour: int


@dataclass(frozen=True, slots=True)
class LookupProgress:
    """What a lookup may show of the case it found; the applicant's name in clear (views mask
    it). The phone and the ID number are not here: the lookup shows neither."""

    case_id: int
    case_no: str
    item_name: str
    department_name: str
    status: CaseStatus
    applicant_name: str
    submitted_at: datetime
    due_at: datetime | None
    correction_materials: list[str]
    procedure: SpecialProcedure | None
    fee: CaseFee | None
    steps: list[TimelineRow]


async def lookup_progress(
    kv: KeyValueStore,
    client: str,
    case_no: str,
    limits: LookupLimits,
    *,
    secret: str = "",
    phone_last4: str = "",
) -> LookupProgress:
    """What the lookup shows of the case, or NotFound."""
    if bool(secret) == bool(phone_last4):
        raise ValidationFailed(
            "give either the lookup code or the phone's last 4 digits",
            fields={"secret": "one of secret, phone_last4"},
        )
    await enforce_rate_limits(
        kv,
        [
            Limit("lookup-ip", client, limits.per_ip_per_minute, 60),
            # Per (case, address): one stranger's guesses never block the case for anyone else.
            Limit("lookup-case", f"{case_no}|{client}", limits.per_case_per_hour, 3600),
        ],
    )
    case = await case_for_lookup(case_no)
    if case is None:
        secret_hash(case_no, secret or phone_last4)  # the same work as a wrong guess
        raise NotFound(NO_MATCH, code="case_lookup_failed")
    if secret:
        ok = secret_matches(case_no, secret, case.lookup_secret_hash)
    else:
        phone = open_personal("applicant_phone", case.sealed_applicant_phone)
        ok = len(phone) >= 4 and hmac.compare_digest(phone[-4:], phone_last4)
    if not ok:
        raise NotFound(NO_MATCH, code="case_lookup_failed")
    return _shown(case)


def _shown(case: CaseForLookup) -> LookupProgress:
    return LookupProgress(
        case_id=case.id,
        case_no=case.case_no,
        item_name=case.item_name,
        department_name=case.department_name,
        status=case.status,
        # Opened only once the proof matched: a wrong guess never opens the name.
        applicant_name=open_personal("applicant_name", case.sealed_applicant_name),
        submitted_at=case.submitted_at,
        due_at=case.due_at,
        correction_materials=case.correction_materials,
        procedure=case.procedure,
        fee=case.fee,
        steps=case.steps,
    )
