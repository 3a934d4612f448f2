"""What a citizen intent handler gets: the sender, and the services it may use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.kv import KeyValueStore
from core.settings import Settings
from models.people import Citizen
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.catalog.search_service import CatalogSearch


@dataclass(frozen=True)
class CitizenContext:
    openid: str
    citizen: Citizen | None  # bound when they logged in to the mini-program with this openid
    settings: Settings
    kv: KeyValueStore
    search: CatalogSearch
    now: datetime
    # The working-day calendar, for deadlines a handler opens (a ticket's screening).
    calendar: WorkingCalendar | None = None

    @property
    def principal(self) -> Principal | None:
        if self.citizen is None:
            return None
        return Principal(kind="citizen", id=self.citizen.id, request_id=f"wechat:{self.openid}")

    def mini_app_link(self, page: str, label: str) -> str:
        """A link that opens a page of the mini-program from a chat message."""
        appid = self.settings.wechat.appid
        return (
            f'<a href="https://mp.weixin.qq.com" data-miniprogram-appid="{appid}" '
            f'data-miniprogram-path="{page}">{label}</a>'
        )


LOGIN_FIRST = "请先在“掌上办”小程序登录，之后就可以在这里查询您的办件和预约。"
