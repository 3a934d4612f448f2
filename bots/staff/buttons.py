"""Card buttons (template_card_event): act on the matter as the clicking staff member, with the
same workflow calls and authorisation as the API, then update every card about it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bots.card_keys import CardKey, parse_key
from bots.cards import update_cards
from bots.incoming import Incoming
from bots.router import Event, Router
from bots.staff.context import NOT_BOUND, StaffContext
from core.errors import Conflict, DomainError, Forbidden, NotFound
from models.tickets import CallbackMethod, CallbackVisit, Satisfaction
from workflows.authz import Principal
from workflows.cases.machine import CaseAction
from workflows.cases.transitions import transition_case
from workflows.supervision.actions import acknowledge_card
from workflows.tickets.callbacks import CallbackOutcome, record_callback

router = Router("buttons")
SATISFACTION = {
    "callback_satisfied": Satisfaction.SATISFIED,
    "callback_basic": Satisfaction.BASICALLY_SATISFIED,
    "callback_dissatisfied": Satisfaction.DISSATISFIED,
}
Action = Callable[[Principal, CardKey, StaffContext], Awaitable[str]]


async def _ack_card(principal: Principal, key: CardKey, ctx: StaffContext) -> str:
    await acknowledge_card(principal, key.matter_id, ctx.now)
    return "已知悉"


async def _accept_case(principal: Principal, key: CardKey, ctx: StaffContext) -> str:
    await transition_case(
        principal, key.matter_id, CaseAction.ACCEPT, ctx.calendar, ctx.now, note="企业微信卡片受理"
    )
    return "已受理"


async def _callback(principal: Principal, key: CardKey, ctx: StaffContext) -> str:
    visit = await CallbackVisit.get_or_none(id=key.matter_id).prefetch_related("ticket")
    if visit is None:
        raise NotFound("no such callback visit")
    ticket = visit.ticket
    # A card cannot ask how the visitor reached the citizen: by phone when one is on record.
    by_phone = bool(ticket.contact_phone) and not ticket.anonymous
    satisfaction = SATISFACTION.get(key.action)
    outcome = CallbackOutcome(
        method=CallbackMethod.PHONE if by_phone else CallbackMethod.IN_APP,
        reached=satisfaction is not None,
        satisfaction=satisfaction,
        note="企业微信卡片登记",
    )
    await record_callback(
        principal, key.matter_id, outcome, ctx.settings.tickets, ctx.calendar, ctx.now
    )
    return "已回访" if satisfaction is not None else "未联系上"


ACTIONS: dict[str, Action] = {
    "ack_card": _ack_card,
    "accept_case": _accept_case,
    "callback_satisfied": _callback,
    "callback_basic": _callback,
    "callback_dissatisfied": _callback,
    "callback_unreached": _callback,
}


@router.on(Event(frozenset({"template_card_event"})))
async def button(message: Incoming, ctx: StaffContext) -> str:
    principal = ctx.principal
    if principal is None:
        return NOT_BOUND
    key = parse_key(message.event_key)
    if key is None:
        return "这个按钮无法识别，请到掌上办工作台处理。"
    try:
        done = await ACTIONS[key.action](principal, key, ctx)
    except NotFound:
        return "无法办理：没有找到这个事项，或它不归您的部门办理。"
    except Forbidden:
        return "无法办理：您的角色不能办理这一步。"
    except Conflict:
        return "无法办理：这个事项的状态已经变了（可能已有人处理），请到掌上办工作台查看。"
    except DomainError as error:
        return f"无法在卡片上办理，请到掌上办工作台处理（{error.code}）。"
    assert ctx.staff is not None
    label = f"{done}（{ctx.staff.name}）"
    ctx.tasks.spawn(
        update_cards(ctx.wecom, key.subject_type, key.matter_id, label, ctx.now),
        name=f"update-cards:{key}",
    )
    return f"{done}：{_what(key)}"


def _what(key: CardKey) -> str:
    names = {"supervision_card": "督办卡片", "case": "办件", "callback_visit": "回访"}
    return f"{names[key.subject_type]} {key.matter_id}"
