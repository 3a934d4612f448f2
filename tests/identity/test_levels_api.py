"""Assurance levels over HTTP, through the WeChat and identity-platform simulators: each level is
reached from its real source, shown masked, audited; each refusal is a 4xx that stores nothing
and leaves an audit entry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient

from devtools.idp_sim import IdpState
from devtools.wechat_sim import SimulatorState
from models.audit import AuditRecord
from models.people import AssuranceLevel, Citizen
from tests.identity.conftest import BAD_CHECKSUM, ID_NUMBER, person, sign_in_at_platform

Login = Callable[[str], Awaitable[dict[str, Any]]]
Verify = Callable[..., Awaitable[ClientResponse]]


async def _me(client: TestClient, headers: dict[str, Any]) -> dict[str, Any]:
    response = await client.get("/api/identity", headers=headers)
    assert response.status == 200
    return await response.json()


async def _refusals(code: str) -> int:
    return await AuditRecord.filter(
        action="identity.refused", after__contains={"code": code}
    ).count()


async def _refusal_codes() -> list[str]:
    return [r.after["code"] for r in await AuditRecord.filter(action="identity.refused")]


async def test_new_citizen_is_l0(client: TestClient, login_citizen: Login) -> None:
    me = await _me(client, await login_citizen("o-new"))
    assert me["level"] == "L0"
    assert me["real_name"] is None


async def test_phone_code_exchanged_server_side_gives_l1(
    client: TestClient, login_citizen: Login, verify_phone: Verify
) -> None:
    headers = await login_citizen("o-phone")
    response = await verify_phone(headers, "13800138000")
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body["level"] == "L1"
    assert body["phone"] == "138****8000"
    assert body["steps"][1]["via"] == "wechat_phone"
    citizen = await Citizen.get(openid="o-phone")
    assert citizen.phone == "13800138000"
    audit = await AuditRecord.get(action="citizen.phone_verified")
    assert "13800138000" not in str(audit.after)


async def test_replayed_phone_code_is_refused_and_audited(
    client: TestClient, login_citizen: Login, sim_state: SimulatorState
) -> None:
    headers = await login_citizen("o-replay")
    code = sim_state.identity.issue_phone_code(sim_state.appid, "13800138000", sim_state.now())
    assert (
        await client.post("/api/identity/phone", json={"code": code}, headers=headers)
    ).status == 200
    again = await client.post("/api/identity/phone", json={"code": code}, headers=headers)
    assert again.status == 403
    assert (await again.json())["code"] == "phone_code_invalid"
    assert await _refusal_codes() == ["phone_code_invalid"]


async def test_identity_platform_sign_in_gives_l2_with_masked_data(
    client: TestClient, login_citizen: Login, verify_identity: Verify
) -> None:
    headers = await login_citizen("o-l2")
    response = await verify_identity(headers)
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body["level"] == "L2"
    assert body["id_number"] == "1101**********002X"
    assert body["real_name"] == "张**"
    assert body["steps"][2]["via"] == "province_idp"
    citizen = await Citizen.get(openid="o-l2")
    assert citizen.id_number == ID_NUMBER
    assert citizen.id_number_hash and ID_NUMBER not in citizen.id_number_hash
    audit = await AuditRecord.get(action="citizen.identity_verified")
    assert ID_NUMBER not in str(audit.after)


@pytest.mark.parametrize(
    ("tampering", "code"),
    [
        ({"wrong_key": True}, "idp_bad_signature"),
        ({"claims": {"iss": "https://evil.example"}}, "idp_bad_issuer"),
        ({"claims": {"aud": "another-client"}}, "idp_bad_audience"),
        ({"claims": {"nonce": "not-ours"}}, "idp_bad_nonce"),
        ({"claims": {"exp": 1_000_000_000}}, "idp_token_expired"),
        ({"claims": {"id_card_number": BAD_CHECKSUM}}, "id_number_checksum"),
        ({"claims": {"auth_level": "9"}}, "idp_unknown_level"),
    ],
)
async def test_bad_id_token_is_refused_nothing_stored_and_audited(
    client: TestClient,
    login_citizen: Login,
    verify_identity: Verify,
    idp_state: IdpState,
    tampering: dict[str, Any],
    code: str,
) -> None:
    headers = await login_citizen("o-bad")
    from devtools.idp_sim.state import Tampering

    idp_state.tampering = Tampering(**tampering)
    response = await verify_identity(headers)
    assert response.status == 403, await response.text()
    assert (await response.json())["code"] == code
    citizen = await Citizen.get(openid="o-bad")
    assert (citizen.assurance, citizen.id_number, citizen.real_name) == (
        AssuranceLevel.L0,
        None,
        None,
    )
    assert await _refusal_codes() == [code]


async def test_forged_or_replayed_platform_code_is_refused(
    client: TestClient, login_citizen: Login
) -> None:
    headers = await login_citizen("o-forge")
    _, state = await sign_in_at_platform(client, headers, "p-zhang")
    forged = await client.post(
        "/api/identity/platform/callback", json={"code": "forged", "state": state}, headers=headers
    )
    assert (forged.status, (await forged.json())["code"]) == (403, "idp_code_invalid")
    # The state was used up by that attempt: replaying it is refused before the platform is asked.
    replay = await client.post(
        "/api/identity/platform/callback", json={"code": "forged", "state": state}, headers=headers
    )
    assert (replay.status, (await replay.json())["code"]) == (403, "idp_state_invalid")
    assert await _refusal_codes() == ["idp_code_invalid", "idp_state_invalid"]
    assert (await Citizen.get(openid="o-forge")).assurance == AssuranceLevel.L0


async def test_state_started_by_another_citizen_is_refused(
    client: TestClient, login_citizen: Login
) -> None:
    alice, mallory = await login_citizen("o-alice"), await login_citizen("o-mallory")
    code, state = await sign_in_at_platform(client, alice, "p-zhang")
    stolen = await client.post(
        "/api/identity/platform/callback", json={"code": code, "state": state}, headers=mallory
    )
    assert (stolen.status, (await stolen.json())["code"]) == (403, "idp_state_invalid")
    assert await Citizen.filter(assurance=AssuranceLevel.L2).count() == 0
    # The attempt did not use up Alice's sign-in.
    own = await client.post(
        "/api/identity/platform/callback", json={"code": code, "state": state}, headers=alice
    )
    assert own.status == 200, await own.text()


async def test_identity_bound_elsewhere_is_409_until_rebound_after_verification(
    client: TestClient, login_citizen: Login, verify_identity: Verify
) -> None:
    old_phone, new_phone = await login_citizen("o-old"), await login_citizen("o-new")
    assert (await verify_identity(old_phone)).status == 200
    conflict = await verify_identity(new_phone)
    assert conflict.status == 409
    assert (await conflict.json())["code"] == "identity_bound_elsewhere"
    assert (await Citizen.get(openid="o-new")).assurance == AssuranceLevel.L0
    rebound = await verify_identity(new_phone, rebind=True)
    assert rebound.status == 200, await rebound.text()
    old, new = await Citizen.get(openid="o-old"), await Citizen.get(openid="o-new")
    assert (old.assurance, old.id_number) == (AssuranceLevel.L0, None)
    assert (new.assurance, new.id_number) == (AssuranceLevel.L2, ID_NUMBER)
    assert await AuditRecord.filter(action="citizen.identity_unbound").count() == 1


async def test_platform_level_three_maps_to_configured_level(
    client: TestClient, login_citizen: Login, verify_identity: Verify, idp_state: IdpState
) -> None:
    idp_state.register_user("p-li", person("李四", "110101199003074477", level="3"))
    headers = await login_citizen("o-li")
    response = await verify_identity(headers, "p-li")
    assert response.status == 200, await response.text()
    assert (await response.json())["level"] == "L2"


async def test_face_check_after_l2_gives_l3_and_only_wechats_answer_counts(
    client: TestClient, login_citizen: Login, verify_identity: Verify, sim_state: SimulatorState
) -> None:
    headers = await login_citizen("o-face")
    early = await client.post("/api/identity/face/start", headers=headers)
    assert (early.status, (await early.json())["code"]) == (403, "assurance_required")
    assert (await verify_identity(headers)).status == 200
    started = await client.post("/api/identity/face/start", headers=headers)
    assert started.status == 200, await started.text()
    verify_id = (await started.json())["verify_id"]
    finish = {"verify_id": verify_id}
    not_yet = await client.post("/api/identity/face/finish", json=finish, headers=headers)
    assert (not_yet.status, (await not_yet.json())["code"]) == (409, "face_not_finished")
    sim_state.identity.faces[verify_id].verify_ret = 90002  # the person cancelled
    failed = await client.post("/api/identity/face/finish", json=finish, headers=headers)
    assert (failed.status, (await failed.json())["code"]) == (403, "face_not_verified")
    assert (await Citizen.get(openid="o-face")).assurance == AssuranceLevel.L2
    again = await client.post("/api/identity/face/start", headers=headers)
    verify_id = (await again.json())["verify_id"]
    sim_state.identity.faces[verify_id].verify_ret = 10000
    done = await client.post(
        "/api/identity/face/finish", json={"verify_id": verify_id}, headers=headers
    )
    assert done.status == 200, await done.text()
    assert (await done.json())["level"] == "L3"


async def test_rotated_platform_key_is_fetched_and_accepted(
    client: TestClient,
    login_citizen: Login,
    verify_identity: Verify,
    idp_state: IdpState,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import core.oidc
    from devtools.idp_sim.state import new_key

    monkeypatch.setattr(core.oidc, "JWKS_REFRESH_SECONDS", 0.0)
    idp_state.register_user("p-li", person("李四", "110101199003074477"))
    assert (await verify_identity(await login_citizen("o-first"))).status == 200
    idp_state.key = new_key("idp-key-2")  # the platform rotates; our cached key set is stale
    second = await verify_identity(await login_citizen("o-second"), "p-li")
    assert second.status == 200, await second.text()


async def test_claims_the_id_token_leaves_out_come_from_userinfo(
    client: TestClient, login_citizen: Login, verify_identity: Verify, idp_state: IdpState
) -> None:
    from devtools.idp_sim.state import Tampering

    idp_state.tampering = Tampering(claims={"name": None, "id_card_number": None})
    response = await verify_identity(await login_citizen("o-userinfo"))
    assert response.status == 200, await response.text()
    assert (await Citizen.get(openid="o-userinfo")).id_number == ID_NUMBER
