"""Mini-program side of the world: apps, users, login codes, templates, subscriptions."""

from __future__ import annotations

import secrets
import string
from collections import Counter
from dataclasses import dataclass, field

_CODE_ALPHABET = string.ascii_letters + string.digits
CODE_LENGTH = 32


@dataclass
class LoginCode:
    appid: str
    openid: str
    unionid: str | None
    issued_at: float
    used: bool = False


@dataclass
class MiniProgramStore:
    apps: dict[str, str] = field(default_factory=dict)
    users: dict[str, str | None] = field(default_factory=dict)
    templates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    codes: dict[str, LoginCode] = field(default_factory=dict)
    subscriptions: Counter[tuple[str, str]] = field(default_factory=Counter)
    interactions: dict[str, float] = field(default_factory=dict)

    def register_user(self, openid: str, unionid: str | None = None) -> None:
        if unionid is not None or openid not in self.users:
            self.users[openid] = unionid

    def issue_code(self, appid: str, openid: str, unionid: str | None, now: float) -> str:
        if appid not in self.apps:
            raise ValueError(f"unknown mini-program appid {appid!r}")
        self.register_user(openid, unionid)
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))
        self.codes[code] = LoginCode(appid, openid, self.users[openid], now)
        return code

    def grant(self, openid: str, template_id: str, count: int) -> int:
        if count < 1:
            raise ValueError("count must be at least 1")
        self.register_user(openid)
        self.subscriptions[(openid, template_id)] += count
        return self.subscriptions[(openid, template_id)]

    def consume(self, openid: str, template_id: str) -> bool:
        if self.subscriptions[(openid, template_id)] <= 0:
            return False
        self.subscriptions[(openid, template_id)] -= 1
        return True

    def clear_activity(self) -> None:
        self.codes.clear()
        self.subscriptions.clear()
        self.interactions.clear()
