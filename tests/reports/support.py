"""Rows for report tests, written straight to the tables with chosen moments (the report only
reads them; the workflows that write them are tested in their own packages)."""

from __future__ import annotations

from datetime import datetime
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from models.cases import Case, CaseChannel, CaseStatus
from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.people import Citizen, Department
from models.supervision import CardColour, Deadline, SupervisionCard
from models.tickets import ContactPreference, Ticket, TicketColumn, TicketState

SHANGHAI = ZoneInfo("Asia/Shanghai")
_serial = count(1)


def at(text: str) -> datetime:
    """A Beijing-time moment, e.g. at("2026-11-16 00:30")."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


async def department(code: str, region: str = "城关区", name: str | None = None) -> Department:
    found, _ = await Department.get_or_create(
        code=code, defaults={"name": name or f"部门{code}", "region": region}
    )
    return found


async def item(
    dept: Department, depth: OnlineDepth = OnlineDepth.FULLY_ONLINE, **extra: Any
) -> ServiceItem:
    n = next(_serial)
    fields: dict[str, Any] = {
        "code": f"ITEM-{n}",
        "name": f"事项{n}",
        "item_type": ItemType.LICENSING,
        "department": dept,
        "online_depth": depth,
        "legal_limit_days": 20,
        "promised_limit_days": 10,
        "status": ItemStatus.PUBLISHED,
    }
    fields.update(extra)
    return await ServiceItem.create(**fields)


async def case(
    dept: Department,
    submitted_at: datetime,
    *,
    channel: CaseChannel = CaseChannel.ONLINE,
    decided_at: datetime | None = None,
    due_at: datetime | None = None,
    status: CaseStatus | None = None,
) -> Case:
    service = await ServiceItem.filter(department=dept).first() or await item(dept)
    n = next(_serial)
    return await Case.create(
        case_no=f"C{n:010d}",
        lookup_secret_hash="0" * 64,
        item=service,
        item_version=1,
        item_name=service.name,
        promised_limit_days=10,
        department=dept,
        channel=channel,
        applicant_name="张三",
        status=status or (CaseStatus.APPROVED if decided_at else CaseStatus.ACCEPTED),
        submitted_at=submitted_at,
        accepted_at=submitted_at,
        decided_at=decided_at,
        due_at=due_at,
    )


async def ticket(
    dept: Department,
    created_at: datetime,
    *,
    column: TicketColumn = TicketColumn.COMPLAINT,
    closed_at: datetime | None = None,
    due_at: datetime | None = None,
    intake: Department | None = None,
    assigned: bool = True,
) -> Ticket:
    citizen, _ = await Citizen.get_or_create(openid="o-report")
    row = await Ticket.create(
        citizen=citizen,
        column=column,
        title="诉求",
        content="内容",
        contact_preference=ContactPreference.IN_APP,
        state=TicketState.CLOSED if closed_at else TicketState.IN_HANDLING,
        intake_department=intake or dept,
        assigned_department=dept if assigned else None,
        accepted_at=created_at,
        due_at=due_at,
        closed_at=closed_at,
    )
    # created_at is set on insert; the report counts by it, so place it in the chosen week.
    await Ticket.filter(id=row.id).update(created_at=created_at)
    return row


async def card(
    dept: Department, colour: CardColour, issued_at: datetime, cleared_at: datetime | None = None
) -> SupervisionCard:
    n = next(_serial)
    deadline = await Deadline.create(
        subject_type="case",
        subject_id=n,
        department=dept,
        title=f"C{n} 事项",
        due_at=issued_at,
        limit_working_days=5,
        started_at=issued_at,
    )
    return await SupervisionCard.create(
        deadline=deadline,
        department=dept,
        colour=colour,
        issued_at=issued_at,
        due_at=issued_at,
        cleared_at=cleared_at,
    )
