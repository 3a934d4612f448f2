"""Issuing the certificate an approved case yields, inside the approval's transaction.

The guide says whether approval yields one (ServiceItem.certificate_name) and for how long it is
valid. The number is derived from the case number (one certificate per case); the verification
code is random, printed on the certificate and in its QR code.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from models.cases import Case
from models.catalog import ServiceItem
from models.certificates import Certificate
from workflows.audit import Actor, record_change
from workflows.calendar import WorkingCalendar

# No 0/O, 1/I/L: the code is read off paper and typed.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def certificate_number(case_no: str) -> str:
    return f"DZZZ{case_no}"


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


async def issue_for_case(
    actor: Actor, case: Case, now: datetime, calendar: WorkingCalendar
) -> Certificate | None:
    """The certificate of an approved case, or None when its guide declares none. Call inside
    the transaction that approves the case; a second call returns the one already issued."""
    item = await ServiceItem.get(id=case.item_id)  # type: ignore[attr-defined]
    if not item.certificate_name:
        return None
    existing = await Certificate.get_or_none(case_id=case.id)
    if existing is not None:
        return existing
    valid_from = calendar.local_date(now)
    valid_until = None
    if item.certificate_valid_days:
        valid_until = valid_from + timedelta(days=item.certificate_valid_days - 1)
    certificate = await Certificate.create(
        number=certificate_number(case.case_no),
        verification_code=new_verification_code(),
        case=case,
        citizen_id=case.citizen_id,  # type: ignore[attr-defined]
        holder_name=case.applicant_name,
        item=item,
        item_name=case.item_name,
        name=item.certificate_name,
        department_id=case.department_id,  # type: ignore[attr-defined]
        issued_at=now,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    await record_change(
        actor,
        "certificate.issue",
        "certificate",
        certificate.id,
        after={
            "number": certificate.number,
            "case_id": case.id,
            "valid_until": valid_until.isoformat() if valid_until else None,
        },
    )
    return certificate
