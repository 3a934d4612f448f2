"""Resolve touser/toparty/totag ("a|b|c", or "@all") against the registered directory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from devtools.wechat_sim.wecom_store import WeComStore


@dataclass(frozen=True)
class Recipients:
    users: tuple[str, ...]
    parties: tuple[str, ...]
    tags: tuple[str, ...]
    invalid_users: tuple[str, ...]
    invalid_parties: tuple[str, ...]
    invalid_tags: tuple[str, ...]

    @property
    def anyone(self) -> bool:
        return bool(self.users or self.parties or self.tags)

    def invalid_fields(self) -> dict[str, str]:
        return {
            "invaliduser": "|".join(self.invalid_users),
            "invalidparty": "|".join(self.invalid_parties),
            "invalidtag": "|".join(self.invalid_tags),
        }


def _split(value: Any) -> list[str]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split("|") if part.strip()]


def _partition(ids: list[str], known: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(i for i in ids if i in known), tuple(i for i in ids if i not in known)


def resolve(store: WeComStore, body: dict[str, Any]) -> Recipients:
    touser = _split(body.get("touser"))
    if touser == ["@all"]:
        # With @all the docs say toparty and totag are ignored.
        return Recipients(tuple(store.users.values()), (), (), (), (), ())
    users = tuple(u for u in touser if store.has_user(u))
    invalid_users = tuple(u for u in touser if not store.has_user(u))
    parties, invalid_parties = _partition(_split(body.get("toparty")), store.parties)
    tags, invalid_tags = _partition(_split(body.get("totag")), store.tags)
    return Recipients(users, parties, tags, invalid_users, invalid_parties, invalid_tags)
