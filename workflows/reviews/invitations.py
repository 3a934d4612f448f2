"""Inviting the citizen to rate (outbox), and ONE reminder if not rated after N days.

Reviews are voluntary: after the reminder nothing more is sent. `invite` is called inside the
transaction that makes a matter rateable (a case closes, a booking is checked in).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from core.settings import ReviewSettings
from models.reviews import ReviewInvitation, SubjectType
from workflows.clock import as_utc
from workflows.outbox import Notice, enqueue, notice_key, to_citizen

SUBJECT = "review_invitation"
BATCH = 500


async def invite(
    subject_type: SubjectType | str, subject_id: int, citizen_id: int, item_name: str, now: datetime
) -> None:
    subject_type = SubjectType(subject_type)
    if await ReviewInvitation.exists(subject_type=subject_type, subject_id=subject_id):
        return
    invitation = await ReviewInvitation.create(
        subject_type=subject_type,
        subject_id=subject_id,
        citizen_id=citizen_id,
        item_name=item_name,
        invited_at=as_utc(now),
    )
    await enqueue([_notice(invitation, "review_invitation")])


def _notice(invitation: ReviewInvitation, template: str) -> Notice:
    return to_citizen(
        notice_key(SUBJECT, invitation.id, template, "citizen", invitation.citizen_id),  # type: ignore[attr-defined]
        invitation.citizen_id,  # type: ignore[attr-defined]
        template,
        {
            "item_name": invitation.item_name,
            "matter_ref": f"{invitation.subject_type.value}-{invitation.subject_id}",
        },
        subject_type=SUBJECT,
        subject_id=invitation.id,
    )


async def mark_reviewed(subject_type: SubjectType, subject_id: int, now: datetime) -> None:
    await ReviewInvitation.filter(
        subject_type=subject_type, subject_id=subject_id, reviewed_at=None
    ).update(reviewed_at=as_utc(now))


async def send_reminders(settings: ReviewSettings, now: datetime) -> int:
    """Worker job: one reminder per invitation still unrated after `reminder_after_days`."""
    cutoff = as_utc(now) - timedelta(days=settings.reminder_after_days)
    due = (
        await ReviewInvitation.filter(reviewed_at=None, reminded_at=None, invited_at__lte=cutoff)
        .order_by("id")
        .limit(BATCH)
    )
    sent = 0
    for invitation in due:
        async with in_transaction():
            # Conditional: a second worker finds it already reminded and sends nothing.
            claimed = await ReviewInvitation.filter(
                id=invitation.id, reviewed_at=None, reminded_at=None
            ).update(reminded_at=as_utc(now))
            if claimed:
                await enqueue([_notice(invitation, "review_reminder")])
                sent += 1
    return sent


async def still_unrated(invitation_id: int) -> bool:
    """The notifier's re-check: a reminder about a matter already rated is not sent."""
    return await ReviewInvitation.filter(id=invitation_id, reviewed_at=None).exists()
