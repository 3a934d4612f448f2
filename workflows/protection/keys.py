"""The key ring of this process and the start-up check that it is the right one."""

from __future__ import annotations

import logging

from core.crypto import keyring
from core.crypto.keyring import CryptoError, Keyring, UnknownKey
from core.settings import ProtectionSettings
from models.protection import KeyCanary

log = logging.getLogger(__name__)

CANARY_TEXT = "handheld-office key canary"
CANARY_CONTEXT = "key_canary.sealed"


class WrongKeys(CryptoError):
    """Stored data is under a key this process does not have, or has wrong."""


def install_keys(settings: ProtectionSettings) -> Keyring:
    """Load the keys named by settings and make them this process's key ring."""
    ring = keyring.load_keyring(
        settings.keys, settings.index_key, settings.key_file, settings.demo_keys
    )
    keyring.install(ring)
    return ring


async def check_canaries(ring: Keyring) -> None:
    """Refuse to start when a key that sealed data is missing or is not the one configured;
    leave a canary for the current key the first time it is used."""
    for canary in await KeyCanary.all():
        try:
            opened = ring.decrypt(canary.sealed, CANARY_CONTEXT)
        except UnknownKey:
            raise WrongKeys(
                f"data was encrypted under key {canary.key_id!r}, which is not configured:"
                " configure it (a retired key still reads) or run rotate-keys with it first"
            ) from None
        except CryptoError:
            raise WrongKeys(
                f"the configured key {canary.key_id!r} is not the key that encrypted the data"
            ) from None
        if opened != CANARY_TEXT:
            raise WrongKeys(f"the canary of key {canary.key_id!r} does not read back")
    if not await KeyCanary.exists(key_id=ring.current_id):
        await KeyCanary.get_or_create(
            key_id=ring.current_id,
            defaults={"sealed": ring.encrypt(CANARY_TEXT, CANARY_CONTEXT)},
        )
