"""“人工”, or a question the catalog cannot answer well: an inquiry ticket for a person.

The ticket is opened through the same workflow as the mini-program's 我要咨询, so it gets the
same statutory limit (seed 002 art. 32: 3 working days) and supervision.
"""

from __future__ import annotations

from bots.citizen.context import LOGIN_FIRST, CitizenContext
from bots.incoming import Incoming
from bots.router import Command, Router
from core.errors import DomainError, RateLimited
from core.ratelimit import enforce_rate_limit
from models.tickets import ContactPreference, TicketColumn
from workflows.tickets.intake import NewTicket, create_ticket

router = Router("handoff")
HANDOFF = Command(("转人工", "人工客服", "人工"))
LAST_QUESTION_SECONDS = 3600


def last_question_key(openid: str) -> str:
    return f"bots:last-question:{openid}"


@router.on(HANDOFF)
async def handoff(message: Incoming, ctx: CitizenContext) -> str:
    question = " ".join(HANDOFF.args(message)) or await ctx.kv.get(last_question_key(ctx.openid))
    if not question:
        return "好的，请先用一句话描述您的问题，再发送“人工”，我们会转给工作人员答复。"
    return await open_inquiry(ctx, question)


async def open_inquiry(ctx: CitizenContext, question: str) -> str:
    if ctx.principal is None:
        return LOGIN_FIRST + "也可以在小程序“我要咨询”中留言，工作人员会答复您。"
    try:
        await enforce_rate_limit(
            ctx.kv,
            "bot-handoff",
            ctx.openid,
            limit=ctx.settings.bots.handoffs_per_hour,
            window_seconds=3600,
        )
    except RateLimited:
        return "您刚才已经转过人工了，工作人员会尽快答复，请耐心等待。"
    new = NewTicket(
        column=TicketColumn.CONSULT,
        title=question[:30],
        content=f"（来自微信客服消息）{question}"[:5000],
        contact_preference=ContactPreference.IN_APP,
    )
    try:
        ticket = (
            await create_ticket(ctx.principal, new, ctx.now, ctx.settings.tickets, ctx.calendar)
        ).ticket
    except DomainError:
        return "暂时无法转人工，请稍后再试，或在小程序“我要咨询”中留言。"
    await ctx.kv.delete(last_question_key(ctx.openid))
    days = ctx.settings.tickets.consult_days
    return (
        f"已为您转人工：咨询单号 {ticket.id}。工作人员会在 {days} 个工作日内答复，"
        "答复后会通知您，也可以在小程序“我的咨询”中查看。"
    )
