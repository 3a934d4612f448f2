"""WeChat Work web sign-in: member profiles, one-use OAuth codes, who is signed in the browser."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

# WeCom's OAuth code is valid five minutes and works once.
OAUTH_CODE_TTL = 300.0


@dataclass
class OAuthCode:
    corpid: str
    userid: str
    issued_at: float
    used: bool = False


@dataclass
class WeComOAuthStore:
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    codes: dict[str, OAuthCode] = field(default_factory=dict)
    # The member the simulated WeCom client / QR scan signs in as.
    browser_user: str | None = None

    def issue_code(self, corpid: str, userid: str, now: float) -> str:
        code = secrets.token_urlsafe(32)
        self.codes[code] = OAuthCode(corpid, userid, now)
        return code

    def clear(self) -> None:
        self.codes.clear()
        self.browser_user = None
