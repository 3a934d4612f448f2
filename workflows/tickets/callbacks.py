"""Callback visits after closure (回访, seed 002 art. 34): tries, outcome, reopening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core.crypto.indexes import phone_index
from core.errors import Conflict, NotFound, ValidationFailed
from core.settings import TicketSettings
from models.outbox import RecipientType
from models.tickets import (
    CallbackAttempt,
    CallbackMethod,
    CallbackState,
    CallbackVisit,
    Satisfaction,
    Ticket,
    TicketState,
)
from workflows.audit import Actor
from workflows.authz import Principal, require_role
from workflows.calendar import WorkingCalendar
from workflows.outbox import by_sms, enqueue, notice_key
from workflows.rows import locked
from workflows.supervision import deadlines
from workflows.tickets import access
from workflows.tickets.records import (
    SUBJECT,
    citizen_notice,
    department_notice,
    public_title,
    snapshot,
    step,
)
from workflows.tickets.rules import utc, working_due

VOICE_METHODS = frozenset({CallbackMethod.PHONE, CallbackMethod.SMS})


async def open_visit(
    ticket: Ticket, settings: TicketSettings, calendar: WorkingCalendar, now: datetime
) -> CallbackVisit:
    """Inside the closing transaction: a work item due at once, tries spread over the window."""
    return await CallbackVisit.create(
        ticket=ticket,
        max_tries=settings.callback_tries,
        next_try_at=now,
        window_ends_at=working_due(calendar, now, settings.callback_window_days),
    )


def _next_working_morning(calendar: WorkingCalendar, now: datetime) -> datetime:
    day = calendar.add_working_days(calendar.local_date(now), 1)
    return utc(datetime.combine(day, time.min, tzinfo=calendar.tz))


@dataclass(frozen=True)
class CallbackOutcome:
    method: CallbackMethod
    reached: bool
    satisfaction: Satisfaction | None = None
    note: str = ""


def _check_outcome(ticket: Ticket, outcome: CallbackOutcome) -> None:
    if outcome.method in VOICE_METHODS and ticket.anonymous:
        raise ValidationFailed(
            "an anonymous citizen cannot be called or texted",
            code="anonymous_no_phone",
            fields={"method": "use in_app"},
        )
    if outcome.method in VOICE_METHODS and not ticket.contact_phone:
        raise ValidationFailed(
            "no phone number on record", code="no_phone_on_record", fields={"method": "use in_app"}
        )
    if outcome.reached != (outcome.satisfaction is not None):
        raise ValidationFailed(
            "say how satisfied a reached citizen is, and only then",
            code="satisfaction_mismatch",
            fields={"satisfaction": "required exactly when reached is true"},
        )


async def record_callback(
    principal: Principal,
    visit_id: int,
    outcome: CallbackOutcome,
    settings: TicketSettings,
    calendar: WorkingCalendar,
    now: datetime,
) -> CallbackVisit:
    now = utc(now)
    require_role(principal, *access.CALLBACK_ROLES)
    async with in_transaction():
        visit = await locked(CallbackVisit, visit_id, "callback visit")
        ticket = await access.load(visit.ticket_id, for_update=True)
        if not principal.in_scope(access.ticket_department(ticket)):
            raise NotFound("no such callback visit in your scope")
        if visit.state != CallbackState.PENDING:
            raise Conflict("this callback visit is finished", code="callback_not_pending")
        if now < visit.next_try_at:
            raise Conflict("the next try is due on the next working day", code="callback_not_due")
        _check_outcome(ticket, outcome)
        await CallbackAttempt.create(
            visit=visit,
            at=now,
            visitor_id=principal.id,
            method=outcome.method,
            reached=outcome.reached,
            satisfaction=outcome.satisfaction,
            note=outcome.note,
        )
        visit.tries += 1
        if outcome.method == CallbackMethod.SMS and not outcome.reached:
            await _text_for_rating(ticket, visit)
        if outcome.reached:
            visit.state, visit.satisfaction, visit.completed_at = (
                CallbackState.DONE,
                outcome.satisfaction,
                now,
            )
            await step(
                ticket,
                principal.actor,
                "callback_done",
                now,
                text=outcome.satisfaction.value if outcome.satisfaction else "",
                audit_note=outcome.note,
            )
        elif visit.tries >= visit.max_tries and outcome.method != CallbackMethod.SMS:
            # A last try by SMS waits for the reply until the window ends (give_up_unreached).
            visit.state, visit.completed_at = CallbackState.UNREACHABLE, now
            await step(
                ticket, principal.actor, "callback_unreachable", now, visible_to_citizen=False
            )
        else:
            visit.next_try_at = _next_working_morning(calendar, now)
        await visit.save()
        if outcome.satisfaction == Satisfaction.DISSATISFIED:
            await reopen_ticket(principal.actor, ticket, calendar, now)
    return visit


async def _text_for_rating(ticket: Ticket, visit: CallbackVisit) -> None:
    """A try "by SMS" texts the contact phone, asking for a rating; one text per try."""
    await enqueue(
        [
            by_sms(
                notice_key("ticket", ticket.id, "callback", visit.id, visit.tries, "sms"),
                RecipientType.TICKET_CONTACT,
                ticket.id,
                "callback_sms",
                {"title": public_title(ticket), "ticket_id": ticket.id, "visit_id": visit.id},
                subject_type="callback_visit",
                subject_id=visit.id,
            )
        ]
    )


# What a citizen may reply to the callback text (templates.toml callback_sms).
REPLY_RATINGS = {
    "1": Satisfaction.SATISFIED,
    "满意": Satisfaction.SATISFIED,
    "2": Satisfaction.BASICALLY_SATISFIED,
    "基本满意": Satisfaction.BASICALLY_SATISFIED,
    "3": Satisfaction.DISSATISFIED,
    "不满意": Satisfaction.DISSATISFIED,
}


def _pure_number(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-11:]


async def record_sms_reply(
    phone: str, content: str, calendar: WorkingCalendar, now: datetime
) -> CallbackVisit | None:
    """A reply to the callback text completes the visit it answers (the newest pending visit
    texted to that number); a reply that is no rating is left for a person to read."""
    satisfaction = REPLY_RATINGS.get(content.strip().strip("。.！!"))
    pure = _pure_number(phone)
    if satisfaction is None or len(pure) != 11:
        return None
    now = utc(now)
    visit_ids = await (
        CallbackVisit.filter(
            state=CallbackState.PENDING,
            attempts__method=CallbackMethod.SMS,
            ticket__contact_phone_index=phone_index(pure),
        )
        .order_by("-id")
        .values_list("id", flat=True)
    )
    if not visit_ids:
        return None
    async with in_transaction():
        visit = await locked(CallbackVisit, visit_ids[0], "callback visit")
        if visit.state != CallbackState.PENDING:
            return None
        texted = await visit.attempts.filter(method=CallbackMethod.SMS).order_by("-at").first()
        assert texted is not None
        ticket = await access.load(visit.ticket_id, for_update=True)
        await CallbackAttempt.create(
            visit=visit,
            at=now,
            visitor_id=texted.visitor_id,  # the reply answers that visitor's text
            method=CallbackMethod.SMS,
            reached=True,
            satisfaction=satisfaction,
            note="SMS reply",
        )
        visit.state, visit.satisfaction, visit.completed_at = (
            CallbackState.DONE,
            satisfaction,
            now,
        )
        await visit.save()
        await step(
            ticket, Actor.system(), "callback_done", now, text=satisfaction.value, audit_note="SMS"
        )
        if satisfaction == Satisfaction.DISSATISFIED:
            await reopen_ticket(Actor.system(), ticket, calendar, now)
    return visit


async def reopen_ticket(
    actor: Actor,
    ticket: Ticket,
    calendar: WorkingCalendar,
    now: datetime,
    *,
    text: str = "",
    visible_to_citizen: bool = True,
    audit_note: str = "",
) -> None:
    """Reopen a closed ticket for verification and rectification with a fresh limit, watched and
    both sides told: a dissatisfied callback (art. 34) or a spot check's finding (art. 30). A
    ticket already reopened is left as it is: it is being followed up."""
    if ticket.state != TicketState.CLOSED or ticket.assigned_department_id is None:
        return
    before = snapshot(ticket)
    assert ticket.limit_working_days is not None
    ticket.state, ticket.closure, ticket.closed_at = TicketState.IN_HANDLING, None, None
    ticket.reopen_count += 1
    ticket.due_at = working_due(calendar, now, ticket.limit_working_days)
    await ticket.save()
    await deadlines.watch(
        SUBJECT,
        ticket.id,
        department_id=ticket.assigned_department_id,
        title=public_title(ticket),
        started_at=now,
        due_at=ticket.due_at,
        limit_working_days=ticket.limit_working_days,
    )
    await step(
        ticket,
        actor,
        "reopened",
        now,
        before=before,
        text=text,
        department_id=ticket.assigned_department_id,
        visible_to_citizen=visible_to_citizen,
        audit_note=audit_note,
    )
    await enqueue(
        [
            department_notice(
                ticket,
                ticket.assigned_department_id,
                "reopened",
                ticket.reopen_count,
                due_at=ticket.due_at.isoformat(),
            ),
            citizen_notice(
                ticket, "reopened", ticket.reopen_count, due_at=ticket.due_at.isoformat()
            ),
        ]
    )


async def give_up_unreached(now: datetime) -> int:
    """Worker job: visits whose window ended without reaching the citizen become unreachable."""
    now = utc(now)
    ids = await CallbackVisit.filter(
        state=CallbackState.PENDING, window_ends_at__lt=now
    ).values_list("id", flat=True)
    for visit_id in ids:
        async with in_transaction():
            visit = await CallbackVisit.filter(id=visit_id).select_for_update().first()
            if visit is None or visit.state != CallbackState.PENDING:
                continue
            visit.state, visit.completed_at = CallbackState.UNREACHABLE, now
            await visit.save()
            ticket = await access.load(visit.ticket_id)
            await step(
                ticket, Actor.system(), "callback_unreachable", now, visible_to_citizen=False
            )
    return len(ids)


async def due_visits(principal: Principal, now: datetime) -> list[CallbackVisit]:
    """The callback work queue: visits whose next try is due."""
    now = utc(now)
    require_role(principal, *access.CALLBACK_ROLES)
    query = CallbackVisit.filter(state=CallbackState.PENDING, next_try_at__lte=now)
    if principal.scope is not None:  # the review office of a region: its departments' visits
        ids = sorted(principal.scope)
        query = query.filter(
            Q(ticket__assigned_department_id__in=ids)
            | Q(ticket__assigned_department_id=None, ticket__intake_department_id__in=ids)
        )
    return await query.order_by("next_try_at", "id").prefetch_related("ticket").limit(200)
