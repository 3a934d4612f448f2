"""The transactional outbox: messages a change causes, written in the change's own transaction.

The notifier claims due rows, renders them for their channel and sends them; a row is never
deleted, so what could not be sent stays visible and can be re-sent.
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Channel(StrEnum):
    SUBSCRIBE_MESSAGE = "subscribe_message"  # mini-program subscribe message to a citizen
    WECOM_APP = "wecom_app"  # WeChat Work app message (card) to staff
    WECOM_ROBOT = "wecom_robot"  # WeChat Work group robot of a department
    SMS = "sms"  # Tencent Cloud SMS to a phone number (notify/sms.py)
    # A customer-service message answering a citizen's chat (within WeChat's 48-hour window).
    CUSTOMER_SERVICE = "customer_service"
    # The provincial platform (notify/province.py): case steps, reviews, complaint outcomes.
    PROVINCE = "province"


class RecipientType(StrEnum):
    CITIZEN = "citizen"
    STAFF = "staff"
    DEPARTMENT = "department"
    # By SMS only, to a number kept with a matter rather than with an account (recipient_id is
    # the matter's id): a walk-in case's applicant who consented, a ticket's contact phone.
    CASE_APPLICANT = "case_applicant"
    TICKET_CONTACT = "ticket_contact"
    PROVINCE = "province"  # the provincial platform (recipient_id 0)


class OutboxStatus(StrEnum):
    PENDING = "pending"  # due at next_attempt_at
    SENDING = "sending"  # claimed by a worker
    SENT = "sent"
    FAILED = "failed"  # permanent error from WeChat; not retried
    DEAD = "dead"  # ran out of tries; an admin may re-send
    NO_CONSENT = "no_consent"  # the citizen has no subscription quota for this template
    CANCELLED = "cancelled"  # the matter changed so the message is stale (e.g. booking cancelled)


class OutboxMessage(Model):
    id = fields.BigIntField(primary_key=True)
    # Deterministic, e.g. "case:42:accepted:citizen:7": a second enqueue of it does nothing.
    dedupe_key = fields.CharField(max_length=200, unique=True)
    channel = fields.CharEnumField(Channel, max_length=24)
    # A logical template name (e.g. "case_status_changed"); the notifier maps it to a channel's
    # template id and field names from configuration.
    template = fields.CharField(max_length=64)
    recipient_type = fields.CharEnumField(RecipientType, max_length=16)
    recipient_id = fields.BigIntField()
    data = fields.JSONField(default=dict)
    # The matter the message is about, so the notifier can re-check it before sending.
    subject_type = fields.CharField(max_length=32, default="")
    subject_id = fields.BigIntField(null=True)
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    next_attempt_at = fields.DatetimeField()
    attempts = fields.IntField(default=0)
    last_error_code = fields.CharField(max_length=32, default="")
    last_error_message = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)
    # The worker holding a `sending` row, until when; a dead worker's row is claimed again after.
    claimed_by = fields.CharField(max_length=40, default="")
    lease_until = fields.DatetimeField(null=True)
    # What WeChat answered on success (msgid; a card's task_id and response_code, to update it);
    # for SMS the provider's serial_no and the delivery `state` its receipt reported.
    delivery = fields.JSONField(null=True)

    class Meta:
        table = "outbox_message"
        indexes = (
            ("status", "next_attempt_at"),
            ("status", "lease_until"),
            ("subject_type", "subject_id"),
        )
