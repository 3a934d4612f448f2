"""Declaring an API operation once: route, operationId, request and response models, audience.

The same pydantic models validate requests, serialise responses and build the OpenAPI document,
so the document cannot drift from what the server does.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from aiohttp import web
from pydantic import BaseModel

from miniapp_api.auth import authenticate
from miniapp_api.parsing import parse_body, parse_model
from miniapp_api.write_limits import count_write, is_limited_write
from models.people import StaffRole
from workflows.authz import require_role

Audience = Literal["public", "citizen", "staff", "any"]
Handler = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    summary: str
    tags: tuple[str, ...]
    audience: Audience
    roles: tuple[StaffRole, ...]
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    path_params: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    errors: tuple[int, ...]
    handler: Handler
    # Statuses whose body is not the usual problem (e.g. health's 503 carries the health report).
    other_responses: tuple[tuple[int, type[BaseModel]], ...] = ()
    # A success that is a file, not JSON: the media types the handler's web.Response may carry.
    file_types: tuple[str, ...] = ()


class OperationTable:
    """Collects one feature's operations; `add_to(app)` registers them (like RouteTableDef)."""

    def __init__(self) -> None:
        self.operations: list[Operation] = []

    def operation(
        self,
        method: str,
        path: str,
        *,
        operation_id: str,
        summary: str,
        tags: tuple[str, ...],
        audience: Audience,
        roles: tuple[StaffRole, ...] = (),
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        path_params: type[BaseModel] | None = None,
        response: type[BaseModel] | None = None,
        status: int = 200,
        errors: tuple[int, ...] = (),
        other_responses: tuple[tuple[int, type[BaseModel]], ...] = (),
        file_types: tuple[str, ...] = (),
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            operation = Operation(
                operation_id,
                method.upper(),
                path,
                summary,
                tags,
                audience,
                roles,
                body,
                query,
                path_params,
                response,
                status,
                errors,
                handler,
                other_responses,
                file_types,
            )
            self.operations.append(operation)
            return handler

        return register

    def add_to(self, app: web.Application) -> None:
        registry = app.setdefault(OPERATIONS, [])  # type: ignore[arg-type]
        for operation in self.operations:
            app.router.add_route(
                operation.method, operation.path, _endpoint(operation), name=operation.operation_id
            )
            registry.append(operation)


OPERATIONS = web.AppKey("operations", list[Operation])


def _endpoint(operation: Operation) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    @functools.wraps(operation.handler)
    async def endpoint(request: web.Request) -> web.StreamResponse:
        kwargs: dict[str, Any] = {}
        if operation.audience != "public":
            principal = await authenticate(request, operation.audience)
            if operation.roles:
                require_role(principal, *operation.roles)
            if is_limited_write(operation.method, operation.audience):
                await count_write(request, principal)
            kwargs["principal"] = principal
        if operation.path_params is not None:
            kwargs["params"] = parse_model(operation.path_params, dict(request.match_info), "path")
        if operation.query is not None:
            kwargs["query"] = parse_model(operation.query, dict(request.query), "query")
        if operation.body is not None:
            kwargs["body"] = await parse_body(request, operation.body)
        result = await operation.handler(request, **kwargs)
        if isinstance(result, web.StreamResponse):
            return result
        if result is None:
            return web.Response(status=operation.status if operation.status != 200 else 204)
        payload = result.model_dump(mode="json") if isinstance(result, BaseModel) else result
        return web.json_response(payload, status=operation.status, dumps=_dumps)

    return endpoint


def _dumps(value: Any) -> str:
    # Chinese text stays readable in responses and logs.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
