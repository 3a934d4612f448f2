"""The outbox keeps one row per message key; deadlines are one row per matter."""

from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient
from tortoise.transactions import in_transaction

from models.outbox import OutboxMessage, OutboxStatus
from models.people import Department
from models.supervision import DeadlineState
from workflows.outbox import cancel_pending, enqueue, notice_key, to_citizen
from workflows.supervision import deadlines


@pytest.mark.handmade_outbox
async def test_enqueuing_the_same_message_twice_leaves_one_row(client: TestClient) -> None:
    notice = to_citizen(
        notice_key("case", 1, "accepted", "citizen", 5),
        5,
        "case_status_changed",
        {"case_no": "2026112300001"},
        subject_type="case",
        subject_id=1,
    )
    async with in_transaction():
        await enqueue([notice])
    await enqueue([notice])
    rows = await OutboxMessage.all()
    assert len(rows) == 1 and rows[0].status == OutboxStatus.PENDING
    assert rows[0].data == {"case_no": "2026112300001"}


@pytest.mark.handmade_outbox
async def test_a_rolled_back_change_writes_no_message(client: TestClient) -> None:
    try:
        async with in_transaction():
            await enqueue([to_citizen("k:1", 5, "t", {})])
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    assert not await OutboxMessage.exists(dedupe_key="k:1")


@pytest.mark.handmade_outbox
async def test_cancel_pending_spares_other_matters_and_sent_messages(client: TestClient) -> None:
    await enqueue(
        [
            to_citizen(
                "b:1:reminder", 5, "booking_reminder", {}, subject_type="booking", subject_id=1
            ),
            to_citizen("b:1:done", 5, "booking_done", {}, subject_type="booking", subject_id=1),
            to_citizen(
                "b:2:reminder", 6, "booking_reminder", {}, subject_type="booking", subject_id=2
            ),
        ]
    )
    await OutboxMessage.filter(dedupe_key="b:1:done").update(status=OutboxStatus.SENT)
    assert await cancel_pending("booking", 1, ["booking_reminder", "booking_done"]) == 1
    statuses = dict(await OutboxMessage.all().values_list("dedupe_key", "status"))
    assert statuses == {"b:1:reminder": "cancelled", "b:1:done": "sent", "b:2:reminder": "pending"}


async def test_deadline_is_watched_paused_restarted_and_finished(client: TestClient) -> None:
    department = await Department.create(code="D1", name="部门", region="县")
    start = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    first_due = start + timedelta(days=3)
    row = await deadlines.watch(
        "case",
        9,
        department_id=department.id,
        title="案件",
        started_at=start,
        due_at=first_due,
        limit_working_days=3,
    )
    await row.filter(id=row.id).update(yellow_card_at=start)
    await deadlines.pause("case", 9)
    paused = await deadlines.get("case", 9)
    assert paused is not None and paused.state == DeadlineState.PAUSED and paused.due_at is None
    new_due = first_due + timedelta(days=2)
    await deadlines.watch(
        "case",
        9,
        department_id=department.id,
        title="案件",
        started_at=start,
        due_at=new_due,
        limit_working_days=3,
    )
    resumed = await deadlines.get("case", 9)
    assert resumed is not None and resumed.due_at == new_due
    assert resumed.yellow_card_at is None  # a new period: old cards no longer apply
    await deadlines.finish("case", 9, new_due)
    done = await deadlines.get("case", 9)
    assert done is not None and done.state == DeadlineState.DONE and done.done_at == new_due


async def test_times_in_any_zone_compare_correctly_in_queries(client: TestClient) -> None:
    from zoneinfo import ZoneInfo

    from models.supervision import Deadline

    department = await Department.create(code="D2", name="部门", region="县")
    beijing = ZoneInfo("Asia/Shanghai")
    # 09:00 Beijing is 01:00 UTC: earlier than 05:00 UTC although "09" sorts after "05" as text.
    early = datetime(2026, 11, 24, 9, 0, tzinfo=beijing)
    late = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
    await deadlines.watch(
        "case",
        1,
        department_id=department.id,
        title="早",
        started_at=early,
        due_at=early,
        limit_working_days=1,
    )
    await deadlines.watch(
        "case",
        2,
        department_id=department.id,
        title="晚",
        started_at=late,
        due_at=late,
        limit_working_days=1,
    )
    between = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    overdue = await Deadline.filter(due_at__lt=between).values_list("subject_id", flat=True)
    assert overdue == [1]
