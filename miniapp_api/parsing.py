"""Reading request input into pydantic models, with errors a client can act on."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

from core.errors import InvalidInput, ValidationFailed
from miniapp_api import bounded_json

ModelT = TypeVar("ModelT", bound=BaseModel)


async def parse_body(request: web.Request, model: type[ModelT]) -> ModelT:
    raw = await request.read()  # raises 413 past the app's client_max_size
    if not raw.strip():
        raise InvalidInput("this request needs a JSON body", code="body_required")
    data = bounded_json.loads(raw)
    if not isinstance(data, dict):
        raise InvalidInput("the body must be a JSON object", code="malformed_json")
    # Strict JSON typing: the document says boolean, integer or date, so 0 is not false, "1" is
    # not 1 and 0 is not 1970-01-01 (lax parsing accepted them: schemathesis' negative checks).
    if _has_integral_float(data):
        # JSON Schema counts 55.0 as an integer; strict parsing would not: hand it 55.
        raw = json.dumps(data, ensure_ascii=False, default=None, allow_nan=False).encode()
    try:
        return model.model_validate_json(raw, strict=True)
    except ValidationError as error:
        raise ValidationFailed("the body has invalid fields", fields=field_errors(error)) from None


def _has_integral_float(value: Any) -> bool:
    """Whether the parsed body holds a float with no fraction; turns each such float into an int
    in place (bodies are small and bounded in depth, so the walk is cheap)."""
    found = False
    stack = [value]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, item in items:
            if isinstance(item, float) and item.is_integer():
                node[key] = int(item)
                found = True
            elif isinstance(item, dict | list):
                stack.append(item)
    return found


def parse_model(model: type[ModelT], data: dict[str, Any], where: str) -> ModelT:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ValidationFailed(
            f"the {where} has invalid fields", fields=field_errors(error)
        ) from None


def field_errors(error: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in error.errors(include_url=False, include_input=False):
        name = ".".join(str(part) for part in item["loc"]) or "(root)"
        fields.setdefault(name, item["msg"])
    return fields
