"""Schemathesis against our own OpenAPI document, on a live server: every operation, each
generated request sent as anonymous, as a citizen and as staff of every role. No 5xx, and every
answer conforms to the document. New operations are covered without touching this file."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fuzz.live_stack import LiveStack

EXAMPLES = int(os.environ.get("MINIAPP_FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
STAFF = ["admin", "jiancha", "chuangkou", "scjg", "huifang"]
# Would revoke the very tokens the other examples use; its behaviour is tested in tests/miniapp_api.
SKIPPED_OPERATIONS = {"logout", "logoutEverywhere"}


@pytest.fixture(scope="session")
def role_headers(live_stack: LiveStack) -> dict[str, dict[str, str]]:
    headers = {"anonymous": {}, "citizen": live_stack.citizen_login("o-fuzz")}
    headers.update({username: live_stack.staff_login(username) for username in STAFF})
    return headers


def test_no_operation_fails_or_breaks_its_contract(
    live_stack: LiveStack, role_headers: dict[str, dict[str, str]]
) -> None:
    schema = schemathesis.openapi.from_url(live_stack.base_url + "/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:
        if operation.definition.raw.get("operationId") in SKIPPED_OPERATIONS:
            continue

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: schemathesis.Case) -> None:
            for headers in role_headers.values():
                response = case.call(base_url=live_stack.base_url, headers=headers)
                case.validate_response(response, checks=CHECKS)

        exercise()
