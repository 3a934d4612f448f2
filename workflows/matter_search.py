"""Staff search across their department's matters (cases and tickets): by number, by a fragment
of the applicant's or contact's name, or by the phone's last four digits.

Scope is exactly the lists' (workflows/cases/queries.department_cases, tickets/reading
.list_department): a department's own, a supervisor's region (tickets: and the intake pool).

Names and phones are encrypted at rest (models/protected.py) and their only blind index is of the
whole phone number, which neither a fragment nor four digits can use. So those two searches read
the newest SCAN_LIMIT matters of the scope and compare the decrypted values here (only the one
field asked about is decrypted; bench/matter_search.py times it). Anonymous tickets never match
on contact details: staff must not learn who wrote them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tortoise.queryset import QuerySet

from core.crypto.indexes import phone_index, pure_phone
from core.errors import ValidationFailed
from core.masking import mask_name, mask_phone
from models.cases import Case
from models.people import StaffRole
from models.tickets import Ticket
from workflows.authz import Principal, require_role
from workflows.tickets import access

SCAN_LIMIT = 2000  # per kind of matter, newest first
RESULT_LIMIT = 50
NUMBER_FRAGMENT = 4  # characters of a case number before part of it is searched
SEARCH_ROLES = (StaffRole.HANDLER, StaffRole.CLERK, StaffRole.SUPERVISOR, StaffRole.ADMIN)
LAST4 = re.compile(r"[0-9]{4}")
WHOLE_PHONE = re.compile(r"\+?[0-9][0-9-]{6,18}")


@dataclass(frozen=True)
class MatterHit:
    kind: str  # "case" or "ticket"
    id: int
    number: str  # the case number, or the ticket's id
    title: str
    person: str | None  # masked
    phone: str | None  # masked
    state: str
    at: datetime


def _clean(query: str) -> str:
    text = " ".join(query.split())
    if not text:
        raise ValidationFailed(
            "type a number, part of a name, or the phone's last 4 digits",
            code="search_query_required",
            fields={"q": "required"},
        )
    if not text.isprintable():
        raise ValidationFailed(
            "the search text has characters that cannot be searched",
            code="search_query_invalid",
            fields={"q": "printable characters only"},
        )
    if len(text) > 64:
        raise ValidationFailed(
            "the search text is too long", code="search_query_too_long", fields={"q": "at most 64"}
        )
    return text


async def search_matters(principal: Principal, query: str) -> list[MatterHit]:
    require_role(principal, *SEARCH_ROLES)
    text = _clean(query)
    hits = [*await _cases(principal, text), *await _tickets(principal, text)]
    hits.sort(key=lambda hit: hit.at, reverse=True)
    return hits[:RESULT_LIMIT]


def _case_scope(principal: Principal) -> QuerySet[Case]:
    if principal.supervises:
        return Case.filter(**principal.department_filter())
    return Case.filter(department_id=principal.department_id)


def _ticket_scope(principal: Principal) -> QuerySet[Ticket]:
    if principal.supervises:
        return Ticket.filter(access.scope_query(principal))
    return Ticket.filter(assigned_department_id=principal.department_id)


def _by_phone(text: str) -> bool:
    """Whether the text is (the end of) a phone number rather than part of a name."""
    return bool(LAST4.fullmatch(text) or WHOLE_PHONE.fullmatch(text))


def _person_matches(value: str, text: str) -> bool:
    """`value` is the phone when `_by_phone(text)`, else the name: only that one is decrypted."""
    if LAST4.fullmatch(text):
        return pure_phone(value)[-4:] == text
    if WHOLE_PHONE.fullmatch(text):
        return bool(value) and pure_phone(value) == pure_phone(text)
    return text in value


async def _cases(principal: Principal, text: str) -> list[MatterHit]:
    # A short text (a ticket's id, say) would be inside most case numbers: whole numbers only.
    number = {"case_no__icontains": text} if len(text) >= NUMBER_FRAGMENT else {"case_no": text}
    ids = set(
        await _case_scope(principal)
        .filter(**number)
        .order_by("-id")
        .limit(RESULT_LIMIT)
        .values_list("id", flat=True)
    )
    # Cases keep no blind index of the phone: read just the two sealed fields of the newest.
    newest = _case_scope(principal).order_by("-id").limit(SCAN_LIMIT)
    field = "applicant_phone" if _by_phone(text) else "applicant_name"
    for case in await newest.only("id", field):
        if _person_matches(getattr(case, field) or "", text):
            ids.add(case.id)
    found = await Case.filter(id__in=sorted(ids)) if ids else []
    return [
        MatterHit(
            "case",
            case.id,
            case.case_no,
            case.item_name,
            mask_name(case.applicant_name),
            mask_phone(case.applicant_phone),
            case.status.value,
            case.submitted_at or case.created_at,
        )
        for case in found
    ]


async def _tickets(principal: Principal, text: str) -> list[MatterHit]:
    found: dict[int, Ticket] = {}
    if text.isascii() and text.isdigit() and 0 < int(text) < 2**63:
        found |= {t.id: t for t in await _ticket_scope(principal).filter(id=int(text))}
    if WHOLE_PHONE.fullmatch(text) and not LAST4.fullmatch(text):
        # A whole number has its blind index: no need to read every row.
        rows = _ticket_scope(principal).filter(contact_phone_index=phone_index(text))
        found |= {t.id: t for t in await rows.filter(anonymous=False).limit(RESULT_LIMIT)}
    else:
        newest = _ticket_scope(principal).filter(anonymous=False).order_by("-id")
        field = "contact_phone" if _by_phone(text) else "contact_name"
        scanned = newest.limit(SCAN_LIMIT).only("id", field)
        matched = [
            ticket.id
            for ticket in await scanned
            if _person_matches(getattr(ticket, field) or "", text)
        ]
        if matched:
            found |= {t.id: t for t in await Ticket.filter(id__in=matched)}
    return [
        MatterHit(
            "ticket",
            ticket.id,
            str(ticket.id),
            ticket.title,
            None if ticket.anonymous else mask_name(ticket.contact_name) or None,
            None if ticket.anonymous else mask_phone(ticket.contact_phone) or None,
            ticket.state.value,
            ticket.created_at,
        )
        for ticket in found.values()
    ]
