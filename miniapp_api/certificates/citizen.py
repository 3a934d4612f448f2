"""Certificates for their holders and for anyone who checks one: listMyCertificates,
downloadCertificate, verifyCertificate (public, rate-limited)."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from core.appkeys import KV
from core.settings import Settings
from miniapp_api.certificates.present import (
    PDF_TYPE,
    MyCertificates,
    VerificationOut,
    certificate_out,
    mine,
    pdf_response,
)
from miniapp_api.certificates.schemas import CertificateNumberParams, VerifyQuery
from miniapp_api.client_ip import client_ip
from miniapp_api.operations import OperationTable
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.certificates.pdf import render_pdf, verify_link
from workflows.certificates.queries import citizen_certificates, holder_certificate
from workflows.certificates.verify import Verdict, verify_certificate

table = OperationTable(tags=("certificates",), audience="citizen")


@table.get("/api/certificates", "listMyCertificates")
async def list_mine(principal: Principal) -> MyCertificates:
    """The logged-in citizen's certificates, newest first, revoked ones too"""
    return MyCertificates(certificates=[mine(c) for c in await citizen_certificates(principal)])


@table.get(
    "/api/certificates/{number}/pdf",
    "downloadCertificate",
    errors=(404,),
    file_types=(PDF_TYPE,),
)
async def download(
    principal: Principal,
    params: CertificateNumberParams,
    settings: Settings,
    calendar: WorkingCalendar,
) -> web.Response:
    """The holder's own certificate as a PDF, with its verification QR code"""
    certificate = await holder_certificate(principal, params.number)
    link = verify_link(
        settings.certificates.verify_base_url, certificate.number, certificate.verification_code
    )
    body = render_pdf(certificate, link, calendar.tz, certificate.holder_name)
    return pdf_response(body, certificate.number)


@table.get("/api/certificates/verify", "verifyCertificate", audience="public", errors=(429,))
async def verify(
    request: web.Request,
    query: VerifyQuery,
    settings: Settings,
    calendar: WorkingCalendar,
    now: datetime,
) -> VerificationOut:
    """Is this certificate genuine? genuine, revoked, expired or unknown (number + printed code)"""
    found = await verify_certificate(
        request.app[KV],
        client_ip(request),
        query.number,
        query.code,
        settings.certificates.verify_per_ip_per_minute,
        calendar.local_date(now),
    )
    if found.certificate is None:
        return VerificationOut(result=found.verdict)
    return VerificationOut(
        result=found.verdict,
        certificate=certificate_out(found.certificate),
        revoked_at=found.certificate.revoked_at if found.verdict == Verdict.REVOKED else None,
    )
