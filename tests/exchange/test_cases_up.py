"""Every case step goes up to the province, in order per case, once, through an outage."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from models.outbox import Channel, OutboxMessage, OutboxStatus
from tests.exchange.conftest import Sim, move, open_case


async def test_each_step_reaches_the_province_once_with_its_event_id(
    client: TestClient, sim: Sim, item, login_citizen, make_staff, drain
) -> None:
    handler = await make_staff("handler-a", ["handler"])
    case = await open_case(client, login_citizen)
    await move(client, handler, case["id"], "accept")
    await move(
        client, handler, case["id"], "request_correction", missing_materials=["营业执照副本"]
    )
    await drain()
    steps = sim.state.received["case_steps"]
    no = case["case_no"]
    assert [steps[f"case:{no}:{n}"]["stepCode"] for n in (1, 2, 3)] == ["SQ", "SL", "BZ"]
    first = steps[f"case:{no}:1"]
    assert first["projectNo"] == no and first["taskCode"] == "ITEM-A"
    assert first["deptCode"] == "PROV-A"  # our DEPT-A in the province's code ([exchange] config)
    assert sim.state.order[no] == [1, 2, 3]
    assert set(sim.state.receipts.values()) == {1}
    rows = await OutboxMessage.filter(channel=Channel.PROVINCE)
    assert {row.status for row in rows} == {OutboxStatus.SENT}


async def test_province_down_loses_nothing_and_keeps_order_per_case(
    client: TestClient, sim: Sim, item, login_citizen, make_staff, drain
) -> None:
    handler = await make_staff("handler-a", ["handler"])
    await sim.stop()  # the province is away while the county keeps working
    cases = [await open_case(client, login_citizen, f"o-citizen-{n}") for n in range(3)]
    for case in cases:
        await move(client, handler, case["id"], "accept")
        await move(client, handler, case["id"], "start_review")
        await move(client, handler, case["id"], "approve")
    await drain(rounds=5)
    assert sim.state.received["case_steps"] == {}
    waiting = await OutboxMessage.filter(channel=Channel.PROVINCE, status=OutboxStatus.PENDING)
    assert len(waiting) == 12 and max(row.attempts for row in waiting) >= 1
    await sim.start()  # back, on the same address
    sim.state.lose_answers = 2  # and two answers are lost on the way: the sender tries again
    await drain(rounds=120, step_seconds=120)
    for case in cases:
        assert sim.state.order[case["case_no"]] == [1, 2, 3, 4]
    assert len(sim.state.received["case_steps"]) == 12
    assert sim.state.doubled() == 0 and sim.state.out_of_order() == []
    assert sum(sim.state.receipts.values()) == 14  # the two repeats were recognised by event id
    assert (
        not await OutboxMessage.filter(channel=Channel.PROVINCE)
        .exclude(status=OutboxStatus.SENT)
        .exists()
    )


async def test_a_refusal_by_the_province_is_kept_and_does_not_block_the_case(
    client: TestClient, sim: Sim, item, login_citizen, make_staff, drain
) -> None:
    handler = await make_staff("handler-a", ["handler"])
    sim.state.fail_next, sim.state.fail_status = 1, 400
    case = await open_case(client, login_citizen)
    await move(client, handler, case["id"], "accept")
    await drain()
    first = await OutboxMessage.get(dedupe_key=f"case:{case['case_no']}:1")
    assert first.status == OutboxStatus.FAILED and first.last_error_code == "sim_fault"
    assert sim.state.order[case["case_no"]] == [2]
