"""The provincial platform as an outbox channel: in order per matter, once per event id.

A row waits (`hold_until`, no try spent) while an earlier province row of the same matter is
not yet through: sending, due later after an error, or out of tries (until it is re-sent by an
admin or the reconciliation). So the province receives a case's steps in their order, however
long it was away; the event id in each body lets it drop a repeat of a request whose answer
was lost.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from core.province import ProvinceClient
from core.settings import ExchangeSettings
from models.outbox import Channel, OutboxMessage, OutboxStatus
from notify.templates import TemplateError

ADDRESS = "province"
# Through, for the order: sent, or finished without a send that could still come.
THROUGH = (OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.CANCELLED)
# How long a row waits behind an earlier one that is being sent now, or that ran out of tries.
IN_FLIGHT_WAIT = timedelta(seconds=1)
BEHIND_DEAD_WAIT = timedelta(minutes=10)


class ProvinceChannel:
    def __init__(self, client: ProvinceClient, settings: ExchangeSettings) -> None:
        self.client = client
        self.settings = settings

    def address(self) -> str:
        if not self.settings.configured:
            raise TemplateError(
                "province_not_configured",
                "[exchange] is not enabled or has no platform_code / outbound secret",
            )
        return ADDRESS

    async def hold_until(self, message: OutboxMessage, now: datetime) -> datetime | None:
        earlier = await (
            OutboxMessage.filter(
                channel=Channel.PROVINCE,
                subject_type=message.subject_type,
                subject_id=message.subject_id,
                id__lt=message.id,
            )
            .exclude(status__in=THROUGH)
            .order_by("id")
            .first()
            .values("status", "next_attempt_at")
        )
        if earlier is None:
            return None
        if earlier["status"] == OutboxStatus.PENDING:
            return max(earlier["next_attempt_at"], now) + IN_FLIGHT_WAIT
        if earlier["status"] == OutboxStatus.SENDING:
            return now + IN_FLIGHT_WAIT
        return now + BEHIND_DEAD_WAIT

    async def send(self, payload: dict[str, Any]) -> dict[str, Any]:
        body = dict(payload["body"])
        if body.get("deptCode"):  # our department codes in the province's ([exchange] config)
            body["deptCode"] = self.settings.province_department(body["deptCode"])
        answer = await self.client.post(payload["path"], body)
        return {"receipt": str(answer.get("receipt", ""))[:64], "duplicate": bool(
            answer.get("duplicate"))}  # fmt: skip
