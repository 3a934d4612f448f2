"""Anchor: getCase, listMyCases and listSlots' work in raw asyncpg + redis.asyncio on bare aiohttp.

    python bench/read_anchor.py PORT PG_URL REDIS_URL REDIS_PREFIX

The yardstick beside ../shared/bench/anchor_server.py (which has /json, /item/{code} and /lookup):
the same reads the project does, without the framework. Each authenticates like the project does
today: the session from Redis (sha256 of the bearer token under the prefix), then "does the citizen
still exist" in PostgreSQL.
/case/{id}: the case joined with its department and what getCase shows beside it (delivery,
  running special procedure, fee, certificate number), the owner check, the timeline joined with
  department and staff, the file materials with their verifier, the masked applicant.
/cases: count and one page of the citizen's cases joined with their department, each
  applicant's name opened (SM4-GCM) and masked, the status labelled.
/lookup-phone: lookupProgress by case number + the applicant's phone last 4 (#22), as the shared
  anchor's /lookup with the phone instead of the code: 2 rate-limit INCRs, case + department, the
  phone opened (SM4-GCM, the bench's demo key) and its last 4 compared, the timeline.
/slots?hall_id=&item_id=: the hall and the published item it serves (one read, as the project),
  the slot rule, the slots of the bookable days (which tells which days are generated) kept from
  the lead time on; working days from the same in-memory calendar.
/cases and /slots answer the very bytes of listMyCases and listSlots, with the same encoder.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import pydantic_core
import redis.asyncio as aioredis
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.crypto.keyring import demo_keyring
from core.masking import mask_name
from workflows.calendar import WorkingCalendar
from workflows.cases.machine import STATUS_LABELS

HORIZON_WORKING_DAYS, LEAD_MINUTES = 7, 60
KEYS = demo_keyring()
PG, REDIS, PREFIX, CALENDAR = (
    web.AppKey("pg", asyncpg.Pool),
    web.AppKey("redis", aioredis.Redis),
    web.AppKey("prefix", str),
    web.AppKey("calendar", WorkingCalendar),
)


def _iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    return value.isoformat().replace("+00:00", "Z")


def _mask(text: str | None) -> str | None:
    return text[0] + "*" * (len(text) - 1) if text else text


async def _citizen(request: web.Request) -> int:
    token = request.headers.get("Authorization", "").partition(" ")[2]
    key = request.app[PREFIX] + "session:" + hashlib.sha256(token.encode()).hexdigest()
    raw = await request.app[REDIS].get(key)
    if raw is None:
        raise web.HTTPUnauthorized()
    citizen_id = int(json.loads(raw)["id"])
    if not await request.app[PG].fetchval("SELECT 1 FROM citizen WHERE id = $1", citizen_id):
        raise web.HTTPUnauthorized()
    return citizen_id


def _json(out: object) -> web.Response:
    return web.Response(
        text=json.dumps(out, ensure_ascii=False, separators=(",", ":")),
        content_type="application/json",
    )


async def case(request: web.Request) -> web.Response:
    citizen_id = await _citizen(request)
    pg = request.app[PG]
    row = await pg.fetchrow(
        "SELECT c.*, d.code AS dcode, d.name AS dname, dl.method AS dl_method, "
        "sp.kind AS sp_kind, fe.amount_cents AS fe_amount, ce.number AS ce_number "
        "FROM service_case c JOIN department d ON d.id = c.department_id "
        "LEFT JOIN case_delivery dl ON dl.case_id = c.id "
        "LEFT JOIN case_special_procedure sp ON sp.case_id = c.id AND sp.ended_at IS NULL "
        "LEFT JOIN case_fee fe ON fe.case_id = c.id LEFT JOIN certificate ce ON ce.case_id = c.id "
        "WHERE c.id = $1",
        int(request.match_info["case_id"]),
    )
    if row is None or row["citizen_id"] != citizen_id:
        raise web.HTTPNotFound()
    steps = await pg.fetch(
        "SELECT t.seq, t.at, t.action, t.status, t.note, t.details, d.name AS dname "
        "FROM case_timeline_entry t JOIN department d ON d.id = t.department_id "
        "LEFT JOIN staff_account s ON s.id = t.staff_id WHERE t.case_id = $1 ORDER BY t.seq",
        row["id"],
    )
    files = await pg.fetch(
        "SELECT m.*, s.name AS verifier FROM case_material m "
        "LEFT JOIN staff_account s ON s.id = m.verified_by_id WHERE m.case_id = $1 ORDER BY m.id",
        row["id"],
    )
    out = {
        "id": row["id"], "case_no": row["case_no"], "item_name": row["item_name"],
        "department": {"code": row["dcode"], "name": row["dname"]}, "channel": row["channel"],
        "status": row["status"], "status_label": row["status"],
        "applicant_name": _mask(row["applicant_name"]), "submitted_at": _iso(row["submitted_at"]),
        "due_at": _iso(row["due_at"]),
        "applicant": {"name": _mask(row["applicant_name"]), "phone": _mask(row["applicant_phone"]),
                      "id_number": _mask(row["applicant_id_number"])},
        "form": json.loads(row["form"]), "materials": json.loads(row["materials"]),
        "correction_materials": [], "decision_reason": row["decision_reason"],
        "promised_limit_days": row["promised_limit_days"], "accepted_at": _iso(row["accepted_at"]),
        "decided_at": _iso(row["decided_at"]), "delivered_at": _iso(row["delivered_at"]),
        "timeline": [
            {"seq": s["seq"], "at": _iso(s["at"]), "action": s["action"], "status": s["status"],
             "status_label": s["status"], "department": s["dname"], "note": s["note"],
             "staff_name": None, "details": json.loads(s["details"])}
            for s in steps
        ],
        "files": [{"id": f["id"], "material_name": f["material_name"]} for f in files],
        "delivery": row["dl_method"], "special_procedure": row["sp_kind"], "fee": row["fe_amount"],
        "certificate_number": row["ce_number"],
    }  # fmt: skip
    return _json(out)


async def lookup_phone(request: web.Request) -> web.Response:
    body = await request.json()
    case_no, last4 = body["case_no"], body["phone_last4"]
    r, ip = request.app[REDIS], request.remote
    async with r.pipeline(transaction=False) as p:
        p.incr(f"anchor:rate:ip:{ip}")
        p.expire(f"anchor:rate:ip:{ip}", 60, nx=True)
        p.incr(f"anchor:rate:case:{case_no}")
        p.expire(f"anchor:rate:case:{case_no}", 3600, nx=True)
        await p.execute()
    pg = request.app[PG]
    case = await pg.fetchrow(
        "SELECT c.*, d.name AS dname FROM service_case c "
        "JOIN department d ON d.id = c.department_id WHERE c.case_no = $1",
        case_no,
    )
    phone = KEYS.decrypt(case["applicant_phone"], "service_case.applicant_phone") if case else ""
    if case is None or not hmac.compare_digest(phone[-4:], last4):
        raise web.HTTPNotFound()
    steps = await pg.fetch(
        "SELECT t.seq, t.at, t.action, t.status, t.note, d.name AS dname, s.name AS sname "
        "FROM case_timeline_entry t JOIN department d ON d.id = t.department_id "
        "LEFT JOIN staff_account s ON s.id = t.staff_id WHERE t.case_id = $1 ORDER BY t.seq",
        case["id"],
    )
    out = {
        "case_no": case["case_no"], "status": case["status"], "item_name": case["item_name"],
        "department": case["dname"], "due_at": _iso(case["due_at"]),
        "timeline": [{"seq": s["seq"], "at": _iso(s["at"]), "action": s["action"],
                      "status": s["status"], "department": s["dname"], "note": s["note"]}
                     for s in steps],
    }  # fmt: skip
    return _json(out)


def _fast_json(out: object) -> web.Response:
    # The encoder the project's list answers use (pydantic's, on plain values): the ratio then
    # measures the framework, not a slower encoder here (json.dumps + isoformat per datetime).
    return web.Response(
        body=pydantic_core.to_json(out), content_type="application/json", charset="utf-8"
    )


async def cases(request: web.Request) -> web.Response:
    citizen_id = await _citizen(request)
    pg = request.app[PG]
    total = await pg.fetchval("SELECT count(*) FROM service_case WHERE citizen_id = $1", citizen_id)
    rows = await pg.fetch(
        "SELECT c.id, c.case_no, c.item_name, c.channel, c.status, c.applicant_name, "
        "c.submitted_at, c.due_at, d.code AS dcode, d.name AS dname FROM service_case c "
        "JOIN department d ON d.id = c.department_id WHERE c.citizen_id = $1 "
        "ORDER BY c.submitted_at DESC, c.id DESC LIMIT $2 OFFSET $3",
        citizen_id,
        20,
        0,
    )
    # The name is sealed (SM4-GCM): opened, then masked, as the project shows it.
    out = {
        "cases": [
            {"id": r["id"], "case_no": r["case_no"], "item_name": r["item_name"],
             "department": {"code": r["dcode"], "name": r["dname"]}, "channel": r["channel"],
             "status": r["status"], "status_label": STATUS_LABELS[r["status"]],
             "applicant_name": mask_name(
                 KEYS.decrypt(r["applicant_name"], "service_case.applicant_name")
             ),
             "submitted_at": r["submitted_at"], "due_at": r["due_at"]}
            for r in rows
        ],
        "total": total,
    }  # fmt: skip
    return _fast_json(out)


async def slots(request: web.Request) -> web.Response:
    await _citizen(request)
    pg = request.app[PG]
    hall_id, item_id = int(request.query["hall_id"]), int(request.query["item_id"])
    # As the project: the hall and the published item it serves in one read.
    hall = await pg.fetchrow(
        "SELECT h.id, h.opening_hours, i.id AS item_id FROM service_hall h "
        "LEFT JOIN hall_item l ON l.service_hall_id = h.id AND l.serviceitem_id = $1 "
        "LEFT JOIN service_item i ON i.id = l.serviceitem_id AND i.status = 'published' "
        "WHERE h.id = $2",
        item_id,
        hall_id,
    )
    if hall is None or hall["item_id"] is None:
        raise web.HTTPNotFound()
    await pg.fetchrow(
        "SELECT slot_minutes, capacity, enabled FROM booking_slot_config "
        "WHERE hall_id = $1 AND item_id = $2",
        hall_id,
        item_id,
    )
    calendar = request.app[CALENDAR]
    now = datetime.now(UTC)
    today = calendar.local_date(now)
    last = calendar.add_working_days(today, HORIZON_WORKING_DAYS)
    days, day = [], today
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    # As the project: one read tells which days are generated and what is open.
    rows = await pg.fetch(
        "SELECT id, day, starts_at, ends_at, capacity, booked FROM booking_slot "
        "WHERE hall_id = $1 AND item_id = $2 AND day >= $3 AND day <= $4 ORDER BY starts_at",
        hall_id,
        item_id,
        days[0],
        days[-1],
    )
    earliest, working = now + timedelta(minutes=LEAD_MINUTES), set(days)
    out = {
        "hall_id": hall_id,
        "item_id": item_id,
        "slots": [
            {"id": r["id"], "day": r["day"], "starts_at": r["starts_at"], "ends_at": r["ends_at"],
             "capacity": r["capacity"], "remaining": max(r["capacity"] - r["booked"], 0)}
            for r in rows
            if r["starts_at"] >= earliest and r["day"] in working
        ],
    }  # fmt: skip
    return _fast_json(out)


async def resources(app: web.Application):  # type: ignore[no-untyped-def]
    app[PG] = await asyncpg.create_pool(sys.argv[2], min_size=4, max_size=20)
    app[REDIS] = aioredis.from_url(sys.argv[3], decode_responses=True)
    app[PREFIX] = sys.argv[4]
    app[CALENDAR] = WorkingCalendar()
    yield
    await app[PG].close()
    await app[REDIS].aclose()


if __name__ == "__main__":
    app = web.Application()
    app.cleanup_ctx.append(resources)
    app.router.add_get("/case/{case_id}", case)
    app.router.add_get("/cases", cases)
    app.router.add_get("/slots", slots)
    app.router.add_post("/lookup-phone", lookup_phone)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
