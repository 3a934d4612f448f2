"""“待办”: the staff member's pending items with due times, and cards with buttons for the most
urgent ones they can act on (sent through the outbox like every other card)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bots.incoming import Incoming
from bots.router import Command, Router
from bots.staff.context import NOT_BOUND, StaffContext
from workflows.outbox import Notice, enqueue, notice_key, to_staff
from workflows.supervision.staff_queue import PendingItem, pending_for

router = Router("todo")
KINDS = {"case": "办件", "ticket": "诉求", "callback_visit": "回访", "supervision_card": "督办"}
LISTED = 10


@router.on(Command(("待办", "我的待办", "todo")))
async def todo(message: Incoming, ctx: StaffContext) -> str:
    principal = ctx.principal
    if principal is None:
        return NOT_BOUND
    items = await pending_for(principal, ctx.now, limit=LISTED)
    if not items:
        return "您目前没有待办事项。"
    tz = ZoneInfo(ctx.settings.calendar.timezone)
    lines = [f"您的待办（按期限排序，前 {len(items)} 项）："]
    for item in items:
        due = f"，期限 {_local(item.due_at, tz)}" if item.due_at else ""
        lines.append(f"· [{KINDS[item.kind]}] {item.title[:30]}：{item.state}{due}")
    actionable = [item for item in items if item.card_template][: ctx.settings.bots.todo_cards]
    if actionable:
        await enqueue(_card(principal.id, message, item, tz) for item in actionable)
        lines.append(f"其中 {len(actionable)} 项已发来卡片，可直接在卡片上办理。")
    return "\n".join(lines)


def _card(staff_id: int, message: Incoming, item: PendingItem, tz: ZoneInfo) -> Notice:
    # One card per item per "待办" message: asking again sends fresh cards.
    key = notice_key(
        "bot-todo", message.create_time, message.source, item.kind, item.id, "staff", staff_id
    )
    data = {**item.card_data, "due_at": _local(item.due_at, tz) if item.due_at else "未定"}
    return to_staff(
        key, staff_id, item.card_template, data, subject_type=item.kind, subject_id=item.id
    )


def _local(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%m-%d %H:%M")
