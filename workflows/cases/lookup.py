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

from core.errors import NotFound, ValidationFailed
from core.kv import KeyValueStore
from core.ratelimit import Limit, enforce_rate_limits
from models.cases import Case
from workflows.cases.numbers import secret_hash, secret_matches
from workflows.cases.queries import LifecycleRecords, case_with_records

NO_MATCH = "no case matches this number and code"


@dataclass(frozen=True)
class LookupLimits:
    per_ip_per_minute: int
    per_case_per_hour: int


async def lookup_progress(
    kv: KeyValueStore,
    client: str,
    case_no: str,
    limits: LookupLimits,
    *,
    secret: str = "",
    phone_last4: str = "",
) -> tuple[Case, LifecycleRecords]:
    """The case and what its progress shows beside it, or NotFound."""
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
    found = await case_with_records(by="case_no", value=case_no)
    if found is None:
        secret_hash(case_no, secret or phone_last4)  # the same work as a wrong guess
        raise NotFound(NO_MATCH, code="case_lookup_failed")
    case = found[0]
    if secret:
        ok = secret_matches(case_no, secret, case.lookup_secret_hash)
    else:
        ok = len(case.applicant_phone) >= 4 and hmac.compare_digest(
            case.applicant_phone[-4:], phone_last4
        )
    if not ok:
        raise NotFound(NO_MATCH, code="case_lookup_failed")
    return found
