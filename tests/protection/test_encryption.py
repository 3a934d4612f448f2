"""Personal data at rest: the database holds ciphertext, lookups still work, and a value
under an unknown or wrong key fails loudly instead of reading as garbage."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from aiohttp.test_utils import TestClient
from tortoise import connections

from core.crypto import keyring
from core.crypto.keyring import CryptoError, Keyring, KeyringMissing, UnknownKey, demo_keyring
from models.people import Citizen
from models.tickets import Ticket
from tests.protection.conftest import ID_NUMBER, NAME, PHONE, raw_rows
from workflows.protection.keys import WrongKeys, check_canaries

MIGRATION = __import__("models.migrations.0023_protection", fromlist=["encrypt_existing_rows"])


async def test_database_holds_no_clear_phone_id_number_or_name(
    client: TestClient, login_citizen, apply
) -> None:
    submitted = await apply(await login_citizen("openid-a"))
    ticket = await client.post(
        "/api/tickets",
        json={
            "column": "consult",
            "title": "咨询营业执照",
            "content": "请问变更登记要多久",
            "contact_name": NAME,
            "contact_phone": PHONE,
            "contact_preference": "phone",
        },
        headers=await login_citizen("openid-a"),
    )
    assert ticket.status == 201, await ticket.text()
    dump = str(await raw_rows("SELECT * FROM service_case")) + str(
        await raw_rows("SELECT * FROM ticket")
    )
    for clear in (PHONE, ID_NUMBER, NAME, PHONE[-4:]):
        assert clear not in dump
    case = (await raw_rows("SELECT applicant_phone, applicant_id_number FROM service_case"))[0]
    assert case["applicant_phone"].startswith("sm4:demo:")
    assert case["applicant_id_number"].startswith("sm4:demo:")
    # The ORM reads them back whole, and the lookup by phone's last four still works.
    assert (await Ticket.first()).contact_phone == PHONE
    lookup = await client.post(
        "/api/cases/lookup",
        json={"case_no": submitted["case"]["case_no"], "phone_last4": PHONE[-4:]},
    )
    assert lookup.status == 200, await lookup.text()


async def test_a_filter_on_an_encrypted_column_is_refused_not_silently_empty(
    client: TestClient,
) -> None:
    with pytest.raises(TypeError, match="blind index"):
        await Ticket.filter(contact_phone=PHONE).count()


async def test_migration_seals_rows_stored_in_clear(client: TestClient) -> None:
    await Citizen.create(openid="o-clear")
    db = connections.get("default")
    mark = "?" if db.capabilities.dialect == "sqlite" else "$1"
    await db.execute_query(
        f"UPDATE citizen SET phone = {mark}, id_number = {mark.replace('1', '2')}"
        if mark != "?"
        else "UPDATE citizen SET phone = ?, id_number = ?",
        [PHONE, ID_NUMBER],
    )
    await MIGRATION.encrypt_existing_rows(None, SimpleNamespace(client=db))
    raw = (await raw_rows("SELECT phone, id_number FROM citizen"))[0]
    assert raw["phone"].startswith("sm4:") and raw["id_number"].startswith("sm4:")
    citizen = await Citizen.get(openid="o-clear")
    assert (citizen.phone, citizen.id_number) == (PHONE, ID_NUMBER)


async def test_value_under_an_unknown_key_fails_loudly_without_showing_it(
    client: TestClient,
) -> None:
    stranger = Keyring("zz", {"zz": b"\x01" * 16}, b"\x02" * 32)
    sealed = stranger.encrypt(PHONE, "citizen.phone")
    await Citizen.create(openid="o-x")
    db = connections.get("default")
    mark = "?" if db.capabilities.dialect == "sqlite" else "$1"
    await db.execute_query(f"UPDATE citizen SET phone = {mark}", [sealed])
    with pytest.raises(UnknownKey) as caught:
        await Citizen.get(openid="o-x")
    assert PHONE not in str(caught.value) and sealed not in str(caught.value)


async def test_a_tampered_value_does_not_decrypt(client: TestClient) -> None:
    ring = demo_keyring()
    sealed = ring.encrypt(PHONE, "citizen.phone")
    flipped = sealed[:-3] + ("A" if sealed[-3] != "A" else "B") + sealed[-2:]
    with pytest.raises(CryptoError, match="does not authenticate"):
        ring.decrypt(flipped, "citizen.phone")
    # Bound to its column: moved to another column it does not read either.
    with pytest.raises(CryptoError):
        ring.decrypt(sealed, "ticket.contact_phone")


async def test_wrong_or_missing_key_refuses_to_start(client: TestClient) -> None:
    # A start under the demo key leaves its canary (the fixture wiped the app's own).
    await check_canaries(demo_keyring())
    wrong_same_id = Keyring("demo", {"demo": b"\x03" * 16}, b"\x04" * 32)
    with pytest.raises(WrongKeys, match="not the key"):
        await check_canaries(wrong_same_id)
    other = Keyring("k9", {"k9": b"\x05" * 16}, b"\x06" * 32)
    with pytest.raises(WrongKeys, match="not configured"):
        await check_canaries(other)
    with pytest.raises(KeyringMissing):
        keyring.load_keyring("", "", "", demo_keys=False)
    # A key file inside the repository is refused.
    with pytest.raises(CryptoError, match="inside the repository"):
        keyring.load_keyring("", "", "config.toml", demo_keys=False)
