"""The OpenAPI 3.1 document, built from the registered operations and their pydantic models."""

from __future__ import annotations

from typing import Any, Literal

from aiohttp import web
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from miniapp_api.idempotency import HEADER as IDEMPOTENCY_HEADER
from miniapp_api.operations import OPERATIONS, Operation, OperationTable
from miniapp_api.write_limits import is_limited_write

table = OperationTable(tags=("system",), audience="public")
REF_TEMPLATE = "#/components/schemas/{model}"
DOCUMENT = web.AppKey("openapi_document", dict)
ERROR_DESCRIPTIONS = {
    400: "Malformed request",
    401: "Not logged in or session expired",
    403: "Not allowed",
    404: "Not found",
    409: "Conflicts with the current state",
    410: "No longer valid",
    413: "Body too large",
    422: "Invalid fields",
    429: "Too many requests (see Retry-After)",
    503: "A service we depend on is unavailable (see Retry-After)",
}


class Problem(BaseModel):
    """Every error answer has this shape."""

    code: str
    message: str
    fields: dict[str, str]


@table.get("/api/openapi.json", "getOpenApi")
async def get_openapi(request: web.Request) -> web.Response:
    """This API's OpenAPI document"""
    return web.json_response(request.app[DOCUMENT])


def build_document(app: web.Application) -> dict[str, Any]:
    operations = app[OPERATIONS]
    Mode = Literal["validation", "serialization"]
    uses: list[tuple[type[BaseModel], Mode]] = [(Problem, "serialization")]
    for op in operations:
        if op.body is not None:
            uses.append((op.body, "validation"))
        if op.response is not None:
            uses.append((op.response, "serialization"))
        uses.extend((model, "serialization") for _, model in op.other_responses)
    keyed, schemas = models_json_schema(uses, ref_template=REF_TEMPLATE)
    components: dict[str, Any] = dict(schemas.get("$defs", {}))

    def ref(model: type[BaseModel], mode: Mode) -> dict[str, Any]:
        return keyed[(model, mode)]

    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, ref, components)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Handheld Office (掌上办) API",
            "version": "1",
            "description": "Backend of the government-services mini-program and staff tools.",
        },
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"session": {"type": "http", "scheme": "bearer"}},
        },
    }


def _operation(op: Operation, ref: Any, components: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "tags": list(op.tags),
        "parameters": _parameters(op, components),
        "responses": {},
    }
    if op.audience != "public":
        spec["security"] = [{"session": []}]
        spec["x-audience"] = op.audience
        if op.roles:
            spec["x-roles"] = [role.value for role in op.roles]
    if op.body is not None:
        spec["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref(op.body, "validation")}},
        }
    if op.form_file:
        form = {"type": "object", "required": [op.form_file],
                "properties": {op.form_file: {"type": "string", "format": "binary"}}}  # fmt: skip
        content = {"multipart/form-data": {"schema": form}}
        spec["requestBody"] = {"required": True, "content": content}
    success: dict[str, Any] = {"description": "OK"}
    if op.file_types:
        binary = {"schema": {"type": "string", "format": "binary"}}
        success["content"] = {media_type: binary for media_type in op.file_types}
    elif op.response is not None:
        success["content"] = {"application/json": {"schema": ref(op.response, "serialization")}}
    elif op.status == 200:
        success["content"] = {"application/json": {"schema": {"type": "object"}}}
    spec["responses"][str(op.status)] = success
    if op.cache is not None:
        etag = {"description": "tag of this answer; send it back in If-None-Match",
                "schema": {"type": "string"}}  # fmt: skip
        success["headers"] = {"ETag": etag}
        spec["responses"]["304"] = {
            "description": "Not modified: the answer is still the one tagged If-None-Match",
            "headers": {"ETag": etag},
        }
    problem = {"application/json": {"schema": ref(Problem, "serialization")}}
    statuses = set(op.errors)
    if op.body is not None or op.form_file:
        statuses |= {400, 413, 422}
    if op.query is not None or op.path_params is not None:
        statuses.add(422)
    if op.audience != "public":
        statuses |= {401, 403}
    if is_limited_write(op.method, op.audience):
        statuses |= {429}
    if op.takes_idempotency_key:
        statuses |= {409, 422}  # key in progress; key reused or malformed
    for status in sorted(statuses):
        spec["responses"][str(status)] = {
            "description": ERROR_DESCRIPTIONS.get(status, "Error"),
            "content": problem,
        }
    for status, model in op.other_responses:
        spec["responses"][str(status)] = {
            "description": ERROR_DESCRIPTIONS.get(status, "Other answer"),
            "content": {"application/json": {"schema": ref(model, "serialization")}},
        }
    return spec


def _parameters(op: Operation, components: dict[str, Any]) -> list[dict[str, Any]]:
    parameters = []
    for location, model in (("path", op.path_params), ("query", op.query)):
        if model is None:
            continue
        schema = model.model_json_schema(ref_template=REF_TEMPLATE)
        components.update(schema.get("$defs", {}))
        required = set(schema.get("required", []))
        for name, field_schema in schema.get("properties", {}).items():
            parameters.append(
                {
                    "name": name,
                    "in": location,
                    "required": location == "path" or name in required,
                    "schema": field_schema,
                }
            )
    if op.takes_idempotency_key:
        parameters.append(IDEMPOTENCY_PARAMETER)
    if op.cache is not None:
        parameters.append(
            {
                "name": "If-None-Match",
                "in": "header",
                "required": False,
                "description": "the ETag of the answer you have: 304 while it still holds",
                "schema": {"type": "string"},
            }
        )
    return parameters


KEY_PATTERN = "^[\\x21-\\x7e]( *[\\x21-\\x7e])*$"
IDEMPOTENCY_PARAMETER = {
    "name": IDEMPOTENCY_HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Makes a retry safe: the same key, caller and request get the stored answer (header "
        "Idempotency-Replayed: true) instead of a second change"
    ),
    # check_key: 1-100 printable ASCII characters once HTTP's surrounding spaces are gone.
    "schema": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": KEY_PATTERN},
}
