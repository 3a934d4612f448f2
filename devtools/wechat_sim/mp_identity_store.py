"""Phone-number codes and face-verification sessions of the mini-program host."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

# Per the docs each getPhoneNumber code works once, within five minutes.
PHONE_CODE_TTL = 300.0
# getVerifyId's verify_id is valid for an hour (its expires_in).
VERIFY_ID_TTL = 3600
FACE_SUCCESS = 10000


@dataclass
class PhoneCode:
    appid: str
    phone: str
    issued_at: float
    used: bool = False


@dataclass
class FaceSession:
    appid: str
    openid: str
    out_seq_no: str
    cert_hash: str
    issued_at: float
    # What wx.requestFacialVerify ended with; None until the person has gone through it.
    verify_ret: int | None = None


@dataclass
class IdentityStore:
    phone_codes: dict[str, PhoneCode] = field(default_factory=dict)
    faces: dict[str, FaceSession] = field(default_factory=dict)

    def issue_phone_code(self, appid: str, phone: str, now: float) -> str:
        code = secrets.token_hex(32)
        self.phone_codes[code] = PhoneCode(appid, phone, now)
        return code

    def start_face(self, session: FaceSession) -> str:
        verify_id = "vid_" + secrets.token_urlsafe(48)
        self.faces[verify_id] = session
        return verify_id

    def clear(self) -> None:
        self.phone_codes.clear()
        self.faces.clear()
