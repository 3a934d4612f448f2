"""TC3-HMAC-SHA256, Tencent Cloud API 3.0's request signature (signature v3).

The canonical request is the method, the URI "/", the (empty, for POST) query string, the
canonical headers (content-type, host, x-tc-action: lower-case names, trimmed values, each line
ending in a newline), the signed header names joined by ";" and the hex SHA-256 of the body.
The string to sign names the algorithm, the timestamp, the credential scope
(date/service/tc3_request, the date in UTC) and the hex SHA-256 of the canonical request; the key
is derived from "TC3" + SecretKey by HMAC over the date, the service and "tc3_request".
Both our client and the simulator (devtools/sms_sim) sign with these functions' rules; the
simulator recomputes the signature from what it received.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

ALGORITHM = "TC3-HMAC-SHA256"
CONTENT_TYPE = "application/json; charset=utf-8"
SIGNED_HEADERS = ("content-type", "host", "x-tc-action")


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def utc_date(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def credential_scope(date: str, service: str) -> str:
    return f"{date}/{service}/tc3_request"


def canonical_request(
    method: str, headers: dict[str, str], signed_headers: tuple[str, ...], body: bytes
) -> str:
    lowered = {name.lower(): value.strip() for name, value in headers.items()}
    # The action's value is signed in lower case, as the documentation's example does.
    lowered["x-tc-action"] = lowered.get("x-tc-action", "").lower()
    canonical_headers = "".join(f"{name}:{lowered.get(name, '')}\n" for name in signed_headers)
    return "\n".join(
        [method.upper(), "/", "", canonical_headers, ";".join(signed_headers), _sha256_hex(body)]
    )


def signature(secret_key: str, service: str, timestamp: int, canonical: str) -> str:
    date = utc_date(timestamp)
    to_sign = "\n".join(
        [
            ALGORITHM,
            str(timestamp),
            credential_scope(date, service),
            _sha256_hex(canonical.encode("utf-8")),
        ]
    )
    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode("utf-8"), date), service), "tc3_request")
    return hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization(
    secret_id: str,
    secret_key: str,
    service: str,
    timestamp: int,
    method: str,
    headers: dict[str, str],
    body: bytes,
    signed_headers: tuple[str, ...] = SIGNED_HEADERS,
) -> str:
    canonical = canonical_request(method, headers, signed_headers, body)
    signed = signature(secret_key, service, timestamp, canonical)
    scope = credential_scope(utc_date(timestamp), service)
    return (
        f"{ALGORITHM} Credential={secret_id}/{scope}, "
        f"SignedHeaders={';'.join(signed_headers)}, Signature={signed}"
    )


def parse_authorization(value: str) -> dict[str, str] | None:
    """{"secret_id", "date", "service", "signed_headers", "signature"}, or None if malformed."""
    algorithm, _, rest = value.partition(" ")
    if algorithm != ALGORITHM:
        return None
    parts = dict(item.strip().partition("=")[::2] for item in rest.split(","))
    credential = parts.get("Credential", "").split("/")
    if len(credential) != 4 or credential[3] != "tc3_request" or not parts.get("Signature"):
        return None
    return {
        "secret_id": credential[0],
        "date": credential[1],
        "service": credential[2],
        "signed_headers": parts.get("SignedHeaders", ""),
        "signature": parts["Signature"],
    }
