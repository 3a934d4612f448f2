"""SM4-GCM sealing and SM3/HMAC-SM3 digests through `cryptography` (OpenSSL's SM4 and SM3)."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 16


class TamperedValue(Exception):
    """The tag does not match: a wrong key, or the stored value was changed."""


def seal(key: bytes, plaintext: bytes, aad: bytes) -> str:
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    body = encryptor.update(plaintext) + encryptor.finalize()
    return _b64(nonce + body + encryptor.tag)


def open_sealed(key: bytes, sealed: str, aad: bytes) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
    except ValueError:
        raise TamperedValue("not base64") from None
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise TamperedValue("too short")
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(aad)
    try:
        return decryptor.update(body) + decryptor.finalize()
    except InvalidTag:
        raise TamperedValue("tag mismatch") from None


def hmac_sm3(key: bytes, data: bytes) -> str:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize().hex()


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def blind_index(purpose: str, value: str) -> str:
    """Keyed HMAC-SM3 of a normalised value: equal values give equal indexes, the index alone
    tells nothing. `purpose` separates kinds ("phone", "phone4"), so indexes cannot be matched
    across them."""
    from core.crypto.keyring import current

    return hmac_sm3(current().index_key, f"{purpose}\x00{value}".encode())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
