"""Anonymous progress lookup: the right code shows progress, masked; a wrong code and an unknown
number look the same; repeated tries are throttled per number and per address."""

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

Login = Callable[[str], Awaitable[dict[str, Any]]]
Apply = Callable[..., Awaitable[dict[str, Any]]]


async def _lookup(client: TestClient, **body: str) -> Any:
    return await client.post("/api/cases/lookup", json=body)


async def test_number_and_code_show_progress_with_personal_data_masked(
    client: TestClient, login_citizen: Login, apply: Apply
) -> None:
    submitted = await apply(await login_citizen("openid-a"))
    case_no = submitted["case"]["case_no"]
    response = await _lookup(client, case_no=case_no, secret=submitted["lookup_secret"].lower())
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body["status_label"] == "已提交" and body["applicant_name"] == "张**"
    assert body["timeline"][0]["department"] == "部门 DEPT-A"
    assert "form" not in body and "13812345678" not in str(body)
    by_phone = await _lookup(client, case_no=case_no, phone_last4="5678")
    assert by_phone.status == 200


async def test_wrong_code_and_unknown_number_answer_identically(
    client: TestClient, login_citizen: Login, apply: Apply
) -> None:
    submitted = await apply(await login_citizen("openid-a"))
    case_no = submitted["case"]["case_no"]
    unknown_no = str(int(case_no) + 500)
    answers = [
        await _lookup(client, case_no=case_no, secret="WRONGCDE"),
        await _lookup(client, case_no=unknown_no, secret="WRONGCDE"),
        await _lookup(client, case_no=case_no, phone_last4="0000"),
        await _lookup(client, case_no=unknown_no, phone_last4="0000"),
    ]
    bodies = [await a.json() for a in answers]
    assert {a.status for a in answers} == {404}
    assert all(b == bodies[0] for b in bodies)
    assert bodies[0]["code"] == "case_lookup_failed"
    headers = [{k: v for k, v in a.headers.items() if k.lower() not in ("date", "x-request-id")}
               for a in answers]  # fmt: skip
    assert all(h == headers[0] for h in headers)


@pytest.mark.parametrize(
    "settings_overrides",
    [
        {
            "MINIAPP_CASES_LOOKUP_PER_CASE_PER_HOUR": "3",
            "MINIAPP_CASES_LOOKUP_PER_IP_PER_MINUTE": "50",
        }
    ],
)
async def test_guessing_one_number_is_throttled_whether_or_not_it_exists(
    client: TestClient, login_citizen: Login, apply: Apply
) -> None:
    submitted = await apply(await login_citizen("openid-a"))
    case_no = submitted["case"]["case_no"]
    for number in (case_no, str(int(case_no) + 500)):
        statuses = [
            (await _lookup(client, case_no=number, phone_last4=f"{n:04d}")).status for n in range(4)
        ]
        assert statuses == [404, 404, 404, 429]
        blocked = await _lookup(client, case_no=number, phone_last4="5678")
        assert blocked.status == 429 and int(blocked.headers["Retry-After"]) > 0


@pytest.mark.parametrize(
    "settings_overrides",
    [
        {
            "MINIAPP_CASES_LOOKUP_PER_IP_PER_MINUTE": "2",
            "MINIAPP_CASES_LOOKUP_PER_CASE_PER_HOUR": "50",
        }
    ],
)
async def test_one_address_trying_many_numbers_is_throttled(client: TestClient) -> None:
    statuses = [
        (await _lookup(client, case_no=f"20261123{n:05d}", secret="ABCDEFGH")).status
        for n in range(3)
    ]
    assert statuses == [404, 404, 429]


async def test_lookup_needs_exactly_one_proof(client: TestClient) -> None:
    neither = await _lookup(client, case_no="2026112300001")
    both = await _lookup(client, case_no="2026112300001", secret="ABCDEFGH", phone_last4="1234")
    assert neither.status == both.status == 422


@pytest.mark.parametrize("settings_overrides", [{"MINIAPP_SERVER_TRUSTED_PROXIES": "127.0.0.1"}])
async def test_a_strangers_guesses_never_block_the_applicant(
    client: TestClient, login_citizen: Login, apply: Apply
) -> None:
    owner = await login_citizen("openid-a")
    submitted = await apply(owner)
    case_no, secret = submitted["case"]["case_no"], submitted["lookup_secret"]
    stranger = {"X-Forwarded-For": "203.0.113.66"}
    guesses = [
        await client.post(
            "/api/cases/lookup", json={"case_no": case_no, "phone_last4": f"{n:04d}"},
            headers=stranger,
        )
        for n in range(11)
    ]  # fmt: skip
    assert [g.status for g in guesses] == [404] * 10 + [429]
    # The guesser is held back; the applicant, from their own address, is not.
    mine = await client.post(
        "/api/cases/lookup",
        json={"case_no": case_no, "secret": secret},
        headers={"X-Forwarded-For": "198.51.100.7"},
    )
    assert mine.status == 200, await mine.text()
    # Logged in, the applicant reads their case whatever address they come from.
    case_id = submitted["case"]["id"]
    own = await client.get(f"/api/cases/{case_id}", headers={**owner, **stranger})
    assert own.status == 200
