"""SimulatorState: everything both simulated hosts share, and the knobs tests and demos turn."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from devtools.wechat_sim.clock import SimClock
from devtools.wechat_sim.faults import Fault, FaultInjector
from devtools.wechat_sim.mp_identity_store import IdentityStore
from devtools.wechat_sim.mp_store import MiniProgramStore
from devtools.wechat_sim.ratelimit import RateLimiter
from devtools.wechat_sim.records import DeliveredMessage, RequestRecord
from devtools.wechat_sim.tokens import TokenStore
from devtools.wechat_sim.wecom_oauth_store import WeComOAuthStore
from devtools.wechat_sim.wecom_store import WeComStore

WEBHOOK_PATH = "/cgi-bin/webhook/send"
# The group robot documents 20 messages a minute; other limits are off until a test sets them.
DEFAULT_RATE_LIMITS = {WEBHOOK_PATH: 20}
LOGIN_CODE_TTL = 300.0
CUSTOMER_SERVICE_WINDOW = 48 * 3600.0


class SimulatorState:
    def __init__(
        self,
        appid: str = "wx-demo-appid",
        secret: str = "demo-secret",
        corpid: str = "ww-demo-corp",
        corpsecret: str = "demo-corpsecret",
        agentid: int = 1000002,
        *,
        code_ttl: float = LOGIN_CODE_TTL,
        latency: float = 0.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        # The default credentials, kept so a test or the demo can configure its client.
        self.appid = appid
        self.secret = secret
        self.corpid = corpid
        self.corpsecret = corpsecret
        self.agentid = agentid
        self.code_ttl = code_ttl
        self.latency = latency
        self.clock = SimClock(clock)
        self.mp = MiniProgramStore()
        self.wecom = WeComStore()
        self.identity = IdentityStore()
        self.wecom_oauth = WeComOAuthStore()
        self.tokens = TokenStore()
        self.faults = FaultInjector()
        self.rate_limits = RateLimiter(DEFAULT_RATE_LIMITS)
        self.received: list[RequestRecord] = []
        self.delivered: list[DeliveredMessage] = []
        self.register_app(appid, secret)
        self.register_corp(corpid, corpsecret, agentid)

    def now(self) -> float:
        return self.clock.now()

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)

    # Mini program / official account.
    def register_app(self, appid: str, secret: str) -> None:
        self.mp.apps[appid] = secret

    def register_mp_user(self, openid: str, unionid: str | None = None) -> None:
        self.mp.register_user(openid, unionid)

    def issue_login_code(
        self, openid: str, unionid: str | None = None, *, appid: str | None = None
    ) -> str:
        return self.mp.issue_code(appid or self.appid, openid, unionid, self.now())

    def register_template(self, template_id: str, keys: Iterable[str]) -> None:
        self.mp.templates[template_id] = tuple(keys)

    def grant_subscription(self, openid: str, template_id: str, count: int = 1) -> int:
        """Add one-time subscription quota (what the user's tap on "allow" does); returns it."""
        return self.mp.grant(openid, template_id, count)

    def remaining_subscriptions(self, openid: str, template_id: str) -> int:
        return self.mp.subscriptions[(openid, template_id)]

    def mark_interaction(self, openid: str) -> None:
        self.mp.register_user(openid)
        self.mp.interactions[openid] = self.now()

    def may_message(self, openid: str) -> bool:
        last = self.mp.interactions.get(openid)
        return last is not None and self.now() - last <= CUSTOMER_SERVICE_WINDOW

    # WeChat Work.
    def register_corp(self, corpid: str, secret: str, agentid: int) -> None:
        self.wecom.register_app(corpid, secret, agentid)

    def register_wecom_user(self, userid: str) -> None:
        self.wecom.register_user(userid)

    def register_wecom_party(self, partyid: str) -> None:
        self.wecom.parties.add(str(partyid))

    def register_wecom_tag(self, tagid: str) -> None:
        self.wecom.tags.add(str(tagid))

    def register_robot(self, key: str) -> None:
        self.wecom.robots.add(key)

    # Tokens, faults, limits.
    def expire_all_tokens(self) -> None:
        self.tokens.expire_all(self.now())

    def inject_fault(
        self,
        path: str,
        *,
        errcode: int | None = None,
        errmsg: str | None = None,
        http_status: int | None = None,
        delay: float = 0.0,
        times: int = 1,
    ) -> None:
        self.faults.inject(path, Fault(errcode, errmsg, http_status, delay, times))

    def set_rate_limit(self, path: str, per_minute: int | None) -> None:
        self.rate_limits.set_limit(path, per_minute)

    def allow_call(self, path: str, subject: str) -> bool:
        return self.rate_limits.allow(path, subject, self.now())

    # Observation.
    def calls(self, path: str) -> list[RequestRecord]:
        return [record for record in self.received if record.path == path]

    def deliver(self, channel: str, recipients: Iterable[str], payload: dict[str, Any]) -> None:
        self.delivered.append(DeliveredMessage(channel, tuple(recipients), payload, self.now()))

    def reset(self) -> None:
        """Forget tokens, codes, quota, logs, faults and the clock offset; keep registrations."""
        self.clock.reset()
        self.tokens.clear()
        self.faults.clear()
        self.rate_limits.clear_hits()
        self.mp.clear_activity()
        self.wecom.clear_activity()
        self.identity.clear()
        self.wecom_oauth.clear()
        self.received.clear()
        self.delivered.clear()
        self.latency = 0.0
