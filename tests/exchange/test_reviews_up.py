"""Reviews up (seed 002 art. 36): every review, rectification step and callback reaches the
province with the data items the national 好差评 scheme names."""

from __future__ import annotations

from tests.exchange.conftest import Sim
from tests.reviews.conftest import County, county  # noqa: F401 (the review county fixture)


async def test_review_rectification_and_callback_go_up_in_order(
    county: County,  # noqa: F811
    sim: Sim,
    drain,
) -> None:
    case_id = await county.case()
    scores = {"overall": 1, "efficiency": 2}
    await county.review(case_id, "very_dissatisfied", text="窗口人员态度差", scores=scores)
    [rect] = await county.rectifications(county.handler_x)
    await county.contact(rect["id"])
    await county.step(rect["id"], "classification", county.handler_x, {"classification": "simple"})
    await county.step(rect["id"], "completion", county.handler_x, {"summary": "已约谈窗口人员"})
    reached = {"method": "phone", "reached": True, "satisfied": True, "note": "满意"}
    await county.step(rect["id"], "callbacks", county.visitor, reached, 201)
    await drain()
    events = sorted(sim.state.received["reviews"].values(), key=lambda e: e["eventId"])
    review = next(e for e in events if e["eventType"] == "review")
    case_no = sim.state.received["case_steps"][next(iter(sim.state.received["case_steps"]))][
        "projectNo"
    ]
    assert review["projectNo"] == case_no  # 办件编号
    assert review["taskCode"] == "ITEM-X"  # 事项编码
    assert review["pf"] == "2"  # 评价渠道: the mini-program (mobile)
    assert review["alternate"] == "1"  # 评价等级: 非常不满意
    assert review["indicators"] == scores
    assert "text" not in review and "contact_phone" not in review  # the evaluator is protected
    steps = [e for e in events if e["eventType"] == "rectification"]
    rectified = next(e for e in steps if e["rectification"]["action"] == "rectified")
    assert rectified["rectification"]["result"] == "已约谈窗口人员"
    assert rectified["rectification"]["classification"] == "simple"
    callback = next(e for e in events if e["eventType"] == "callback")
    assert callback["callback"]["satisfied"] is True
    # In the order they happened: the review first, the callback last.
    ids = [e["eventId"] for e in events]
    numbers = [int(i.split(":")[2]) for i in ids]
    assert sorted(numbers) == list(range(1, len(ids) + 1))
    assert next(e for e in events if e["eventId"].split(":")[2] == "1")["eventType"] == "review"
    last = max(events, key=lambda e: int(e["eventId"].split(":")[2]))
    assert last["eventType"] == "callback"
