"""Anyone holding a certificate may check it: genuine, revoked, expired or unknown.

Against enumeration: a limit per client address, counted alike whether the number exists or
not, and the number alone verifies nothing (the printed code must match too). The answer shows
no more than the certificate itself shows, with the holder's name masked.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from core.kv import KeyValueStore
from core.ratelimit import Limit, enforce_rate_limits
from models.certificates import Certificate, CertificateStatus


class Verdict(StrEnum):
    GENUINE = "genuine"
    REVOKED = "revoked"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    certificate: Certificate | None


def judge(certificate: Certificate, today: date) -> Verdict:
    if certificate.status == CertificateStatus.REVOKED:
        return Verdict.REVOKED
    if certificate.valid_until is not None and certificate.valid_until < today:
        return Verdict.EXPIRED
    return Verdict.GENUINE


async def verify_certificate(
    kv: KeyValueStore, client: str, number: str, code: str, per_minute: int, today: date
) -> Verification:
    await enforce_rate_limits(kv, [Limit("certificate-verify", client, per_minute, 60)])
    certificate = await Certificate.get_or_none(number=number).select_related("department")
    expected = certificate.verification_code if certificate else "-" * len(code)
    # Compared either way, so an unknown number and a wrong code take the same work.
    matches = hmac.compare_digest(expected.encode(), code.upper().encode())
    if certificate is None or not matches:
        return Verification(Verdict.UNKNOWN, None)
    return Verification(judge(certificate, today), certificate)
