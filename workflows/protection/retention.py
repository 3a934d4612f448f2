"""Retention (PIPL art. 19, seed 002 art. 29): past its configured period a record keeps what
the statistics count (status, dates, department, item, ratings) and loses who it was about.

Erased in place, never deleted, so every report over any past week gives the same numbers.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core.settings import ProtectionSettings
from models.cases import Case, CaseContactConsent, CaseStatus
from models.outbox import OutboxMessage, OutboxStatus
from models.reviews import Review
from models.tickets import Ticket
from workflows.audit import Actor, Change, record_changes
from workflows.protection import chain

log = logging.getLogger(__name__)

ERASED_NAME = "（已匿名）"
ERASED_TEXT = "（保存期限届满，内容已删除）"
CLOSED_CASE = (CaseStatus.DELIVERED, CaseStatus.NOT_ACCEPTED, CaseStatus.DENIED)
FINAL_MESSAGE = (
    OutboxStatus.SENT,
    OutboxStatus.FAILED,
    OutboxStatus.DEAD,
    OutboxStatus.NO_CONSENT,
    OutboxStatus.CANCELLED,
)
BATCH = 200


async def erase_closed_cases(before: datetime) -> int:
    done = 0
    while True:
        ids = await (
            Case.filter(status__in=CLOSED_CASE)
            .filter(Q(delivered_at__lt=before) | Q(delivered_at=None, decided_at__lt=before))
            .filter(Q(applicant_id_hash=None) | ~Q(applicant_id_hash="erased"))
            .order_by("id")
            .limit(BATCH)
            .values_list("id", flat=True)
        )
        if not ids:
            return done
        async with in_transaction():
            await Case.filter(id__in=ids).update(
                applicant_name=ERASED_NAME,
                applicant_phone="",
                applicant_id_number="",
                # Marks the case as erased; a keyed hash is 64 hex digits, never this.
                applicant_id_hash="erased",
                form={},
            )
            await CaseContactConsent.filter(case_id__in=ids).update(phone="")
            await _audit("case.personal_data_erased", "case", ids)
        done += len(ids)


async def erase_closed_tickets(before: datetime) -> int:
    done = 0
    while True:
        ids = await (
            Ticket.filter(closed_at__lt=before)
            .exclude(content=ERASED_TEXT)
            .order_by("id")
            .limit(BATCH)
            .values_list("id", flat=True)
        )
        if not ids:
            return done
        async with in_transaction():
            await Ticket.filter(id__in=ids).update(
                contact_name="",
                contact_phone="",
                contact_phone_index=None,
                author_id_hash=None,
                content=ERASED_TEXT,
            )
            await _audit("ticket.personal_data_erased", "ticket", ids)
        done += len(ids)


async def erase_old_reviews(before: datetime) -> int:
    done = 0
    while True:
        ids = await (
            Review.filter(created_at__lt=before)
            .exclude(contact_name="", contact_phone="", reviewer_id_hash=None)
            .order_by("id")
            .limit(BATCH)
            .values_list("id", flat=True)
        )
        if not ids:
            return done
        async with in_transaction():
            await Review.filter(id__in=ids).update(
                contact_name="", contact_phone="", reviewer_id_hash=None
            )
            await _audit("review.personal_data_erased", "review", ids)
        done += len(ids)


async def erase_old_messages(before: datetime) -> int:
    # What a message said (names, numbers in its data) once it is long delivered or given up.
    return (
        await OutboxMessage.filter(created_at__lt=before, status__in=FINAL_MESSAGE)
        .exclude(data={})
        .update(data={})
    )


async def _audit(action: str, object_type: str, ids: list[int]) -> None:
    await record_changes(
        Actor.system(), [Change(action, object_type, object_id) for object_id in ids]
    )


async def run_retention(settings: ProtectionSettings, now: datetime) -> dict[str, int]:
    """Erase what is past its period; drop audit entries past the audit retention."""
    done: dict[str, int] = {}
    for kind, days, erase in (
        ("cases", settings.closed_case_days, erase_closed_cases),
        ("tickets", settings.ticket_days, erase_closed_tickets),
        ("reviews", settings.review_days, erase_old_reviews),
        ("messages", settings.message_days, erase_old_messages),
    ):
        if days > 0:
            count = await erase(now - timedelta(days=days))
            if count:
                done[kind] = count
    dropped = await chain.drop_expired(now - timedelta(days=settings.audit_retention_days))
    if dropped:
        done["audit_entries"] = dropped
    for kind, count in done.items():
        log.info("retention: %s %s past their period", count, kind)
    return done
