"""Named SM4 keys: the current one encrypts, every known one decrypts; one keyed index key.

A stored value reads `sm4:<key id>:<base64url(nonce | ciphertext | tag)>`. Keys come from the
environment (`MINIAPP_PROTECTION_KEYS`) or a key file outside the repository; the public demo
key exists only when `protection.demo_keys` is on (the demo and the tests). No message here
ever carries a key or a clear value.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from core.crypto.sm import KEY_BYTES, TamperedValue, open_sealed, seal, sm3_hex

log = logging.getLogger(__name__)

PREFIX = "sm4:"
KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,16}")
SEALED = re.compile(r"sm4:([A-Za-z0-9_-]{1,16}):([A-Za-z0-9_-]{38,})")
DEMO_KEY_ID = "demo"
REPO_ROOT = Path(__file__).resolve().parents[2]


class CryptoError(Exception):
    """A value cannot be read or written safely; the message names the key id, never a key."""


class KeyringMissing(CryptoError):
    """No keys are configured (and demo keys are not allowed)."""


class UnknownKey(CryptoError):
    """A value is under a key id this process does not have."""


@dataclass(frozen=True)
class Keyring:
    current_id: str
    keys: Mapping[str, bytes] = field(repr=False)
    index_key: bytes = field(repr=False)
    demo: bool = False

    def __post_init__(self) -> None:
        if self.current_id not in self.keys:
            raise CryptoError(f"the current key {self.current_id!r} is not among the keys")
        for key_id, key in self.keys.items():
            if not KEY_ID.fullmatch(key_id) or len(key) != KEY_BYTES:
                raise CryptoError(f"key {key_id!r}: ids are [A-Za-z0-9_-]{{1,16}}, keys 16 bytes")
        if len(self.index_key) < KEY_BYTES:
            raise CryptoError("the index key must be at least 16 bytes")

    def encrypt(self, plaintext: str, context: str) -> str:
        key_id = self.current_id
        return f"{PREFIX}{key_id}:{seal(self.keys[key_id], plaintext.encode(), context.encode())}"

    def decrypt(self, stored: str, context: str) -> str:
        match = SEALED.fullmatch(stored)
        if match is None:
            raise CryptoError(f"a value of {context} is not in the sealed form")
        key_id, body = match.groups()
        key = self.keys.get(key_id)
        if key is None:
            raise UnknownKey(f"a value of {context} is under key {key_id!r}, not configured here")
        try:
            return open_sealed(key, body, context.encode()).decode()
        except (TamperedValue, UnicodeDecodeError):
            raise CryptoError(
                f"a value of {context} under key {key_id!r} does not authenticate"
                " (a wrong key for that id, or the stored value was changed)"
            ) from None

    def is_current(self, stored: str) -> bool:
        return key_id_of(stored) == self.current_id


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and SEALED.fullmatch(value) is not None


def key_id_of(stored: str) -> str | None:
    match = SEALED.fullmatch(stored)
    return match.group(1) if match else None


def demo_keyring() -> Keyring:
    """A public key for the demo and the tests only: anyone can read what it encrypts."""
    key = bytes.fromhex(sm3_hex(b"handheld-office demo key, public"))[:KEY_BYTES]
    index = bytes.fromhex(sm3_hex(b"handheld-office demo index key, public"))
    return Keyring(DEMO_KEY_ID, {DEMO_KEY_ID: key}, index, demo=True)


def parse_keys(text: str) -> dict[str, bytes]:
    """`id:hex,id:hex` (first is current) -> {id: key}, in order."""
    keys: dict[str, bytes] = {}
    for item in text.split(","):
        key_id, _, hex_key = item.strip().partition(":")
        try:
            keys[key_id] = bytes.fromhex(hex_key)
        except ValueError:
            raise CryptoError(f"key {key_id!r} is not hexadecimal") from None
    return keys


def load_keyring(keys: str, index_key: str, key_file: str, demo_keys: bool) -> Keyring:
    """From settings: the key file if named, else the keys setting; demo keys only if allowed."""
    if key_file:
        return _from_file(Path(key_file))
    if keys.strip():
        if not index_key:
            raise KeyringMissing("protection.index_key is required with protection.keys")
        parsed = parse_keys(keys)
        try:
            index = bytes.fromhex(index_key)
        except ValueError:
            raise CryptoError("protection.index_key is not hexadecimal") from None
        return Keyring(next(iter(parsed)), parsed, index)
    if demo_keys:
        log.warning("no keys configured: personal data is encrypted under the PUBLIC demo key")
        return demo_keyring()
    raise KeyringMissing(
        "no encryption keys: set MINIAPP_PROTECTION_KEYS and MINIAPP_PROTECTION_INDEX_KEY, or"
        " protection.key_file (outside the repository)"
    )


def _from_file(path: Path) -> Keyring:
    resolved = path.resolve()
    if resolved.is_relative_to(REPO_ROOT):
        raise CryptoError(f"the key file {path} is inside the repository: keep it outside")
    try:
        with resolved.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CryptoError(f"the key file {path} cannot be read ({type(error).__name__})") from None
    try:
        keys = {str(k): bytes.fromhex(v) for k, v in dict(data["keys"]).items()}
        return Keyring(str(data["current"]), keys, bytes.fromhex(data["index_key"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        raise CryptoError(
            f"the key file {path} needs current = ID, index_key = HEX and a [keys] table"
        ) from None


_installed: Keyring | None = None


def install(keyring: Keyring) -> None:
    global _installed
    _installed = keyring


def installed() -> Keyring | None:
    return _installed


def current() -> Keyring:
    if _installed is None:
        raise KeyringMissing("no key ring installed in this process")
    return _installed
