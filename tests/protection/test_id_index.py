"""The ID-number index is an HMAC-SM3 blind index (密评: 国密 only), and the migration that
replaced the old HMAC-SHA256 index re-links every stored record to its person."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from aiohttp.test_utils import TestClient
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from tortoise import connections

from core.config import ConfigError, load_settings
from core.crypto.keyring import current
from models.cases import Case
from models.people import Citizen
from tests.protection.conftest import ID_NUMBER, raw_rows
from workflows.audit import Actor
from workflows.identity.idnumber import id_hash
from workflows.identity.walk_ins import claim_walk_ins

MIGRATION = __import__("models.migrations.0024_id_index_sm3", fromlist=["reindex_id_numbers"])
OLD_KEY = b"the retired [identity] id_hash_key"


def old_index(number: str) -> str:
    """What the index was before: HMAC-SHA256 under [identity] id_hash_key."""
    return hmac.new(OLD_KEY, number.encode(), hashlib.sha256).hexdigest()


def sm3_index(number: str) -> str:
    """The index computed independently of our code: HMAC-SM3 under the index key."""
    mac = crypto_hmac.HMAC(current().index_key, hashes.SM3())
    mac.update(f"id_number\x00{number}".encode())
    return mac.finalize().hex()


async def set_raw(table: str, column: str, value: str | None, row_id: int) -> None:
    db = connections.get("default")
    marks = ("?", "?") if db.capabilities.dialect == "sqlite" else ("$1", "$2")
    await db.execute_query(
        f'UPDATE "{table}" SET "{column}" = {marks[0]} WHERE id = {marks[1]}', [value, row_id]
    )


async def test_the_index_is_hmac_sm3_under_the_index_key(client: TestClient) -> None:
    assert id_hash(ID_NUMBER) == sm3_index(ID_NUMBER)
    assert id_hash(ID_NUMBER.lower()) == id_hash(ID_NUMBER)  # normalised before hashing
    assert id_hash(ID_NUMBER) != old_index(ID_NUMBER)


async def test_the_migration_relinks_people_cases_reviews_and_tickets(
    client: TestClient, login_citizen, apply
) -> None:
    submitted = await apply(await login_citizen("o-verified"))
    citizen = await Citizen.get(openid="o-verified")
    citizen.id_number = ID_NUMBER
    await citizen.save()
    await set_raw("citizen", "id_number_hash", old_index(ID_NUMBER), citizen.id)
    # The applied case carries the typed number; a second case only the person's old index.
    await set_raw(
        "service_case", "applicant_id_hash", old_index(ID_NUMBER), submitted["case"]["id"]
    )
    walk_in = await apply(await login_citizen("o-other"))
    walk_in_id = walk_in["case"]["id"]
    await Case.filter(id=walk_in_id).update(citizen_id=None, channel="window")
    await set_raw("service_case", "applicant_id_number", "", walk_in_id)
    await set_raw("service_case", "applicant_id_hash", old_index(ID_NUMBER), walk_in_id)
    ticket_rows = await raw_rows("SELECT id FROM ticket")
    assert ticket_rows == []  # nothing else indexed: only what this test put there

    await MIGRATION.reindex_id_numbers(None, SimpleNamespace(client=connections.get("default")))

    expected = sm3_index(ID_NUMBER)
    assert (await raw_rows("SELECT id_number_hash FROM citizen WHERE openid = 'o-verified'"))[0][
        "id_number_hash"
    ] == expected
    cases = {row["id"]: row["applicant_id_hash"] for row in await raw_rows(
        "SELECT id, applicant_id_hash FROM service_case"
    )}  # fmt: skip
    assert cases[submitted["case"]["id"]] == expected
    assert cases[walk_in_id] == expected  # followed its person through the old index
    # Linking works under the new index: the walk-in case becomes the verified person's.
    citizen = await Citizen.get(openid="o-verified")
    assert await claim_walk_ins(Actor.system("test"), citizen, datetime.now(UTC)) == 1
    assert (await Case.get(id=walk_in_id)).citizen_id == citizen.id  # type: ignore[attr-defined]


async def test_an_index_no_sealed_number_explains_is_dropped(
    client: TestClient, login_citizen, apply
) -> None:
    submitted = await apply(await login_citizen("o-x"))
    case_id = submitted["case"]["id"]
    await set_raw("service_case", "applicant_id_number", "", case_id)
    await set_raw("service_case", "applicant_id_hash", old_index("nobody we know"), case_id)
    await MIGRATION.reindex_id_numbers(None, SimpleNamespace(client=connections.get("default")))
    row = (await raw_rows("SELECT applicant_id_hash FROM service_case"))[0]
    assert row["applicant_id_hash"] is None


def test_the_retired_key_setting_is_refused_with_what_replaced_it() -> None:
    with pytest.raises(ConfigError, match=r"retired.*MINIAPP_PROTECTION_INDEX_KEY") as caught:
        load_settings(environ={"MINIAPP_IDENTITY_ID_HASH_KEY": "an old secret"})
    assert "an old secret" not in str(caught.value)
