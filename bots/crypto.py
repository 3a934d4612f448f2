"""Safe (AES) mode for both webhooks, with wechatpy's WeChatCrypto (mp) and its WeChat Work twin.

The signature is checked here first with a constant-time comparison; wechatpy then decrypts and
checks the appid / corpid inside the envelope. A wrong key or garbled text is a 400.
"""

from __future__ import annotations

import secrets
import time
from typing import TYPE_CHECKING, Protocol

from bots.wire import Refused, parse_xml, require_signature, text_field

if TYPE_CHECKING:
    from wechatpy.enterprise.crypto import WeChatCrypto as WeComCrypto


class Crypto(Protocol):
    token: str

    def encrypt_message(self, msg: str, nonce: str, timestamp: str | None = None) -> str: ...

    def decrypt_message(
        self, msg: dict[str, str], signature: str, timestamp: str, nonce: str
    ) -> str: ...


# wechatpy (with requests, 7 MB) is imported only where a webhook is configured or used.
def mp_crypto(token: str, aes_key: str, appid: str) -> Crypto | None:
    if not aes_key:
        return None
    from wechatpy.crypto import WeChatCrypto

    return WeChatCrypto(token, aes_key, appid)


def wecom_crypto(token: str, aes_key: str, corpid: str) -> WeComCrypto:
    from wechatpy.enterprise.crypto import WeChatCrypto as WeComCrypto

    return WeComCrypto(token, aes_key, corpid)


def open_envelope(crypto: Crypto, body: str, msg_signature: str, timestamp: str, nonce: str) -> str:
    envelope = parse_xml(body)
    encrypted = text_field(envelope, "Encrypt")
    if not encrypted:
        raise Refused(400, "no Encrypt field")
    require_signature(msg_signature, crypto.token, timestamp, nonce, encrypted)
    return decrypt(crypto, {"Encrypt": encrypted}, msg_signature, timestamp, nonce)


def decrypt(crypto: Crypto, envelope: dict[str, str], sig: str, timestamp: str, nonce: str) -> str:
    try:
        plain = crypto.decrypt_message(envelope, sig, timestamp, nonce)
    except Exception:  # wechatpy raises a zoo of errors for garbage: all mean "cannot decrypt"
        raise Refused(400, "cannot decrypt") from None
    return plain if isinstance(plain, str) else plain.decode("utf-8", "replace")


def check_echo(
    crypto: WeComCrypto, msg_signature: str, timestamp: str, nonce: str, echo: str
) -> str:
    """WeChat Work URL verification: answer the decrypted echostr."""
    require_signature(msg_signature, crypto.token, timestamp, nonce, echo)
    try:
        plain = crypto.check_signature(msg_signature, timestamp, nonce, echo)
    except Exception:
        raise Refused(400, "cannot decrypt") from None
    return plain if isinstance(plain, str) else plain.decode("utf-8", "replace")


def seal(crypto: Crypto, reply_xml: str) -> str:
    return crypto.encrypt_message(reply_xml, secrets.token_hex(8), str(int(time.time())))
