"""Tencent Cloud SMS (API 3.0, version 2021-01-11): SendSms and the two status pulls.

Every call is a signed JSON POST (core.tc3). Tencent answers HTTP 200 with either a result or
`Response.Error {Code, Message}`; SendSms also answers per number in `SendStatusSet[].Code`
("Ok" or an error code). We send to one number per call, so either kind of refusal becomes
SmsApiError with Tencent's code. No usable answer (network, timeout, 5xx, not JSON) becomes
SmsUnreachable. Neither ever carries the phone number or the keys.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from core import tc3
from core.masking import mask_phone
from core.settings import SmsSettings

SERVICE = "sms"
VERSION = "2021-01-11"
_NUMBER = re.compile(r"\+?\d{7,}")


def scrub(text: str) -> str:
    """The provider's message with any phone-like number masked: it is logged and kept."""
    return _NUMBER.sub(lambda m: mask_phone(m.group()) or "", text)


class SmsApiError(Exception):
    def __init__(self, code: str, message: str, request_id: str = "") -> None:
        message = scrub(message)
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message
        self.request_id = request_id


class SmsUnreachable(Exception):
    """No usable answer from the SMS provider; the message says why."""


@dataclass(frozen=True)
class SendResult:
    serial_no: str
    request_id: str
    fee: int


@dataclass(frozen=True)
class StatusReport:
    """One delivery receipt (PullSmsSendStatus / ...ByPhoneNumber)."""

    serial_no: str
    phone_number: str
    report_status: str  # SUCCESS | FAIL
    description: str
    user_receive_time: str
    session_context: str

    @property
    def delivered(self) -> bool:
        return self.report_status == "SUCCESS"


@dataclass(frozen=True)
class Reply:
    """A citizen's answer to one of our texts (PullSmsReplyStatus)."""

    phone_number: str
    content: str
    reply_unix_time: int


def e164(phone: str) -> str:
    """Mainland numbers as Tencent wants them: +86 and the 11 digits."""
    digits = phone.strip().replace(" ", "").replace("-", "")
    if digits.startswith("+"):
        return digits
    return "+86" + digits.removeprefix("86") if len(digits) == 13 else "+86" + digits


class TencentSmsClient:
    def __init__(
        self,
        http: aiohttp.ClientSession,
        settings: SmsSettings,
        clock: Any = time.time,
    ) -> None:
        self._http = http
        self._settings = settings
        self._clock = clock
        self._host = urlsplit(settings.api_base).netloc

    async def send(
        self, phone: str, template_id: str, params: list[str], session_context: str
    ) -> SendResult:
        answer = await self.call(
            "SendSms",
            {
                "PhoneNumberSet": [e164(phone)],
                "SmsSdkAppId": self._settings.sdk_app_id,
                "SignName": self._settings.sign_name,
                "TemplateId": template_id,
                "TemplateParamSet": params,
                "SessionContext": session_context,
            },
        )
        statuses = answer.get("SendStatusSet") or []
        if not statuses or not isinstance(statuses[0], dict):
            raise SmsUnreachable("SendSms answered without a SendStatusSet")
        status, request_id = statuses[0], str(answer.get("RequestId", ""))
        if status.get("Code") != "Ok":
            raise SmsApiError(str(status.get("Code")), str(status.get("Message", "")), request_id)
        return SendResult(str(status.get("SerialNo", "")), request_id, int(status.get("Fee", 1)))

    async def pull_status(self, limit: int = 100) -> list[StatusReport]:
        """Receipts not yet pulled; each is handed out once (to whichever worker pulls it)."""
        answer = await self.call(
            "PullSmsSendStatus", {"Limit": limit, "SmsSdkAppId": self._settings.sdk_app_id}
        )
        return _reports(answer)

    async def pull_replies(self, limit: int = 100) -> list[Reply]:
        """Replies not yet pulled; each is handed out once."""
        answer = await self.call(
            "PullSmsReplyStatus", {"Limit": limit, "SmsSdkAppId": self._settings.sdk_app_id}
        )
        return [
            Reply(
                str(item.get("PhoneNumber", "")),
                str(item.get("ReplyContent", "")),
                int(item.get("ReplyUnixTime") or 0),
            )
            for item in answer.get("PullSmsReplyStatusSet") or []
            if isinstance(item, dict)
        ]

    async def status_of_number(self, phone: str, since: int, until: int) -> list[StatusReport]:
        """Receipts of one number between two moments (seconds), pulled or not."""
        answer = await self.call(
            "PullSmsSendStatusByPhoneNumber",
            {
                "BeginTime": since,
                "EndTime": until,
                "Offset": 0,
                "Limit": 100,
                "PhoneNumber": e164(phone),
                "SmsSdkAppId": self._settings.sdk_app_id,
            },
        )
        return _reports(answer)

    async def call(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        timestamp = int(self._clock())
        headers = {
            "Content-Type": tc3.CONTENT_TYPE,
            "Host": self._host,
            "X-TC-Action": action,
            "X-TC-Version": VERSION,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Region": self._settings.region,
        }
        headers["Authorization"] = tc3.authorization(
            self._settings.secret_id,
            self._settings.secret_key,
            SERVICE,
            timestamp,
            "POST",
            headers,
            body,
        )
        try:
            async with self._http.post(
                self._settings.api_base + "/",
                data=body,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self._settings.timeout_seconds),
            ) as response:
                if response.status != 200:
                    raise SmsUnreachable(f"HTTP {response.status}")
                data = await response.json(content_type=None)
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            raise SmsUnreachable(type(error).__name__) from None
        answer = data.get("Response") if isinstance(data, dict) else None
        if not isinstance(answer, dict):
            raise SmsUnreachable("answer has no Response object")
        error = answer.get("Error")
        if isinstance(error, dict):
            raise SmsApiError(
                str(error.get("Code", "")),
                str(error.get("Message", "")),
                str(answer.get("RequestId", "")),
            )
        return answer


def _reports(answer: dict[str, Any]) -> list[StatusReport]:
    return [
        StatusReport(
            serial_no=str(item.get("SerialNo", "")),
            phone_number=str(item.get("PhoneNumber", "")),
            report_status=str(item.get("ReportStatus", "")),
            description=str(item.get("Description", "")),
            user_receive_time=str(item.get("UserReceiveTime", "")),
            session_context=str(item.get("SessionContext", "")),
        )
        for item in answer.get("PullSmsSendStatusSet") or []
        if isinstance(item, dict)
    ]
