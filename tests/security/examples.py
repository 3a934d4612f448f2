"""A valid request body for any operation, made from the OpenAPI document's own schema.

The sweep needs bodies that pass validation, or a 422 would hide whether the object check ran.
Where the smallest valid value per the schema is not enough, name the operation in BODIES.
"""

from __future__ import annotations

import io
from typing import Any

import aiohttp
from PIL import Image

BODIES: dict[str, dict[str, Any]] = {
    "recordCaseFee": {"state": "paid", "means": "window"},
    "decideCorrection": {"corrected": False, "answer": "已核实"},
    "transitionCase": {"action": "accept"},
    "screenTicket": {"accept": True},
    "closeTicket": {"closure": "resolved", "summary": "已处理"},
    "checkIn": {"booking_code": "ABCD1234"},
    "recordCallback": {"method": "phone", "reached": False},
    "rescheduleBooking": {"slot_id": 1},
    "requestInvalidReview": {"classification": "malicious", "reason": "评价人承认误操作"},
    "receiveAtWindow": {
        "item_code": "ITEM-X",
        "applicant_name": "张三",
        "applicant_phone": "13812345678",
    },
    "receiveBundleAtWindow": {"applicant_name": "张三", "applicant_phone": "13812345678"},
    "submitOnBehalf": {
        "item_code": "ITEM-X",
        "applicant_name": "张三",
        "applicant_phone": "13812345678",
        "applicant_id_number": "11010519491231002X",
        "consent_ref": "委托书-1",
    },
    "reassignCase": {"department_code": "DEPT-Y", "reason": "职责调整"},
    "reassignTicket": {"department_code": "DEPT-Y", "reason": "职责调整"},
    # A duplicate after the lead ticket: the lead is looked up (and its reach checked) first.
    "mergeTickets": {"duplicate_ids": [2**62]},
    "changeHallPost": {"username": "clerk-x", "kind": "comprehensive_window"},
    "startParallel": {"co_departments": [{"department_code": "DEPT-Y", "limit_working_days": 3}]},
}
# Required query parameters the schema's smallest value would not satisfy (a material the guide
# of the sweep's item lists).
QUERIES: dict[str, dict[str, Any]] = {
    "uploadMaterial": {"item_code": "ITEM-X", "material": "身份证复印件"},
    "uploadCaseMaterial": {"material": "身份证复印件"},
}


def _tiny_png() -> bytes:
    """A whole 1x1 PNG: an upload that passes the content checks, so the sweep reaches the object
    check behind them."""
    out = io.BytesIO()
    Image.new("L", (1, 1), 128).save(out, format="PNG")
    return out.getvalue()


TINY_PNG = _tiny_png()


def upload_form() -> aiohttp.FormData:
    """A multipart form with TINY_PNG as its file (a form is spent once sent)."""
    form = aiohttp.FormData()
    form.add_field("file", TINY_PNG, filename="scan.png", content_type="image/png")
    return form


def request_kwargs(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    """What to pass to the test client's request(): the required query parameters, and a JSON
    body, a multipart form, or nothing."""
    kwargs: dict[str, Any] = {}
    query = example_query(document, operation)
    if query:
        kwargs["params"] = query
    if "requestBody" not in operation:
        return kwargs
    if "multipart/form-data" in operation["requestBody"]["content"]:
        kwargs["data"] = upload_form()
    else:
        kwargs["json"] = example_body(document, operation)
    return kwargs


def example_query(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    if operation["operationId"] in QUERIES:
        return QUERIES[operation["operationId"]]
    values = {
        p["name"]: _example(document, p.get("schema", {"type": "string"}))
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    return {name: str(v).lower() if isinstance(v, bool) else v for name, v in values.items()}


def example_body(document: dict[str, Any], operation: dict[str, Any]) -> Any:
    if operation["operationId"] in BODIES:
        return BODIES[operation["operationId"]]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    return _example(document, schema)


def _example(document: dict[str, Any], schema: dict[str, Any]) -> Any:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _example(document, document["components"]["schemas"][name])
    if "properties" in schema:
        # An object whose oneOf/anyOf only says which fields are required (LookupIn): take the
        # first choice's fields; if/then rules hold for the first enum values already.
        required = list(schema.get("required", []))
        for key in ("anyOf", "oneOf"):
            required += schema.get(key, [{}])[0].get("required", [])
        properties = schema["properties"]
        return {name: _example(document, properties[name]) for name in required}
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return _example(document, options[0])
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type", "object")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: _example(document, properties[name]) for name in schema.get("required", [])}
    if kind == "array":
        return [_example(document, schema["items"]) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if schema.get("format") == "date-time":
        return "2026-12-01T10:00:00+08:00"
    if schema.get("format") == "date":
        return "2026-12-01"
    return "测" * max(1, int(schema.get("minLength", 1)))
