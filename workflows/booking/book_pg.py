"""createBooking on PostgreSQL in two round trips and no explicit transaction: one read, then
ONE booking statement that PostgreSQL commits by itself (the general path in bookings.py takes
twelve). Under a burst of 40 citizens per slot the slot's row lock is what they queue on, and a
statement that commits itself holds it for the statement only, not across the round trips to
this process and back for COMMIT (profiled in README "Write paths").

The same rules as bookings.create_booking, in the same order: the slot must exist and be
bookable, the citizen's level suffice, then suspended, already booked that day, too many, full.
The place is taken by the same conditional UPDATE as ever (`booked < capacity`, re-checked by
PostgreSQL against the newest row when it waited), and the booking, its audit record and its
reminders are written only when that UPDATE took a place.

The active limit needs every booking this citizen committed before to be in the statement's
snapshot. Each booking statement therefore writes the citizen's row, on the condition that the
row is still the version its snapshot read (`xmin`): a booking of theirs committed after the
snapshot was taken has written the row since, PostgreSQL re-checks the condition against the
newest version when it waited for that row, and the statement changes nothing ("stale"). Then
the statement is sent again inside a transaction that first locks the citizen's row, so that
its snapshot comes after the lock, as the general path does it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound, Unauthenticated
from models.booking import Booking, BookingStatus
from models.catalog import ServiceHall, ServiceItem
from models.people import AssuranceLevel
from workflows import outbox, statements
from workflows.authz import Principal
from workflows.booking import limits, reminders
from workflows.booking.records import Context, audit_of, new_code
from workflows.booking.slots import refuse_disabled, refuse_unbookable
from workflows.identity.levels import require_level

# The slot with the names the answer shows, whether bookings are on, the citizen's level, and the
# new booking's id (drawn now so the booking statement's rows can name it).
READ = """
SELECT nextval(pg_get_serial_sequence('booking', 'id')) AS booking_id, c.assurance,
    s.id AS slot_id, s.hall_id, s.item_id, s.day, s.starts_at, s.ends_at,
    h.name AS hall_name, i.name AS item_name, i.min_assurance,
    coalesce(sc.enabled, true) AS enabled
FROM citizen AS c
LEFT JOIN booking_slot AS s ON s.id = $2
LEFT JOIN service_hall AS h ON h.id = s.hall_id
LEFT JOIN service_item AS i ON i.id = s.item_id
LEFT JOIN booking_slot_config AS sc ON sc.hall_id = s.hall_id AND sc.item_id = s.item_id
WHERE c.id = $1
"""
LOCK_CITIZEN = "SELECT 1 FROM citizen WHERE id = $1 FOR UPDATE"

# $1 citizen, $2 now, $3 active_key, $4 slot, $5 max active, $6 status "booked", $7 booking id,
# $8 code, $9 day, $10 starts_at, $11 ends_at, $12 hall, $13 item, $14 actor kind, $15 actor id,
# $16 audit "after", $17 request id, then the reminders' outbox parameters from $18.
BOOK = f"""
WITH seen AS (
    SELECT xmin AS version FROM citizen WHERE id = $1
), fresh AS (
    -- Writes nothing but a new version of the row (the id stays: no index changes, no foreign
    -- key is touched); it waits for a booking of theirs in progress, and takes the row before
    -- the slot's, in the order of every booking path.
    UPDATE citizen SET id = id WHERE id = $1 AND xmin = (SELECT version FROM seen) RETURNING id
), suspension AS (
    SELECT until, no_shows FROM booking_suspension
    WHERE citizen_id = $1 AND until > $2::timestamptz ORDER BY until DESC LIMIT 1
), facts AS (
    SELECT (SELECT until FROM suspension) AS suspended_until,
        (SELECT no_shows FROM suspension) AS no_shows,
        EXISTS (SELECT 1 FROM booking WHERE active_key = $3::text) AS booked_that_day,
        (SELECT count(*) FROM booking
         WHERE citizen_id = $1 AND status = $6::text AND ends_at > $2::timestamptz) AS active
), place AS (
    UPDATE booking_slot SET booked = booked + 1
    WHERE id = $4 AND booked < capacity AND EXISTS (SELECT 1 FROM fresh) AND (
        SELECT suspended_until IS NULL AND NOT booked_that_day AND active < $5::int FROM facts)
    RETURNING id
), made AS (
    INSERT INTO booking (id, created_at, updated_at, code, day, starts_at, ends_at, status,
        active_key, citizen_id, hall_id, item_id, slot_id)
    SELECT $7::bigint, now(), now(), $8::text, $9::date, $10::timestamptz, $11::timestamptz,
        $6::text, $3::text, $1::bigint, $12::bigint, $13::bigint, place.id
    FROM place
    RETURNING id
), audited AS (
    INSERT INTO audit_record (at, actor_kind, actor_id, action, object_type, object_id, after,
        note, request_id)
    SELECT now(), $14::text, $15::bigint, 'booking.created', 'booking', made.id::text,
        $16::text::jsonb, '', $17::text
    FROM made
), reminded AS ({outbox.insert_arrays_sql(18, only_if="made")})
SELECT suspended_until, no_shows, booked_that_day, active, EXISTS (SELECT 1 FROM made) AS made,
    EXISTS (SELECT 1 FROM fresh) AS fresh
FROM facts
"""


async def create_booking(principal: Principal, slot_id: int, ctx: Context) -> Booking:
    # The caller's transaction if there is one (an Idempotency-Key's), else the pool: each
    # statement then commits by itself.
    db = Booking._choose_db(True)
    rows = await db.execute_query_dict(READ, [principal.id, slot_id])
    if not rows:
        raise Unauthenticated("this account is no longer active", code="account_inactive")
    slot = rows[0]
    _refuse_unbookable(slot, ctx)
    require_level(AssuranceLevel(slot["assurance"]), AssuranceLevel(slot["min_assurance"]))
    booking = _new_booking(principal, slot)
    notices = reminders.notices(
        booking, slot["hall_name"], slot["item_name"], ctx.calendar, ctx.settings, ctx.now
    )
    values = _book_values(principal, booking, slot, notices, ctx)
    try:
        outcome = (await db.execute_query_dict(BOOK, values))[0]
        if not outcome["fresh"]:
            outcome = await _book_locked(principal.id, values)
    except IntegrityError:
        # The code drawn was taken (or a same-day booking slipped past the check): as before.
        raise limits.already_booked() from None
    _refuse(outcome, ctx)
    if notices:
        outbox.OUTBOX_WRITTEN.set(True)  # read once the transaction has committed
    return booking


async def _book_locked(citizen_id: int, values: list[Any]) -> dict[str, Any]:
    """Another booking of this citizen committed meanwhile: the statement again, its snapshot
    taken after the citizen's lock, so it cannot be stale."""
    async with in_transaction() as connection:
        if not await connection.execute_query_dict(LOCK_CITIZEN, [citizen_id]):
            raise Unauthenticated("this account is no longer active", code="account_inactive")
        return (await connection.execute_query_dict(BOOK, values))[0]


def _refuse_unbookable(slot: dict[str, Any], ctx: Context) -> None:
    if slot["slot_id"] is None:
        raise NotFound("no such slot", code="slot_not_found")
    refuse_unbookable(slot["day"], slot["starts_at"], ctx.calendar, ctx.settings, ctx.now)
    if not slot["enabled"]:
        refuse_disabled()


def _new_booking(principal: Principal, slot: dict[str, Any]) -> Booking:
    # Built as the ORM builds a row it read (statements.from_row): Model.__init__'s checks of
    # every field cost a burst more than the booking statement's own work in this process.
    now = datetime.now(UTC)
    row: dict[str, Any] = dict.fromkeys(statements.db_columns(Booking))
    row.update(
        id=slot["booking_id"],
        created_at=now,
        updated_at=now,
        code=new_code(),
        citizen_id=principal.id,
        slot_id=slot["slot_id"],
        hall_id=slot["hall_id"],
        item_id=slot["item_id"],
        day=slot["day"],
        starts_at=slot["starts_at"],
        ends_at=slot["ends_at"],
        status=BookingStatus.BOOKED.value,
        active_key=limits.active_key(principal.id, slot["item_id"], slot["day"]),
    )
    booking = Booking._init_from_db(**row)
    # What the answer shows of them; the rows themselves are not read.
    booking.hall = ServiceHall._init_from_db(id=slot["hall_id"], name=slot["hall_name"])
    booking.item = ServiceItem._init_from_db(id=slot["item_id"], name=slot["item_name"])
    return booking


def _book_values(
    principal: Principal,
    booking: Booking,
    slot: dict[str, Any],
    notices: list[outbox.Notice],
    ctx: Context,
) -> list[Any]:
    actor = principal.actor
    return [
        principal.id, ctx.now, booking.active_key, slot["slot_id"],
        ctx.settings.max_active_bookings, BookingStatus.BOOKED.value, booking.id, booking.code,
        booking.day, booking.starts_at, booking.ends_at, slot["hall_id"], slot["item_id"],
        actor.kind, actor.id, json.dumps(audit_of(booking), separators=(",", ":")),
        actor.request_id, *outbox.notice_parameters(notices, ctx.now),
    ]  # fmt: skip


def _refuse(outcome: dict[str, Any], ctx: Context) -> None:
    """The refusals in create_booking's order; nothing was written when one applies."""
    if outcome["suspended_until"] is not None:
        raise limits.suspended(outcome["suspended_until"], outcome["no_shows"], ctx.calendar)
    if outcome["booked_that_day"]:
        raise limits.already_booked()
    if outcome["active"] >= ctx.settings.max_active_bookings:
        raise limits.too_many(outcome["active"], ctx.settings)
    if not outcome["made"]:
        raise Conflict("this slot is fully booked; pick another time", code="slot_full")
