"""What the SMS simulator knows and did: account, approved templates, sends, receipts, faults."""

from __future__ import annotations

import re
import secrets
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

CHINA = timezone(timedelta(hours=8))  # the provider counts days in Beijing time
PHONE = re.compile(r"^\+861[3-9]\d{9}$")
URL = re.compile(r"(https?://|www\.)", re.IGNORECASE)
CODE = re.compile(r"^\d{0,6}$")


@dataclass(frozen=True)
class SimTemplate:
    template_id: str
    params: int
    # "notice": text within the length limit, no links; "code": a verification code (0-6 digits).
    kind: str = "notice"


@dataclass(frozen=True)
class Delivered:
    serial_no: str
    phone_number: str
    template_id: str
    params: tuple[str, ...]
    session_context: str
    at: float


@dataclass
class Fault:
    """Answer an action with an error code (or an HTTP status), after a delay; `deliver_first`
    delivers the message before the slow answer (a timeout after the provider accepted)."""

    code: str = ""
    message: str = ""
    http_status: int | None = None
    delay: float = 0.0
    deliver_first: bool = False
    times: int = 1


@dataclass
class SmsSimState:
    secret_id: str = "AKIDsim" + "0" * 25
    secret_key: str = field(default_factory=lambda: secrets.token_hex(16))
    sdk_app_id: str = "1400000001"
    sign_name: str = "掌上办"
    param_max_chars: int = 20
    # The provider's default frequency limits per number.
    per_thirty_seconds: int = 1
    per_hour: int = 5
    per_day: int = 10
    signature_window_seconds: int = 300
    clock: Callable[[], float] = time.time
    templates: dict[str, SimTemplate] = field(default_factory=dict)
    delivered: list[Delivered] = field(default_factory=list)
    blacklist: set[str] = field(default_factory=set)
    unreachable: set[str] = field(default_factory=set)
    faults: dict[str, deque[Fault]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    _unpulled: list[dict[str, Any]] = field(default_factory=list)
    _replies: list[dict[str, Any]] = field(default_factory=list)
    _receipts: list[dict[str, Any]] = field(default_factory=list)

    def register_template(self, template_id: str, params: int, kind: str = "notice") -> None:
        self.templates[str(template_id)] = SimTemplate(str(template_id), params, kind)

    def inject_fault(self, action: str, fault: Fault) -> None:
        if not fault.code and fault.http_status is None and not fault.delay:
            raise ValueError("a fault needs a code, an http_status or a delay")
        self.faults.setdefault(action, deque()).append(fault)

    def next_fault(self, action: str) -> Fault | None:
        queue = self.faults.get(action)
        if not queue:
            return None
        fault = queue[0]
        fault.times -= 1
        if fault.times <= 0:
            queue.popleft()
        return fault

    def messages_to(self, phone: str) -> list[Delivered]:
        return [d for d in self.delivered if d.phone_number == phone]

    def limit_refusal(self, phone: str) -> str | None:
        """The frequency-limit code a new message to `phone` would get now, if any."""
        now = self.clock()
        sent = [d.at for d in self.messages_to(phone)]
        today = datetime.fromtimestamp(now, CHINA).date()
        if sum(1 for at in sent if now - at < 30) >= self.per_thirty_seconds:
            return "LimitExceeded.PhoneNumberThirtySecondLimit"
        if sum(1 for at in sent if now - at < 3600) >= self.per_hour:
            return "LimitExceeded.PhoneNumberOneHourLimit"
        if (
            sum(1 for at in sent if datetime.fromtimestamp(at, CHINA).date() == today)
            >= self.per_day
        ):
            return "LimitExceeded.PhoneNumberDailyLimit"
        return None

    def deliver(
        self, phone: str, template_id: str, params: list[str], session_context: str
    ) -> Delivered:
        now = self.clock()
        serial = f"{secrets.randbelow(9000) + 1000}:{uuid.uuid4().int % 10**30}"
        delivered = Delivered(serial, phone, template_id, tuple(params), session_context, now)
        self.delivered.append(delivered)
        ok = phone not in self.unreachable
        receipt = {
            "UserReceiveTime": datetime.fromtimestamp(now, CHINA).strftime("%Y-%m-%d %H:%M:%S"),
            "NationCode": "86",
            "PurePhoneNumber": phone.removeprefix("+86"),
            "PhoneNumber": phone,
            "SerialNo": serial,
            "ReportStatus": "SUCCESS" if ok else "FAIL",
            "Description": "DELIVRD" if ok else "UNDELIV",
            "SessionContext": session_context,
        }
        self._unpulled.append(receipt)
        self._receipts.append({**receipt, "_at": now})
        return delivered

    def reply(self, phone: str, content: str) -> None:
        """A citizen answers a text we delivered to them."""
        if not self.messages_to(phone):
            raise ValueError("that number was never texted")
        now = self.clock()
        self._replies.append(
            {
                "ExtendCode": "",
                "NationCode": "86",
                "PhoneNumber": phone,
                "SignName": self.sign_name,
                "ReplyContent": content,
                "ReplyTime": datetime.fromtimestamp(now, CHINA).strftime("%Y-%m-%d %H:%M:%S"),
                "ReplyUnixTime": int(now),
                "SubscriberNumber": "106900000000",
            }
        )

    def pull_replies(self, limit: int) -> list[dict[str, Any]]:
        taken, self._replies = self._replies[:limit], self._replies[limit:]
        return taken

    def pull_receipts(self, limit: int) -> list[dict[str, Any]]:
        taken, self._unpulled = self._unpulled[:limit], self._unpulled[limit:]
        return taken

    def receipts_of(self, phone: str, since: int, until: int) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in r.items() if k != "_at"}
            for r in self._receipts
            if r["PhoneNumber"] == phone and since <= r["_at"] <= until
        ]

    def check_param(self, template: SimTemplate, value: Any) -> str | None:
        if not isinstance(value, str):
            return "InvalidParameterValue.TemplateParameterFormatError"
        if template.kind == "code" and not CODE.fullmatch(value):
            return "InvalidParameterValue.TemplateParameterFormatError"
        if URL.search(value):
            return "InvalidParameterValue.TemplateParameterFormatError"
        if len(value) > self.param_max_chars:
            return "InvalidParameterValue.TemplateParameterLengthLimit"
        return None
