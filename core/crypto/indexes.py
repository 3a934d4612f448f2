"""The blind indexes we keep: what is normalised before the keyed HMAC-SM3."""

from __future__ import annotations

import re

from core.crypto.sm import blind_index

_NOT_DIGIT = re.compile(r"\D")


def pure_phone(phone: str) -> str:
    """Digits only, the last eleven: a mainland mobile without +86 / 86 / 0086 before it."""
    return _NOT_DIGIT.sub("", phone)[-11:]


def phone_index(phone: str | None) -> str | None:
    """Index of a phone number (equal numbers, however written, give the same index)."""
    if not phone:
        return None
    return blind_index("phone", pure_phone(phone))
