"""Signing and verifying requests between us and the provincial platform, both directions.

Each request carries its key id, a Unix timestamp, a random nonce and a signature: HMAC over

    METHOD \n PATH(with query) \n TIMESTAMP \n NONCE \n hex(HASH(body))

with HASH and the HMAC's hash either SHA-256 (HMAC-SHA256) or SM3 (HMAC-SM3, 国密), as the
deployment's [exchange] algorithm says; `cryptography` provides SM3 (hashes.SM3). The receiver
checks the signature first (so a forger cannot use up nonces), then the timestamp window, then
that the nonce is new: it is remembered for twice the window, in Redis (SET NX with a TTL) or,
without Redis, in the process.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac

from core.kv import KeyValueStore

Algorithm = Literal["HMAC-SHA256", "HMAC-SM3"]
ALGORITHMS: tuple[Algorithm, ...] = ("HMAC-SHA256", "HMAC-SM3")
KEY_HEADER = "X-Exchange-Key"
TIMESTAMP_HEADER = "X-Exchange-Timestamp"
NONCE_HEADER = "X-Exchange-Nonce"
SIGNATURE_HEADER = "X-Exchange-Signature"
ALGORITHM_HEADER = "X-Exchange-Algorithm"
NONCE_MAX_LENGTH = 64


class SignatureRefused(Exception):
    """Why a request's signature is not accepted; `code` is stable, for the 401 and the audit."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def body_digest(algorithm: Algorithm, body: bytes) -> str:
    if algorithm == "HMAC-SM3":
        digest = hashes.Hash(hashes.SM3())
        digest.update(body)
        return digest.finalize().hex()
    return hashlib.sha256(body).hexdigest()


def string_to_sign(method: str, path: str, timestamp: str, nonce: str, digest: str) -> bytes:
    return "\n".join((method.upper(), path, timestamp, nonce, digest)).encode()


def signature(algorithm: Algorithm, secret: str, message: bytes) -> str:
    if algorithm == "HMAC-SM3":
        mac = crypto_hmac.HMAC(secret.encode(), hashes.SM3())
        mac.update(message)
        return mac.finalize().hex()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(
    algorithm: Algorithm,
    key_id: str,
    secret: str,
    method: str,
    path: str,
    body: bytes,
    now: float,
    nonce: str | None = None,
) -> dict[str, str]:
    """The headers that sign one request."""
    timestamp, nonce = str(int(now)), nonce or secrets.token_hex(16)
    message = string_to_sign(method, path, timestamp, nonce, body_digest(algorithm, body))
    return {
        KEY_HEADER: key_id,
        TIMESTAMP_HEADER: timestamp,
        NONCE_HEADER: nonce,
        ALGORITHM_HEADER: algorithm,
        SIGNATURE_HEADER: signature(algorithm, secret, message),
    }


@dataclass(frozen=True)
class Verifier:
    algorithm: Algorithm
    key_id: str
    secret: str
    window_seconds: int
    kv: KeyValueStore
    scope: str = "exchange"

    async def verify(
        self, headers: Mapping[str, str], method: str, path: str, body: bytes, now: float
    ) -> str:
        """The nonce of a request that is signed by the expected key, fresh and new; else
        SignatureRefused."""
        if not self.secret:
            raise SignatureRefused("exchange_not_configured", "no key is configured to verify")
        got = {name: headers.get(name, "") for name in (KEY_HEADER, TIMESTAMP_HEADER,
               NONCE_HEADER, SIGNATURE_HEADER, ALGORITHM_HEADER)}  # fmt: skip
        missing = [name for name in (KEY_HEADER, TIMESTAMP_HEADER, NONCE_HEADER,
                   SIGNATURE_HEADER) if not got[name]]  # fmt: skip
        if missing:
            raise SignatureRefused("signature_missing", "unsigned request: " + ", ".join(missing))
        if got[ALGORITHM_HEADER] and got[ALGORITHM_HEADER] != self.algorithm:
            raise SignatureRefused(
                "algorithm_refused", f"this platform signs with {self.algorithm}"
            )
        if got[KEY_HEADER] != self.key_id:
            raise SignatureRefused("unknown_key", "the key id is not known here")
        timestamp, nonce = got[TIMESTAMP_HEADER], got[NONCE_HEADER]
        if not timestamp.isdigit() or len(timestamp) > 12:
            raise SignatureRefused("timestamp_invalid", "the timestamp must be Unix seconds")
        if len(nonce) > NONCE_MAX_LENGTH or not nonce.isalnum():
            raise SignatureRefused("nonce_invalid", "the nonce must be 1-64 letters or digits")
        message = string_to_sign(method, path, timestamp, nonce, body_digest(self.algorithm, body))
        expected = signature(self.algorithm, self.secret, message)
        if not hmac.compare_digest(expected, got[SIGNATURE_HEADER].lower()):
            raise SignatureRefused("signature_invalid", "the signature does not match")
        if abs(now - int(timestamp)) > self.window_seconds:
            raise SignatureRefused(
                "timestamp_out_of_window",
                f"the timestamp is more than {self.window_seconds} s from our clock",
            )
        fresh = await self.kv.set(
            f"{self.scope}:nonce:{self.key_id}:{nonce}",
            "1",
            ttl=2 * self.window_seconds,
            only_if_absent=True,
        )
        if not fresh:
            raise SignatureRefused("nonce_reused", "this nonce was used already")
        return nonce
