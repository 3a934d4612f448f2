"""The OpenAPI document lists every operation with a stable operationId and real schemas."""

from aiohttp.test_utils import TestClient


async def test_document_lists_the_foundation_operations(client: TestClient) -> None:
    response = await client.get("/api/openapi.json")
    assert response.status == 200
    document = await response.json()
    assert document["openapi"].startswith("3.")
    operations = {
        op["operationId"]: (path, method, op)
        for path, methods in document["paths"].items()
        for method, op in methods.items()
    }
    assert {"health", "login", "getMe", "staffLogin", "logout", "loadCalendarYear"} <= set(
        operations
    )
    path, method, login = operations["login"]
    assert (path, method) == ("/api/auth/login", "post")
    body_schema = login["requestBody"]["content"]["application/json"]["schema"]
    login_in = document["components"]["schemas"][body_schema["$ref"].rsplit("/", 1)[1]]
    assert login_in["required"] == ["code"]
    assert {"400", "422", "429", "503"} <= set(login["responses"])
    _, _, get_me = operations["getMe"]
    assert get_me["security"] == [{"session": []}]
    assert "401" in get_me["responses"]
    _, _, load_year = operations["loadCalendarYear"]
    assert load_year["x-roles"] == ["admin"]
    assert load_year["parameters"][0]["name"] == "year"


async def test_operation_ids_are_unique(client: TestClient) -> None:
    document = await (await client.get("/api/openapi.json")).json()
    ids = [op["operationId"] for methods in document["paths"].values() for op in methods.values()]
    assert len(ids) == len(set(ids))
