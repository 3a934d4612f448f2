"""Rotation: values move to the new key in batches while writes go on; none is lost or
corrupted, values under the retired key read meanwhile, and the retired key is then free."""

from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient

from core.crypto import keyring
from core.crypto.keyring import Keyring, demo_keyring
from models.people import Citizen
from models.protection import KeyCanary
from tests.protection.conftest import raw_rows
from workflows.protection import rotation
from workflows.protection.keys import check_canaries

ROWS = 40


async def test_rotation_under_concurrent_writes_loses_and_corrupts_nothing(
    client: TestClient,
) -> None:
    demo = demo_keyring()
    keyring.install(demo)
    await check_canaries(demo)
    for n in range(ROWS):
        await Citizen.create(openid=f"o-{n}", phone=f"1390000{n:04d}", real_name=f"李{n}")
    # The operator adds k2 as the current key; demo stays known (retired) until rotated away.
    ring = Keyring("k2", {"k2": b"\x11" * 16, "demo": demo.keys["demo"]}, demo.index_key)
    keyring.install(ring)
    await check_canaries(ring)
    assert (await Citizen.get(openid="o-3")).phone == "13900000003"  # retired key still reads

    expected = {f"o-{n}": f"1390000{n:04d}" for n in range(ROWS)}

    async def writes() -> None:
        for n in range(0, ROWS, 3):
            phone = f"1880000{n:04d}"
            await Citizen.filter(openid=f"o-{n}").update(phone=phone)
            expected[f"o-{n}"] = phone
            await Citizen.create(openid=f"new-{n}", phone=f"1770000{n:04d}")
            expected[f"new-{n}"] = f"1770000{n:04d}"
            await asyncio.sleep(0)

    done, _ = await asyncio.gather(rotation.rotate(batch=4), writes())
    assert done.get("citizen.phone", 0) > 0
    await rotation.rotate(batch=4)  # a second pass finds nothing left to do

    raw = await raw_rows("SELECT phone, real_name FROM citizen")
    assert all(r["phone"].startswith("sm4:k2:") for r in raw)
    assert all(r["real_name"] is None or r["real_name"].startswith("sm4:k2:") for r in raw)
    read = {c.openid: c.phone for c in await Citizen.all()}
    assert read == expected
    assert {c.openid: c.real_name for c in await Citizen.filter(openid__startswith="o-")} == {
        f"o-{n}": f"李{n}" for n in range(ROWS)
    }
    # No value is under demo any more: its canary is gone, so it may leave the configuration.
    assert await KeyCanary.filter(key_id="demo").count() == 0
    await check_canaries(Keyring("k2", {"k2": b"\x11" * 16}, demo.index_key))
    # The next test's app starts under the demo key again.
    await KeyCanary.all().delete()
    keyring.install(demo)
