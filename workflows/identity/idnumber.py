"""Resident ID numbers (GB 11643-1999): the checksum, and the keyed hash that stands for one."""

from __future__ import annotations

import re

from core.crypto import blind_index
from core.errors import UpstreamRejected

SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
# Kept apart from other blind indexes (phones) under the same key.
ID_NUMBER_PURPOSE = "id_number"


def normalise(id_number: str) -> str:
    return id_number.strip().upper()


def checksum_ok(id_number: str) -> bool:
    """ISO 7064 MOD 11-2 over the first 17 digits gives the 18th character."""
    number = normalise(id_number)
    if not SHAPE.match(number):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number, WEIGHTS, strict=False))
    return CHECK_CHARACTERS[total % 11] == number[17]


def require_valid(id_number: str) -> str:
    number = normalise(id_number)
    if not checksum_ok(number):
        raise UpstreamRejected(
            "the identity platform sent an ID number that fails its GB 11643 checksum",
            code="id_number_checksum",
        )
    return number


def id_hash(id_number: str) -> str:
    """The keyed blind index (HMAC-SM3 under the protection index key) that stands for an ID
    number: links records to a person without the clear number, and cannot be reversed by
    hashing every possible ID number without the key (密评: 国密 algorithms only)."""
    return blind_index(ID_NUMBER_PURPOSE, normalise(id_number))
