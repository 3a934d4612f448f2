"""Reading certificates: the holder's own, and the valid ones (for the material library).

The holder is the case's citizen, so a walk-in case bound later to the verified person brings its
certificate along."""

from __future__ import annotations

from datetime import date

from tortoise.expressions import Q

from core.errors import NotFound
from models.certificates import Certificate, CertificateStatus
from workflows.authz import Principal


async def valid_certificates(citizen_id: int, today: date) -> list[Certificate]:
    """The citizen's certificates that are neither revoked nor expired, newest first: what a new
    application may attach instead of an upload (免提交, seed 002 art. 26)."""
    return (
        await Certificate.filter(case__citizen_id=citizen_id, status=CertificateStatus.VALID)
        .filter(Q(valid_until=None) | Q(valid_until__gte=today))
        .select_related("department")
        .order_by("-issued_at", "-id")
    )


async def citizen_certificates(principal: Principal) -> list[Certificate]:
    if not principal.is_citizen:
        return []
    return (
        await Certificate.filter(case__citizen_id=principal.id)
        .select_related("department")
        .order_by("-issued_at", "-id")
    )


async def holder_certificate(principal: Principal, number: str) -> Certificate:
    """The holder's own certificate; to anyone else it does not exist."""
    certificate = await Certificate.get_or_none(number=number).select_related("department", "case")
    holder = certificate.case.citizen_id if certificate else None  # type: ignore[attr-defined]
    if not principal.is_citizen or holder is None or holder != principal.id:
        raise NotFound("no such certificate", code="certificate_not_found")
    return certificate


async def case_certificate(case_id: int) -> Certificate | None:
    return await Certificate.get_or_none(case_id=case_id).select_related("department")
