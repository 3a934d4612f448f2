"""Issuing the certificate an approved case yields, inside the approval's transaction.

The guide says whether approval yields one (ServiceItem.certificate_name) and for how long it is
valid. The number is derived from the case number (one certificate per case); the verification
code is random, printed on the certificate and in its QR code.
"""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from models.cases import Case
from models.catalog import ServiceItem
from models.certificates import Certificate
from workflows.audit import Actor, record_change
from workflows.calendar import WorkingCalendar
from workflows.files.library import add_certificate_entry

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
    if certificate.citizen_id is not None:  # type: ignore[attr-defined]
        # 免提交 (seed 002 art. 26): what we issued is offered for the holder's next application
        # that asks for a material of this name, until the end of its last valid day.
        await add_certificate_entry(
            citizen_id=certificate.citizen_id,  # type: ignore[attr-defined]
            certificate_id=certificate.id,
            material_name=item.certificate_name,
            title=f"{item.certificate_name}（{certificate.number}）",
            department_id=case.department_id,  # type: ignore[attr-defined]
            issued_at=now,
            valid_until=datetime.combine(valid_until, time.max, tzinfo=calendar.tz)
            if valid_until
            else None,
            case_id=case.id,
            actor=actor,
        )
    return certificate
