"""Replies to our texts (PullSmsReplyStatus): a rating answering a callback text completes it.

Pulled by the notifier alongside the receipts; the rule itself is the workflow's
(workflows.tickets.callbacks.record_sms_reply). A reply that is no rating is logged masked and
dropped: a person reads free-text replies in the provider's console.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.masking import mask_phone
from core.sms import TencentSmsClient
from workflows import clock
from workflows.calendar_service import CalendarService
from workflows.tickets.callbacks import record_sms_reply

log = logging.getLogger(__name__)


@dataclass
class ReplyPuller:
    client: TencentSmsClient
    calendars: CalendarService

    async def run_once(self) -> int:
        """Pull every waiting reply; returns how many completed a callback visit."""
        completed = 0
        while True:
            replies = await self.client.pull_replies(100)
            for reply in replies:
                calendar = await self.calendars.current()
                visit = await record_sms_reply(
                    reply.phone_number, reply.content, calendar, clock.utc_now()
                )
                if visit is None:
                    log.info(
                        "SMS reply from %s answers no callback", mask_phone(reply.phone_number)
                    )
                else:
                    completed += 1
            if len(replies) < 100:
                return completed
