"""Commercial cryptography (国密) for personal data: SM4-GCM field encryption under named keys,
HMAC-SM3 blind indexes for equality lookups, SM3 for the audit chain (seed 002 arts. 29, 41-43).

The key ring is installed once per process (`install`) from settings; the ORM field type in
`models.protected` reads it, since a Tortoise field cannot be handed resources.
"""

from core.crypto.keyring import (
    CryptoError,
    Keyring,
    KeyringMissing,
    UnknownKey,
    current,
    install,
    installed,
)
from core.crypto.sm import blind_index, sm3_hex

__all__ = [
    "CryptoError",
    "Keyring",
    "KeyringMissing",
    "UnknownKey",
    "blind_index",
    "current",
    "install",
    "installed",
    "sm3_hex",
]
