"""Inquiries, complaints and suggestions (咨询、投诉建议, seed 002 arts. 28-34).

A ticket is opened by a citizen, screened by the intake office (区级平台), assigned to a
handling department, answered and closed; closed complaints and suggestions get callback visits.
"""

from collections.abc import Iterable
from enum import StrEnum

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient

from core.crypto.indexes import phone_index
from models.base import TimestampedModel
from models.people import Citizen, Department
from models.protected import EncryptedField


class TicketColumn(StrEnum):
    CONSULT = "consult"  # 我要咨询
    COMPLAINT = "complaint"  # 我要投诉
    SUGGESTION = "suggestion"  # 我要建议


class Urgency(StrEnum):
    URGENT = "urgent"  # 紧急
    FAIRLY_URGENT = "fairly_urgent"  # 一般紧急
    ORDINARY = "ordinary"  # 普通


class TicketState(StrEnum):
    SUBMITTED = "submitted"  # waiting for intake screening
    REFUSED = "refused"  # 不予受理 (art. 31), final
    ACCEPTED = "accepted"  # accepted by intake, not yet assigned
    ASSIGNED = "assigned"  # with a department, inside its 1-working-day return window
    RETURNED = "returned"  # returned by the department; intake assigns again
    IN_HANDLING = "in_handling"  # the department has it (accepted, or deemed accepted)
    CLOSED = "closed"  # 办结: resolved or invalid
    MERGED = "merged"  # folded into another ticket, final


class RefusalReason(StrEnum):
    """The eight exceptions of seed 002 art. 31, in the article's order."""

    NOT_GOVERNMENT_SERVICE = "not_government_service"  # (一)
    ENDANGERS_SECURITY_OR_ORDER = "endangers_security_or_order"  # (二)
    NO_CLEAR_RESPONDENT_OR_CONTENT = "no_clear_respondent_or_content"  # (三)
    ALREADY_IN_HANDLING = "already_in_handling"  # (四)
    REPEATED_WITHOUT_NEW_EVIDENCE = "repeated_without_new_evidence"  # (五)
    PESTERING_OR_ABUSE = "pestering_or_abuse"  # (六)
    OTHER_STATUTORY_CHANNEL = "other_statutory_channel"  # (七)
    OTHERWISE_UNLAWFUL = "otherwise_unlawful"  # (八)


class Closure(StrEnum):
    RESOLVED = "resolved"
    INVALID = "invalid"  # cannot be verified, or found untrue (art. 32(6))


class TicketChannel(StrEnum):
    """Where a ticket came from (12345 hotline and the other channels, seed 003)."""

    WECHAT = "wechat"  # the mini-program or the official account
    HOTLINE = "hotline"  # 12345 by phone, registered by staff
    WINDOW = "window"  # told to staff at the service hall
    PC = "pc"  # the provincial web portal
    LETTER = "letter"
    EMAIL = "email"


class ContactPreference(StrEnum):
    PHONE = "phone"
    IN_APP = "in_app"


class Ticket(TimestampedModel):
    # None for a ticket staff registered for a caller without an account (hotline, letter).
    citizen: fields.ForeignKeyNullableRelation[Citizen] = fields.ForeignKeyField(
        "models.Citizen", related_name="tickets", null=True, on_delete=fields.RESTRICT
    )
    channel = fields.CharEnumField(TicketChannel, max_length=16, default=TicketChannel.WECHAT)
    registered_by_id = fields.BigIntField(null=True, description="staff who took it down")
    column = fields.CharEnumField(TicketColumn, max_length=16)
    title = fields.CharField(max_length=100)
    content = fields.TextField()
    attachments = fields.JSONField(default=list, description="references to stored files")
    item_code = fields.CharField(max_length=64, default="", description="service item asked about")
    # Plain string: the cases model lives in another module and may change; no foreign key.
    case_no = fields.CharField(max_length=64, default="")
    contact_name = EncryptedField(max_length=50, default="")
    contact_phone = EncryptedField(max_length=20, default="")
    # HMAC-SM3 blind index of the number (core.crypto.blind_index "phone"): SMS replies find it.
    contact_phone_index = fields.CharField(max_length=64, null=True, db_index=True)
    # The author's verified identity (keyed hash of the ID number, L2 and up): the same person
    # across channels, without the clear number.
    author_id_hash = fields.CharField(max_length=64, null=True, db_index=True)
    contact_preference = fields.CharEnumField(ContactPreference, max_length=16)
    anonymous = fields.BooleanField(default=False)
    confidential = fields.BooleanField(default=False)

    state = fields.CharEnumField(TicketState, max_length=16, default=TicketState.SUBMITTED)
    urgency = fields.CharEnumField(Urgency, max_length=16, null=True)
    refusal_reason = fields.CharEnumField(RefusalReason, max_length=40, null=True)
    refusal_note = fields.TextField(default="")
    intake_department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="intake_tickets", null=True, on_delete=fields.RESTRICT
    )
    screened_by_id = fields.BigIntField(null=True)
    screened_at = fields.DatetimeField(null=True)
    limit_working_days = fields.IntField(null=True, description="the limit that applies (art. 32)")
    accepted_at = fields.DatetimeField(null=True, description="the clock starts here")
    due_at = fields.DatetimeField(null=True)

    assigned_department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="assigned_tickets", null=True, on_delete=fields.RESTRICT
    )
    assigned_at = fields.DatetimeField(null=True)
    return_due_at = fields.DatetimeField(null=True, description="end of the art. 33 window")
    department_accepted_at = fields.DatetimeField(null=True)
    # Null with department_accepted_at set: deemed accepted by the system (art. 33).
    department_accepted_by_id = fields.BigIntField(null=True)
    extension_granted = fields.BooleanField(default=False)

    closure = fields.CharEnumField(Closure, max_length=16, null=True)
    closure_summary = fields.TextField(default="")
    closed_at = fields.DatetimeField(null=True)
    merged_into: fields.ForeignKeyNullableRelation["Ticket"] = fields.ForeignKeyField(
        "models.Ticket", related_name="merged_tickets", null=True, on_delete=fields.RESTRICT
    )
    reopen_count = fields.IntField(default=0)

    class Meta:
        table = "ticket"
        indexes = (("state", "return_due_at"), ("assigned_department_id", "state"))

    def index_phone(self) -> None:
        """Also for a ticket written by a hand-written INSERT (workflows/tickets/intake_pg.py)."""
        self.contact_phone_index = phone_index(self.contact_phone)

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        """Keep the phone's blind index with the phone on every save. Each way in (the
        mini-app, the hotline's registration, the province's dispatch) used to set it or not
        by itself, and a ticket without it is found by neither an SMS reply nor a search."""
        self.index_phone()
        if update_fields is not None and "contact_phone" in update_fields:
            update_fields = [*update_fields, "contact_phone_index"]
        await super().save(using_db, update_fields, force_create, force_update)


class TicketTimelineEntry(TimestampedModel):
    """One step of a ticket's history. `text` is content, hidden for confidential tickets."""

    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="timeline", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    kind = fields.CharField(max_length=32)
    actor_kind = fields.CharField(max_length=16, description="citizen, staff or system")
    actor_id = fields.BigIntField(null=True)
    department_id = fields.BigIntField(null=True)
    text = fields.TextField(default="")
    attachments = fields.JSONField(default=list)
    visible_to_citizen = fields.BooleanField(default=True)

    class Meta:
        table = "ticket_timeline_entry"
        indexes = (("ticket_id", "at"),)


class ExtensionState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class TicketExtension(TimestampedModel):
    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="extensions", on_delete=fields.CASCADE
    )
    requested_by_id = fields.BigIntField()
    requested_at = fields.DatetimeField()
    working_days = fields.IntField()
    reason = fields.TextField()
    state = fields.CharEnumField(ExtensionState, max_length=16, default=ExtensionState.PENDING)
    decided_by_id = fields.BigIntField(null=True)
    decided_at = fields.DatetimeField(null=True)
    decision_note = fields.TextField(default="")
    old_due_at = fields.DatetimeField()
    new_due_at = fields.DatetimeField(null=True)

    class Meta:
        table = "ticket_extension"


class CallbackState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    UNREACHABLE = "unreachable"  # every try failed (art. 34)


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"


class CallbackMethod(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    IN_APP = "in_app"


class CallbackVisit(TimestampedModel):
    """One callback work item per closure (a reopened and re-closed ticket gets a new one)."""

    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="callbacks", on_delete=fields.CASCADE
    )
    state = fields.CharEnumField(CallbackState, max_length=16, default=CallbackState.PENDING)
    max_tries = fields.IntField()
    tries = fields.IntField(default=0)
    next_try_at = fields.DatetimeField(description="the visit is due from this time")
    window_ends_at = fields.DatetimeField(description="unreached by then: unreachable")
    satisfaction = fields.CharEnumField(Satisfaction, max_length=24, null=True)
    completed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "callback_visit"
        indexes = (("state", "next_try_at"),)


class CallbackAttempt(TimestampedModel):
    visit: fields.ForeignKeyRelation[CallbackVisit] = fields.ForeignKeyField(
        "models.CallbackVisit", related_name="attempts", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    visitor_id = fields.BigIntField()
    method = fields.CharEnumField(CallbackMethod, max_length=16)
    reached = fields.BooleanField()
    satisfaction = fields.CharEnumField(Satisfaction, max_length=24, null=True)
    note = fields.TextField(default="")

    class Meta:
        table = "callback_attempt"
