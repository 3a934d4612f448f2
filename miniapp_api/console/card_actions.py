"""The card board's actions (督办看板): acknowledge a card, urge its matter (督办通知单).

The same workflow functions as acknowledgeCard and urgeMatter, so scope, audit and validation
are the API's; the board itself is listed in worklist.py.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiohttp import web

from core.appkeys import SETTINGS
from core.errors import ValidationFailed
from miniapp_api.console.moments import local_moment
from miniapp_api.console.params import row_id
from miniapp_api.console.session import PRINCIPAL, check_form
from miniapp_api.parsing import parse_model
from miniapp_api.supervision.schemas import UrgeMatterIn
from workflows import clock
from workflows.supervision import actions as supervision_actions

routes = web.RouteTableDef()
MESSAGE_LIMIT = 500  # UrgeMatterIn's


def _back_to_board(request: web.Request, done: str) -> web.HTTPSeeOther:
    url = request.app.router["console-cards"].url_for().with_query(done=done)
    return web.HTTPSeeOther(url)


@routes.post("/cards/{card_id}/acknowledge", name="console-card-acknowledge")
async def acknowledge(request: web.Request) -> web.Response:
    card_id = row_id(request, "card_id")
    await check_form(request)
    await supervision_actions.acknowledge_card(request[PRINCIPAL], card_id, clock.utc_now())
    raise _back_to_board(request, "acknowledged")


@routes.post("/deadlines/{deadline_id}/urgings", name="console-urge")
async def urge(request: web.Request) -> web.Response:
    deadline_id = row_id(request, "deadline_id")
    form = await check_form(request)
    tz = ZoneInfo(request.config_dict[SETTINGS].calendar.timezone)
    respond_by = local_moment(
        form.get("respond_by_date", ""), form.get("respond_by_time", ""), tz, "respond_by"
    )
    message = form.get("message", "").strip()
    if not message:
        raise ValidationFailed("请填写督办内容", fields={"message": "必填"})
    if len(message) > MESSAGE_LIMIT:
        raise ValidationFailed(
            f"督办内容不超过 {MESSAGE_LIMIT} 字", fields={"message": f"至多 {MESSAGE_LIMIT} 字"}
        )
    body = parse_model(UrgeMatterIn, {"message": message, "respond_by": respond_by}, "form")
    await supervision_actions.urge_matter(
        request[PRINCIPAL], deadline_id, body.message, body.respond_by, clock.utc_now()
    )
    raise _back_to_board(request, "urged")
