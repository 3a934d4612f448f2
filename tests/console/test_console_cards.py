"""The card board's actions in the console: acknowledge a card and urge its matter (督办), through
the same workflows as acknowledgeCard and urgeMatter: state, audit, refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient

from models.outbox import OutboxMessage
from models.supervision import SupervisionCard, UrgingNotice
from tests.console.supervision_helpers import (
    audit_rows,
    form_token,
    red_card_for,
    staff_headers,
    use_console_as,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def _board(client: TestClient, submitted_case: dict[str, Any]) -> SupervisionCard:
    handler = await staff_headers(client, "banli")
    card = await red_card_for(client, int(submitted_case["id"]), handler)
    use_console_as(client, await staff_headers(client, "jiancha"))
    return card


async def test_a_supervisor_urges_a_red_card_with_a_respond_by(
    client: TestClient, submitted_case: dict[str, Any]
) -> None:
    card = await _board(client, submitted_case)
    board = await client.get("/console/cards")
    html = await board.text()
    assert "红牌" in html and "发出督办通知" in html and "回复期限日期（年-月-日" in html
    tomorrow = (datetime.now(SHANGHAI) + timedelta(days=1)).date().isoformat()
    response = await client.post(
        f"/console/deadlines/{card.deadline_id}/urgings",  # type: ignore[attr-defined]
        data={
            "csrf": await form_token(client, "/console/cards"),
            "message": "请于明日前说明超期原因",
            "respond_by_date": tomorrow,
            "respond_by_time": "16:00",
        },
        allow_redirects=False,
    )
    assert response.status == 303
    assert response.headers["Location"] == "/console/cards?done=urged"
    [urging] = await UrgingNotice.all()
    assert urging.message == "请于明日前说明超期原因"
    assert urging.respond_by is not None
    assert urging.respond_by.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") == f"{tomorrow} 16:00"
    [audit] = await audit_rows("matter.urged")
    assert audit.after["urging_id"] == urging.id and audit.object_id == str(submitted_case["id"])
    assert await OutboxMessage.filter(template="urging_notice").exists()
    shown = await (await client.get("/console/cards?done=urged")).text()
    assert "已发出督办通知" in shown


async def test_bad_urging_input_and_a_missing_form_token_change_nothing(
    client: TestClient, submitted_case: dict[str, Any]
) -> None:
    card = await _board(client, submitted_case)
    path = f"/console/deadlines/{card.deadline_id}/urgings"  # type: ignore[attr-defined]
    token = await form_token(client, "/console/cards")
    refused = await client.post(path, data={"message": "请加快"})
    assert refused.status == 403
    empty = await client.post(path, data={"csrf": token, "message": "  "})
    assert empty.status == 422 and "请填写督办内容" in await empty.text()
    bad_day = await client.post(
        path, data={"csrf": token, "message": "请加快", "respond_by_date": "2026-02-30"}
    )
    assert bad_day.status == 422 and "年-月-日" in await bad_day.text()
    past = await client.post(
        path, data={"csrf": token, "message": "请加快", "respond_by_date": "2020-01-06"}
    )
    assert past.status == 422 and "future" in await past.text()
    too_long = await client.post(path, data={"csrf": token, "message": "快" * 501})
    assert too_long.status == 422
    assert (
        await client.post("/console/deadlines/999999/urgings", data={"csrf": token, "message": "x"})
    ).status == 404
    assert not await UrgingNotice.exists()
    assert not await audit_rows("matter.urged")


async def test_acknowledging_a_card_from_the_board_is_recorded_once(
    client: TestClient, submitted_case: dict[str, Any]
) -> None:
    card = await _board(client, submitted_case)
    path = f"/console/cards/{card.id}/acknowledge"
    assert (await client.post(path, data={})).status == 403
    token = await form_token(client, "/console/cards")
    for _ in range(2):
        response = await client.post(path, data={"csrf": token}, allow_redirects=False)
        assert response.status == 303
    await card.refresh_from_db()
    assert card.acknowledged_at is not None
    assert len(await audit_rows("card.acknowledged")) == 1
    html = await (await client.get("/console/cards?done=acknowledged")).text()
    assert "已确认知悉该预警" in html
    assert card.acknowledged_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") in html
    assert (await client.post("/console/cards/0/acknowledge", data={"csrf": token})).status == 404


async def test_a_handler_acknowledges_but_may_not_urge(
    client: TestClient, submitted_case: dict[str, Any]
) -> None:
    card = await _board(client, submitted_case)
    use_console_as(client, await staff_headers(client, "banli"))
    html = await (await client.get("/console/cards")).text()
    assert "确认知悉" in html and "发出督办通知" not in html
    token = await form_token(client, "/console/cards")
    urged = await client.post(
        f"/console/deadlines/{card.deadline_id}/urgings",  # type: ignore[attr-defined]
        data={"csrf": token, "message": "请加快"},
    )
    assert urged.status == 403 and not await UrgingNotice.exists()
    acknowledged = await client.post(f"/console/cards/{card.id}/acknowledge", data={"csrf": token})
    assert acknowledged.status == 200
    await card.refresh_from_db()
    assert card.acknowledged_at is not None and card.acknowledged_at <= datetime.now(UTC)
