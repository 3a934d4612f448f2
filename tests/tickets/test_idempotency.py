"""Idempotency-Key on writes: a retry gets the first answer and never makes the change twice."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from core.appkeys import CALENDAR, KV, SETTINGS
from miniapp_api.idempotency import IN_FLIGHT
from models.audit import AuditRecord
from models.cases import Case
from models.idempotency import IdempotencyRecord
from models.outbox import OutboxMessage
from models.people import Citizen
from models.tickets import Ticket
from tests.cases.conftest import application, make_item
from tests.conftest import BACKEND
from tests.tickets.conftest import County
from worker.jobs import JOBS
from worker.resources import WorkerResources
from workflows import clock

COMPLAINT = {"column": "complaint", "title": "窗口态度差", "content": "办事窗口工作人员态度恶劣"}


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    return {"MINIAPP_IDEMPOTENCY_WAIT_SECONDS": "0.5"}


async def create(county: County, key: str, body: Any = None, headers: Any = None) -> Any:
    return await county.client.post(
        "/api/tickets",
        json=body or COMPLAINT,
        headers={**(headers or county.citizen_a), "Idempotency-Key": key},
    )


async def test_a_retried_create_ticket_returns_the_same_ticket_and_makes_one(
    county: County,
) -> None:
    first = await create(county, "intent-1")
    audited = await AuditRecord.all().count()
    again = await create(county, "intent-1")
    assert first.status == again.status == 201
    assert await again.text() == await first.text()
    assert "Idempotency-Replayed" not in first.headers
    assert again.headers["Idempotency-Replayed"] == "true"
    assert await Ticket.all().count() == 1
    assert await AuditRecord.all().count() == audited
    # The key and its answer are rows in the database: a retry after a restart is as safe.
    record = await IdempotencyRecord.get(key="intent-1")
    assert record.operation == "createTicket" and record.status == 201
    # Without a key nothing changes: each request is a new ticket.
    await county.open()
    assert await Ticket.all().count() == 2


async def test_the_same_key_with_another_body_is_refused_and_changes_nothing(
    county: County,
) -> None:
    first = await (await create(county, "intent-1")).json()
    other = await create(county, "intent-1", {**COMPLAINT, "title": "另一件事"})
    assert other.status == 422
    assert (await other.json())["code"] == "idempotency_key_reused"
    assert [t.id for t in await Ticket.all()] == [first["id"]]
    # Another operation with the key is another request too.
    reused = await county.client.post(
        f"/api/tickets/{first['id']}/messages",
        json={"text": "补充材料"},
        headers={**county.citizen_a, "Idempotency-Key": "intent-1"},
    )
    assert reused.status == 422 and (await reused.json())["code"] == "idempotency_key_reused"
    bad = await create(county, "x" * 101)
    assert bad.status == 422 and (await bad.json())["code"] == "invalid_idempotency_key"
    assert await Ticket.all().count() == 1


async def test_identical_requests_at_once_make_one_ticket(county: County) -> None:
    responses = await asyncio.gather(*(create(county, "double-tap") for _ in range(8)))
    assert {r.status for r in responses} == {201}
    assert len({(await r.json())["id"] for r in responses}) == 1
    assert sum(r.headers.get("Idempotency-Replayed") == "true" for r in responses) == 7
    assert await Ticket.all().count() == 1


async def test_a_key_of_another_caller_is_not_visible(county: County) -> None:
    mine = await (await create(county, "shared-key")).json()
    theirs = await create(county, "shared-key", headers=county.citizen_b)
    assert theirs.status == 201 and "Idempotency-Replayed" not in theirs.headers
    theirs_body = await theirs.json()
    assert theirs_body["id"] != mine["id"]
    citizen_b = await Citizen.get(openid="openid-b")
    assert (await Ticket.get(id=theirs_body["id"])).citizen_id == citizen_b.id  # type: ignore[attr-defined]
    # Staff keys are theirs alone too: the same key on a staff write is a new request.
    screened = await county.client.post(
        f"/api/tickets/{mine['id']}/screening",
        json={"accept": True, "department_id": county.dept_x},
        headers={**county.supervisor, "Idempotency-Key": "shared-key"},
    )
    assert screened.status == 200 and "Idempotency-Replayed" not in screened.headers


async def test_a_retried_staff_change_is_answered_not_refused_and_notifies_once(
    county: County,
) -> None:
    ticket = await county.open()
    path = f"/api/tickets/{ticket['id']}/screening"
    body = {"accept": True, "department_id": county.dept_x}
    headers = {**county.supervisor, "Idempotency-Key": "screen-1"}
    first = await county.client.post(path, json=body, headers=headers)
    again = await county.client.post(path, json=body, headers=headers)
    assert first.status == again.status == 200
    assert await again.text() == await first.text()
    assert await OutboxMessage.filter(template="ticket_accepted").count() == 1
    # Without the key the second screening is what it always was: a conflict.
    plain = await county.client.post(path, json=body, headers=county.supervisor)
    assert plain.status == 409 and (await plain.json())["code"] == "ticket_already_screened"


# The database refuses to store the answer of a request sent with this key, as a full disk or a
# dropped connection at that moment would.
REFUSE_STORE = {
    "postgres": [
        "CREATE FUNCTION refuse_store() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_store BEFORE UPDATE ON idempotency_key FOR EACH ROW "
        "WHEN (NEW.key = 'doomed') EXECUTE FUNCTION refuse_store()",
    ],
    "sqlite": [
        "CREATE TRIGGER refuse_store BEFORE UPDATE ON idempotency_key "
        "WHEN NEW.key = 'doomed' BEGIN SELECT RAISE(ABORT, 'refused'); END",
    ],
}
ALLOW_STORE = {
    "postgres": ["DROP TRIGGER refuse_store ON idempotency_key", "DROP FUNCTION refuse_store"],
    "sqlite": ["DROP TRIGGER refuse_store"],
}


async def test_when_the_answer_cannot_be_stored_the_change_is_not_made(county: County) -> None:
    db, audited = connections.get("default"), await AuditRecord.all().count()
    for statement in REFUSE_STORE[BACKEND]:
        await db.execute_script(statement)
    try:
        failed = await create(county, "doomed")
    finally:
        for statement in ALLOW_STORE[BACKEND]:
            await db.execute_script(statement)
    assert failed.status >= 400
    # The ticket, its timeline, audit and key rolled back with the answer: a retry makes one.
    assert await Ticket.all().count() == 0 and await AuditRecord.all().count() == audited
    assert not await IdempotencyRecord.exists(key="doomed")
    retried = await create(county, "doomed")
    assert retried.status == 201 and await Ticket.all().count() == 1


async def test_a_refused_request_is_not_stored_and_its_key_stays_usable(county: County) -> None:
    # A 4xx changes nothing, so nothing is stored: the key is judged again with the next body.
    refused = await create(county, "intent-1", {**COMPLAINT, "contact_preference": "phone"})
    assert refused.status == 422
    assert (await refused.json())["code"] == "contact_phone_required"
    assert not await IdempotencyRecord.exists(key="intent-1")
    fixed = await create(county, "intent-1", {**COMPLAINT, "contact_phone": "13800000000"})
    assert fixed.status == 201 and await Ticket.all().count() == 1


async def test_a_key_whose_first_request_still_runs_is_409_in_progress(county: County) -> None:
    citizen = await Citizen.get(openid="openid-a")
    # The first request with this key is still running in this server.
    async with county.client.app[IN_FLIGHT].turn((f"citizen:{citizen.id}", "busy"), 1):
        response = await create(county, "busy")
    assert response.status == 409
    assert (await response.json())["code"] == "idempotency_key_in_progress"
    assert await Ticket.all().count() == 0
    assert (await create(county, "busy")).status == 201  # once it is done, the key works


@pytest.mark.skipif(BACKEND != "postgres", reason="another server's transaction: PostgreSQL")
async def test_a_key_held_by_another_server_waits_then_409(county: County) -> None:
    citizen = await Citizen.get(openid="openid-a")
    now = clock.utc_now()
    with pytest.raises(GaveUp):
        async with in_transaction():
            # Another server has taken the key and not committed yet.
            await IdempotencyRecord.create(
                caller=f"citizen:{citizen.id}",
                key="elsewhere",
                operation="createTicket",
                request_hash="-",
                status=0,
                body="",
                expires_at=now + timedelta(hours=1),
            )
            response = await create(county, "elsewhere")
            assert response.status == 409
            assert (await response.json())["code"] == "idempotency_key_in_progress"
            raise GaveUp  # the other server's request fails: its key is free again
    assert await Ticket.all().count() == 0
    assert (await create(county, "elsewhere")).status == 201


class GaveUp(Exception):
    pass


async def test_keys_expire_after_the_retention_and_the_worker_purges_them(
    county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = clock.utc_now()
    long_ago = now - timedelta(hours=24, minutes=1)  # config.toml: retention_hours = 24
    monkeypatch.setattr(clock, "utc_now", lambda: long_ago)
    await create(county, "old-key")
    await create(county, "stale-key")
    monkeypatch.setattr(clock, "utc_now", lambda: now)
    await create(county, "fresh-key")
    # An expired key is a new request, even before the worker has purged it.
    again = await create(county, "stale-key", {**COMPLAINT, "title": "另一件事"})
    assert again.status == 201 and "Idempotency-Replayed" not in again.headers
    assert await Ticket.all().count() == 4
    app = county.client.app
    job = {name: job for name, job, _ in JOBS}["idempotency_purge"]
    await job(WorkerResources(app[SETTINGS], app[KV], app[CALENDAR], asyncio.Event()))
    assert set(await IdempotencyRecord.all().values_list("key", flat=True)) == {
        "fresh-key",
        "stale-key",
    }


async def test_a_replayed_case_submission_never_stores_the_lookup_secret(county: County) -> None:
    await make_item("ITEM-A", "营业执照变更登记", "DEPT-A")
    headers = {**county.citizen_a, "Idempotency-Key": "case-1"}
    first = await county.client.post("/api/cases", json=application(), headers=headers)
    again = await county.client.post("/api/cases", json=application(), headers=headers)
    assert first.status == again.status == 201
    original, replayed = await first.json(), await again.json()
    assert replayed["case"] == original["case"] and await Case.all().count() == 1
    # Kept only as a hash in the case: neither the stored answer nor the replay holds it.
    assert len(original["lookup_secret"]) > 0 and replayed["lookup_secret"] == ""
    assert original["lookup_secret"] not in (await IdempotencyRecord.get(key="case-1")).body


async def test_the_document_declares_the_key_on_writes_only(county: County) -> None:
    document = await (await county.client.get("/api/openapi.json")).json()
    operations = {
        op["operationId"]: op for methods in document["paths"].values() for op in methods.values()
    }

    def takes_key(operation_id: str) -> bool:
        names = {p["name"] for p in operations[operation_id].get("parameters", [])}
        return "Idempotency-Key" in names

    assert takes_key("createTicket") and takes_key("createBooking") and takes_key("upsertItem")
    assert {"409", "422"} <= set(operations["createTicket"]["responses"])
    for not_replayable in ("login", "staffLogin", "logout", "logoutEverywhere", "getTicket"):
        assert not takes_key(not_replayable), not_replayable
