"""Certificates for the issuing department: revokeCertificate."""

from __future__ import annotations

from datetime import datetime

from miniapp_api.certificates.present import MyCertificate, mine
from miniapp_api.certificates.schemas import CertificateNumberParams, RevokeIn
from miniapp_api.operations import OperationTable
from models.people import StaffRole
from workflows.authz import Principal
from workflows.certificates.revoke import revoke_certificate

table = OperationTable(tags=("certificates",), audience="staff", roles=(StaffRole.HANDLER,))


@table.post("/api/staff/certificates/{number}/revocation", "revokeCertificate", errors=(404, 409))
async def revoke(
    principal: Principal, params: CertificateNumberParams, body: RevokeIn, now: datetime
) -> MyCertificate:
    """Revoke a certificate this department issued, with a reason; the holder is told"""
    certificate = await revoke_certificate(principal, params.number, body.reason, now)
    await certificate.fetch_related("department")
    return mine(certificate)
