"""Revocation by the issuing department, with a reason: audited, and the holder is told."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound, ValidationFailed
from models.cases import Case
from models.certificates import Certificate, CertificateStatus
from models.people import StaffRole
from workflows.audit import record_change
from workflows.authz import Principal, require_role
from workflows.files.library import revoke_certificate_entry
from workflows.outbox import enqueue, notice_key, to_citizen
from workflows.rows import locked

TEMPLATE = "certificate_revoked"


async def revoke_certificate(
    principal: Principal, number: str, reason: str, now: datetime
) -> Certificate:
    if not reason.strip():
        raise ValidationFailed("a reason is required", fields={"reason": "required"})
    async with in_transaction():
        certificate = await locked(
            Certificate, number, "certificate", by="number", error_code="certificate_not_found"
        )
        # Only the issuing department's handlers; to anyone else it does not exist.
        if not principal.is_staff or principal.department_id != certificate.department_id:  # type: ignore[attr-defined]
            raise NotFound("no such certificate", code="certificate_not_found")
        require_role(principal, StaffRole.HANDLER)
        if certificate.status == CertificateStatus.REVOKED:
            raise Conflict(
                "this certificate is already revoked", code="certificate_already_revoked"
            )
        certificate.status = CertificateStatus.REVOKED
        certificate.revoked_at = now
        certificate.revoked_reason = reason.strip()
        certificate.revoked_by_id = principal.id  # type: ignore[attr-defined]
        await certificate.save()
        await revoke_certificate_entry(certificate.id, now, principal.actor)  # no longer offered
        await record_change(
            principal.actor,
            "certificate.revoke",
            "certificate",
            certificate.id,
            before={"status": CertificateStatus.VALID.value},
            after={"status": CertificateStatus.REVOKED.value, "reason": reason.strip()},
        )
        case = await Case.get(id=certificate.case_id)  # type: ignore[attr-defined]
        citizen_id = case.citizen_id  # type: ignore[attr-defined]
        if citizen_id is not None:
            await enqueue(
                [
                    to_citizen(
                        notice_key("certificate", certificate.id, "revoked", "citizen", citizen_id),
                        citizen_id,
                        TEMPLATE,
                        {
                            "certificate_name": certificate.name,
                            "number": certificate.number,
                            "reason": reason.strip()[:100],
                            "revoked_at": now.isoformat(),
                        },
                        subject_type="certificate",
                        subject_id=certificate.id,
                    )
                ]
            )
    return certificate
