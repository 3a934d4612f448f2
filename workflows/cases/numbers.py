"""Case numbers (YYYYMMDD + a 5-digit daily sequence) and lookup secrets.

The number is for people to read out; it is guessable, so anonymous lookups also need the
secret (8 characters, no look-alike letters) or the applicant's phone last 4 digits.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.cases import CaseNumberCounter
from workflows.calendar import WorkingCalendar

SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no I, L, O, 0, 1
SECRET_LENGTH = 8


async def allocate_case_no(calendar: WorkingCalendar, now: datetime) -> str:
    """Call inside the case's transaction: the counter row stays locked until it commits."""
    day = calendar.local_date(now).strftime("%Y%m%d")
    for _ in range(3):
        # UPDATE takes the row lock on PostgreSQL, so concurrent servers queue here.
        if await CaseNumberCounter.filter(day=day).update(last_seq=F("last_seq") + 1):
            row = await CaseNumberCounter.get(day=day)
            return f"{day}{row.last_seq:05d}"
        try:
            async with in_transaction():  # a savepoint: a lost race rolls back only this
                await CaseNumberCounter.create(day=day, last_seq=1)
            return f"{day}{1:05d}"
        except IntegrityError:
            continue  # another request created today's row first: increment it
    raise RuntimeError("could not allocate a case number")


def new_lookup_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


def normalise_secret(secret: str) -> str:
    return secret.strip().upper().replace(" ", "").replace("-", "")


def secret_hash(case_no: str, secret: str) -> str:
    return hashlib.sha256(f"{case_no}:{normalise_secret(secret)}".encode()).hexdigest()


def secret_matches(case_no: str, secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(secret_hash(case_no, secret), stored_hash)
