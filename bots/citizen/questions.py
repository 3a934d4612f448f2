"""Free-text questions: answered from the catalog's FAQ and guides when confident enough,
otherwise handed to a person as an inquiry ticket."""

from __future__ import annotations

from bots.citizen.context import CitizenContext
from bots.citizen.handoff import LAST_QUESTION_SECONDS, last_question_key, open_inquiry
from bots.incoming import Incoming
from bots.router import Kind, Router
from workflows.catalog.answers import answer_question

router = Router("questions")
# Shorter texts ("好的", "谢谢") are not questions worth a ticket.
MIN_QUESTION_CHARS = 4
MAX_QUESTION_CHARS = 500


@router.on(Kind(frozenset({"text"})))
async def question(message: Incoming, ctx: CitizenContext) -> str:
    text = message.text[:MAX_QUESTION_CHARS]
    if len(text) < MIN_QUESTION_CHARS:
        return "收到。如需帮助，请直接描述您的问题，或发送“帮助”。"
    answer = await answer_question(ctx.search, text, ctx.settings.bots.faq_min_confidence)
    if answer is not None:
        await ctx.kv.set(last_question_key(ctx.openid), text, ttl=LAST_QUESTION_SECONDS)
        return f"{answer.text}\n（{answer.item_name}）\n没有解决？发送“人工”转人工服务。"
    return "这个问题我还答不好。" + await open_inquiry(ctx, text)
