"""How certificates are shown: the holder's name masked everywhere but on the holder's PDF."""

from __future__ import annotations

from datetime import date, datetime

from aiohttp import web
from pydantic import BaseModel

from core.masking import mask_name
from models.certificates import Certificate, CertificateStatus
from workflows.certificates.verify import Verdict

PDF_TYPE = "application/pdf"


class CertificateOut(BaseModel):
    """What the certificate itself shows, holder masked."""

    number: str
    name: str
    holder: str | None
    item_name: str
    issuing_department: str
    issued_at: datetime
    valid_from: date
    valid_until: date | None  # null: 长期有效


class MyCertificate(CertificateOut):
    status: CertificateStatus
    revoked_at: datetime | None
    revoked_reason: str
    case_id: int


class MyCertificates(BaseModel):
    certificates: list[MyCertificate]


class VerificationOut(BaseModel):
    result: Verdict
    certificate: CertificateOut | None = None
    revoked_at: datetime | None = None


def certificate_out(certificate: Certificate) -> CertificateOut:
    return CertificateOut(
        number=certificate.number,
        name=certificate.name,
        holder=mask_name(certificate.holder_name),
        item_name=certificate.item_name,
        issuing_department=certificate.department.name,
        issued_at=certificate.issued_at,
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
    )


def mine(certificate: Certificate) -> MyCertificate:
    return MyCertificate(
        **certificate_out(certificate).model_dump(),
        status=certificate.status,
        revoked_at=certificate.revoked_at,
        revoked_reason=certificate.revoked_reason,
        case_id=certificate.case_id,  # type: ignore[attr-defined]
    )


def pdf_response(body: bytes, number: str) -> web.Response:
    return web.Response(
        body=body,
        content_type=PDF_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{number}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )
