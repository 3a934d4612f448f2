"""The callback worklist (回访) and the supervisor's card board (督办看板)."""

from __future__ import annotations

from aiohttp import web

from miniapp_api.console.callback_visits import METHOD_LABELS, OUTCOME_LABELS
from miniapp_api.console.render import page
from miniapp_api.console.session import PRINCIPAL
from miniapp_api.tickets.present import task_view
from models.people import Department
from workflows import clock
from workflows.supervision import actions as supervision_actions
from workflows.tickets.callbacks import due_visits

routes = web.RouteTableDef()
BOARD_LIMIT = 200


@routes.get("/callbacks", name="console-callbacks")
async def callbacks(request: web.Request) -> web.Response:
    """Due visits, each with the outcome form; a visit's own page has its history."""
    visits = await due_visits(request[PRINCIPAL], clock.utc_now())
    return page(
        request,
        "callbacks.html",
        {
            "tasks": [task_view(visit) for visit in visits],
            "methods": METHOD_LABELS,
            "outcomes": OUTCOME_LABELS,
        },
    )


@routes.get("/cards", name="console-cards")
async def cards(request: web.Request) -> web.Response:
    board = await supervision_actions.list_cards(
        request[PRINCIPAL], colour=None, open_only=True, department_id=None,
        limit=BOARD_LIMIT, offset=0,
    )  # fmt: skip
    names = dict(await Department.filter(id__in=list(board.open_counts)).values_list("id", "name"))
    counts = sorted(
        ((names.get(d, str(d)), c["yellow"], c["red"]) for d, c in board.open_counts.items()),
        key=lambda row: (-row[2], -row[1], row[0]),
    )
    return page(
        request,
        "cards.html",
        {"cards": board.cards, "counts": counts, "names": names, "done": request.query.get("done")},
    )
