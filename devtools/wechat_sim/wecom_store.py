"""WeChat Work side of the world: corps and their apps, members, robots, sent cards."""

from __future__ import annotations

from dataclasses import dataclass, field

# Per the docs a response_code works once, within 72 hours.
RESPONSE_CODE_TTL = 72 * 3600.0


@dataclass
class SentCard:
    corpid: str
    agentid: int
    task_id: str | None
    recipients: tuple[str, ...]
    issued_at: float
    used: bool = False


@dataclass
class WeComStore:
    # corpid -> {app secret: agentid}; every app of a corp has its own secret.
    corps: dict[str, dict[str, int]] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)
    parties: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    robots: set[str] = field(default_factory=set)
    task_ids: set[tuple[str, int, str]] = field(default_factory=set)
    response_codes: dict[str, SentCard] = field(default_factory=dict)

    def register_app(self, corpid: str, secret: str, agentid: int) -> None:
        self.corps.setdefault(corpid, {})[secret] = agentid

    def agents(self, corpid: str) -> set[int]:
        return set(self.corps.get(corpid, {}).values())

    def register_user(self, userid: str) -> None:
        # WeCom userids are case-insensitive.
        self.users[userid.casefold()] = userid

    def has_user(self, userid: str) -> bool:
        return userid.casefold() in self.users

    def clear_activity(self) -> None:
        self.task_ids.clear()
        self.response_codes.clear()
