"""Bad input gets a JSON problem with a stable code and the right status, never a 500."""

import itertools
import re

import pytest
from aiohttp.test_utils import TestClient

from miniapp_api.errors import request_id_of
from models.people import Citizen


async def _problem(response) -> dict:  # type: ignore[no-untyped-def]
    assert response.content_type == "application/json"
    body = await response.json()
    assert set(body) == {"code", "message", "fields"}
    return body


async def test_malformed_json_is_400(client: TestClient) -> None:
    response = await client.post(
        "/api/auth/login", data=b'{"code": ', headers={"Content-Type": "application/json"}
    )
    assert response.status == 400
    assert (await _problem(response))["code"] == "malformed_json"


@pytest.mark.parametrize("payload", [b"[1, 2]", b'"code"', b"42", b"\xff\xfe"])
async def test_body_that_is_not_a_json_object_is_400(client: TestClient, payload: bytes) -> None:
    response = await client.post("/api/auth/login", data=payload)
    assert response.status == 400
    assert (await _problem(response))["code"] == "malformed_json"


async def test_missing_body_is_400(client: TestClient) -> None:
    response = await client.post("/api/auth/login")
    assert response.status == 400
    assert (await _problem(response))["code"] == "body_required"


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"code": 123}, "code"), ({}, "code"), ({"code": ""}, "code"), ({"code": "x" * 500}, "code")],
)
async def test_wrong_types_and_values_list_the_fields(
    client: TestClient, payload: dict, field: str
) -> None:
    response = await client.post("/api/auth/login", json=payload)
    assert response.status == 422
    body = await _problem(response)
    assert body["code"] == "validation_failed"
    assert field in body["fields"]
    assert not await Citizen.exists()


@pytest.mark.parametrize("settings_overrides", [{"MINIAPP_SERVER_MAX_BODY_BYTES": "2048"}])
async def test_oversize_body_is_413(client: TestClient) -> None:
    response = await client.post("/api/auth/login", json={"code": "x" * 5000})
    assert response.status == 413
    assert (await _problem(response))["code"] == "body_too_large"


async def test_unknown_route_is_a_json_404(client: TestClient) -> None:
    response = await client.get("/api/no-such-thing")
    assert response.status == 404
    assert (await _problem(response))["code"] == "route_not_found"


async def test_wrong_method_is_405_with_allow(client: TestClient) -> None:
    response = await client.delete("/api/me")
    assert response.status == 405
    assert (await _problem(response))["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


async def test_allow_names_only_the_methods_of_the_path_itself(client: TestClient) -> None:
    # /api/cases/lookup also fits GET /api/cases/{case_id}; its own method is POST alone.
    response = await client.options("/api/cases/lookup")
    assert response.status == 405
    assert response.headers["Allow"] == "POST"
    # Nor is it a case id for GET /api/cases/{case_id}: the method is the wrong one.
    response = await client.get("/api/cases/lookup")
    assert response.status == 405
    assert response.headers["Allow"] == "POST"


async def test_path_parameter_of_the_wrong_type_is_422(client: TestClient) -> None:
    response = await client.get("/api/calendar/nineteen")
    assert response.status == 422
    assert "year" in (await _problem(response))["fields"]


async def test_every_answer_carries_a_request_id(client: TestClient) -> None:
    response = await client.get("/healthz", headers={"X-Request-Id": "abc-123"})
    assert response.headers["X-Request-Id"] == "abc-123"
    other = await client.get("/api/none")
    assert len(other.headers["X-Request-Id"]) == 32


HOSTILE_BODIES = {
    "nested_1000": b'{"code": ' + b"[" * 1000 + b"]" * 1000 + b"}",
    "nested_65": b'{"code": ' + b"[" * 64 + b"]" * 64 + b"}",
    "long_int": b'{"code": ' + b"9" * 5000 + b"}",
    "long_int_101": b'{"code": [1, -' + b"9" * 101 + b"]}",
    "long_float": b'{"code": 1.' + b"5" * 5000 + b"}",
    "nan": b'{"code": NaN}',
    "overflowing_float": b'{"code": {"x": [-1e999]}}',
}
PUBLIC_WITH_BODIES = ["/api/auth/login", "/api/auth/staff-login", "/api/cases/lookup"]


@pytest.mark.parametrize("path", PUBLIC_WITH_BODIES)
@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
async def test_hostile_json_is_a_400_without_a_traceback(
    client: TestClient, path: str, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO")
    response = await client.post(
        path, data=HOSTILE_BODIES[name], headers={"Content-Type": "application/json"}
    )
    assert response.status == 400
    body = await _problem(response)
    assert body["code"] == "malformed_json"
    reason = {"nested": "nesting deeper than 64", "long": "longer than 100 digits"}
    reason |= {"nan": "not a JSON number", "overflowing": "too large for a float"}
    assert reason[name.split("_")[0]] in body["message"]
    assert not [r for r in caplog.records if r.exc_info or r.levelname in ("ERROR", "CRITICAL")]
    assert all(len(r.getMessage()) < 300 for r in caplog.records)


async def test_bodies_at_the_limits_are_read(client: TestClient) -> None:
    # 64 levels and a 100-digit number are still JSON we read (and then validate).
    deep = b'{"code": ' + b"[" * 63 + b"]" * 63 + b"}"
    long_number = b'{"code": -' + b"9" * 100 + b"}"
    for payload in (deep, long_number):
        response = await client.post("/api/auth/login", data=payload)
        assert response.status == 422
        assert (await _problem(response))["code"] == "validation_failed"


class _Transport:
    """Just enough of asyncio.Transport for problem_for to ask whether the peer is gone."""

    def __init__(self, closing: bool) -> None:
        self.closing = closing

    def is_closing(self) -> bool:
        return self.closing

    def get_extra_info(self, name: str, default: object = None) -> object:
        return ("127.0.0.1", 50000) if name == "peername" else default


@pytest.mark.parametrize(("closing", "status", "logged"), [(True, 499, False), (False, 503, True)])
async def test_a_client_hanging_up_is_not_called_a_database_outage(
    caplog: pytest.LogCaptureFixture, closing: bool, status: int, logged: bool
) -> None:
    """Found under wrk: every run ends with clients hanging up mid-body, and each one was logged
    as "database unavailable" with a traceback. Only a reset on a live connection is an outage."""
    from aiohttp.test_utils import make_mocked_request

    from miniapp_api.errors import problem_for

    request = make_mocked_request("POST", "/api/cases", transport=_Transport(closing))
    # What aiohttp's payload raises when the peer resets while its body is read.
    response = problem_for(request, ConnectionResetError("Connection lost"))
    assert response.status == status
    assert ("database unavailable" in caplog.text) is logged


def test_request_ids_are_new_each_time_unless_the_caller_gave_a_plain_one() -> None:
    in_turn = [request_id_of(None) for _ in range(1000)] + [request_id_of("") for _ in range(1000)]
    assert len(set(in_turn)) == 2000
    assert all(re.fullmatch(r"[0-9a-f]{32}", made_id) for made_id in in_turn)
    # Not a count: one id does not tell a client how many requests came before the next.
    assert all(a[:16] != b[:16] for a, b in itertools.pairwise(in_turn))
    assert request_id_of("abc-123") == "abc-123"
    assert len(request_id_of("x" * 65)) == 32  # too long to log safely
    assert len(request_id_of("编号")) == 32  # not plain ASCII
