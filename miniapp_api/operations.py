"""Declaring an API operation once: route, operationId and what the handler's signature says.

The same pydantic models validate requests, serialise responses and build the OpenAPI document,
so the document cannot drift from what the server does. A handler names what it needs and the
endpoint wrapper supplies it, by parameter name:

    request    the aiohttp request             principal  the authenticated caller
    body       the parsed JSON body (its annotation is the request model)
    query      the parsed query string          params     the parsed path parameters
    now        the current time (workflows.clock, which tests can move)
    calendar   the current working-day calendar settings  the frozen settings

The response model is the handler's return annotation, the summary the first paragraph of its
docstring. `errors=` lists only the statuses the operation adds (404, 409, ...): 400/413/422 for a
body, 422 for parameters, 401/403 for a caller, 429 for a limited write and 409/422 for a write
that takes an `Idempotency-Key` (miniapp_api/idempotency.py) are derived.
"""

from __future__ import annotations

import functools
import inspect
import json
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from aiohttp import web
from pydantic import BaseModel

from core.appkeys import CALENDAR, SETTINGS
from miniapp_api import idempotency
from miniapp_api.answer_cache import AnswerCache, Key
from miniapp_api.authentication import authenticate_counting
from miniapp_api.errors import own_methods
from miniapp_api.parsing import parse_body, parse_model
from miniapp_api.write_limits import count_write, write_counter
from models.people import StaffRole
from workflows import clock
from workflows import idempotency as keys
from workflows.authz import Principal, require_role

Audience = Literal["public", "citizen", "staff", "any"]
Handler = Callable[..., Awaitable[Any]]
INJECTED = frozenset(
    {"request", "principal", "body", "query", "params", "now", "calendar", "settings"}
)


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
    # The parameters the handler declared, so the wrapper computes only what it asks for.
    wants: frozenset[str] = frozenset()
    # Where its 200 answers are kept, serialised, with ETag / If-None-Match (answer_cache.py).
    cache: web.AppKey[AnswerCache] | None = None
    # False where a stored answer must never stand in for the call (logout: it ends a session).
    replayable: bool = True
    # A multipart/form-data body whose one file is this field (the handler reads the request).
    form_file: str = ""
    # Says when the handler itself refuses a citizen whose account is gone (401
    # account_inactive, before it changes anything), so authentication need not ask first.
    checks_citizen: Callable[[], bool] | None = None

    @property
    def takes_idempotency_key(self) -> bool:
        return self.replayable and idempotency.takes_key(self.method, self.audience)


class OperationTable:
    """One feature's operations, with the feature's defaults; `add_to(app)` registers them."""

    def __init__(
        self,
        *,
        tags: tuple[str, ...] = (),
        audience: Audience = "staff",
        roles: tuple[StaffRole, ...] = (),
    ) -> None:
        self.tags = tags
        self.audience: Audience = audience
        self.roles = roles
        self.operations: list[Operation] = []

    def get(self, path: str, operation_id: str, **options: Any) -> Callable[[Handler], Handler]:
        return self.operation("GET", path, operation_id, **options)

    def post(self, path: str, operation_id: str, **options: Any) -> Callable[[Handler], Handler]:
        return self.operation("POST", path, operation_id, **options)

    def put(self, path: str, operation_id: str, **options: Any) -> Callable[[Handler], Handler]:
        return self.operation("PUT", path, operation_id, **options)

    def delete(self, path: str, operation_id: str, **options: Any) -> Callable[[Handler], Handler]:
        return self.operation("DELETE", path, operation_id, **options)

    def operation(
        self,
        method: str,
        path: str,
        operation_id: str,
        *,
        tags: tuple[str, ...] | None = None,
        audience: Audience | None = None,
        roles: tuple[StaffRole, ...] | None = None,
        status: int = 200,
        errors: tuple[int, ...] = (),
        other_responses: tuple[tuple[int, type[BaseModel]], ...] = (),
        file_types: tuple[str, ...] = (),
        response: type[BaseModel] | None = None,
        cache: web.AppKey[AnswerCache] | None = None,
        replayable: bool = True,
        form_file: str = "",
        checks_citizen: Callable[[], bool] | None = None,
    ) -> Callable[[Handler], Handler]:
        """`response=` only where the handler builds its own web.Response around a model;
        `cache=` only for public reads whose answer depends on nothing but path and query;
        `replayable=False` for a write whose answer must never be stored for an Idempotency-Key;
        `checks_citizen=` where the workflow reads the citizen's row anyway (createBooking)."""

        def register(handler: Handler) -> Handler:
            wants, models = _signature(handler)
            self.operations.append(
                Operation(
                    operation_id=operation_id,
                    method=method.upper(),
                    path=path,
                    summary=_summary(handler),
                    tags=self.tags if tags is None else tags,
                    audience=self.audience if audience is None else audience,
                    roles=self.roles if roles is None else roles,
                    body=models.get("body"),
                    query=models.get("query"),
                    path_params=models.get("params"),
                    response=response or models.get("return"),
                    status=status,
                    errors=errors,
                    handler=handler,
                    other_responses=other_responses,
                    file_types=file_types,
                    wants=wants,
                    cache=cache,
                    replayable=replayable,
                    form_file=form_file,
                    checks_citizen=checks_citizen,
                )
            )
            return handler

        return register

    def add_to(self, app: web.Application) -> None:
        registry = app.setdefault(OPERATIONS, [])  # type: ignore[arg-type]
        app.setdefault(idempotency.IN_FLIGHT, idempotency.KeysInFlight())  # type: ignore[arg-type]
        for operation in self.operations:
            app.router.add_route(
                operation.method, operation.path, _endpoint(operation), name=operation.operation_id
            )
            registry.append(operation)


OPERATIONS = web.AppKey("operations", list[Operation])


def _signature(handler: Handler) -> tuple[frozenset[str], dict[str, type[BaseModel]]]:
    names = frozenset(inspect.signature(handler).parameters)
    unknown = names - INJECTED
    if unknown:
        raise TypeError(f"{handler.__qualname__} asks for {sorted(unknown)}: not injectable")
    hints = typing.get_type_hints(handler)
    models = {
        name: hint
        for name, hint in hints.items()
        if name in ("body", "query", "params", "return")
        and isinstance(hint, type)
        and issubclass(hint, BaseModel)
    }
    for name in ("body", "query", "params"):
        if name in names and name not in models:
            raise TypeError(f"{handler.__qualname__}: annotate {name!r} with a pydantic model")
    return names, models


def _summary(handler: Handler) -> str:
    doc = inspect.getdoc(handler) or ""
    return " ".join(doc.split("\n\n", 1)[0].split())


def _endpoint(operation: Operation) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    wants = operation.wants

    async def respond(request: web.Request) -> web.StreamResponse:
        if operation.path_params is not None and (own := own_methods(request)):
            # GET /api/cases/lookup is no case id: that path is another route's own, taken by
            # another method, so the answer is that route's 405 (before asking who calls).
            raise web.HTTPMethodNotAllowed(request.method, own)
        kwargs: dict[str, Any] = {}
        principal: Principal | None = None
        if operation.audience != "public":
            counter = write_counter(request, operation.method, operation.audience)
            principal, counted = await authenticate_counting(
                request,
                operation.audience,
                check_citizen=not _citizen_checked(operation, request),
                counter=counter,
            )
            if operation.roles:
                require_role(principal, *operation.roles)
            if counter is not None:
                await count_write(request, principal, counted)
            if "principal" in wants:
                kwargs["principal"] = principal
        if operation.path_params is not None:
            kwargs["params"] = parse_model(operation.path_params, dict(request.match_info), "path")
        if operation.query is not None:
            kwargs["query"] = parse_model(operation.query, dict(request.query), "query")
        if operation.body is not None:
            kwargs["body"] = await parse_body(request, operation.body)
        if "request" in wants:
            kwargs["request"] = request
        if "now" in wants:
            kwargs["now"] = clock.utc_now()
        if "calendar" in wants:
            kwargs["calendar"] = await request.app[CALENDAR].current()
        if "settings" in wants:
            kwargs["settings"] = request.app[SETTINGS]

        async def run() -> web.StreamResponse:
            return _respond(operation, await operation.handler(**kwargs))

        if principal is not None and operation.takes_idempotency_key:
            key = keys.check_key(request.headers.get(idempotency.HEADER))
            if key is not None:
                claim = keys.Claim(
                    caller=idempotency.caller_of(principal),
                    key=key,
                    operation=operation.operation_id,
                    request_hash=_request_hash(request, kwargs),
                )
                return await idempotency.answer_once(request, claim, run)
        return await run()

    cache = operation.cache
    if cache is None:
        return functools.wraps(operation.handler)(respond)

    key_of = answer_key(operation)

    @functools.wraps(operation.handler)
    async def cached(request: web.Request) -> web.StreamResponse:
        return await request.app[cache].answer(
            request, key_of(request), functools.partial(respond, request)
        )

    return cached


def _citizen_checked(operation: Operation, request: web.Request) -> bool:
    """Whether the handler will refuse a gone citizen itself. Not with an Idempotency-Key: a
    stored answer would be replayed without the handler running."""
    checks = operation.checks_citizen
    return checks is not None and idempotency.HEADER not in request.headers and checks()


def answer_key(operation: Operation) -> Callable[[web.Request], Key]:
    """What a kept answer is kept under: what the handler is given of the request. A parameter
    the query model does not declare changes nothing in the answer (pydantic ignores it, as every
    operation's query does), so it is not in the key."""
    model = operation.query
    if model is not None and model.model_config.get("extra") == "forbid":
        # An unknown parameter would be a 422 there: skipping it would send a kept 200 instead.
        raise TypeError(f"{operation.operation_id}: a kept answer's query must ignore extras")
    names = () if model is None else tuple(f.alias or n for n, f in model.model_fields.items())
    absent = (None,) * len(names)

    def key_of(request: web.Request) -> Key:
        key = (operation.operation_id, *request.match_info.values())
        if not names:
            return key
        if not request.query_string:
            return key + absent
        # The first of repeated values, as dict(request.query) gives the model in respond().
        query = request.query
        return key + tuple(query.get(name) for name in names)

    return key_of


def _respond(operation: Operation, result: Any) -> web.StreamResponse:
    if isinstance(result, web.StreamResponse):
        return result
    if result is None:
        return web.Response(status=operation.status if operation.status != 200 else 204)
    return json_answer(result, operation.status)


def json_answer(result: Any, status: int = 200) -> web.Response:
    # pydantic writes a model's JSON itself, without an intermediate dict of Python values: the
    # same JSON as json.dumps of model_dump(mode="json"), compact, Chinese text unescaped.
    body = result.model_dump_json() if isinstance(result, BaseModel) else _dumps(result)
    return web.Response(
        body=body.encode(), status=status, content_type="application/json", charset="utf-8"
    )


def _request_hash(request: web.Request, kwargs: dict[str, Any]) -> str:
    # The parsed request, so spacing or key order in the JSON does not make it "another body".
    parsed = {
        name: kwargs[name].model_dump(mode="json")
        for name in ("params", "query", "body")
        if name in kwargs
    }
    return keys.fingerprint({"method": request.method, "path": request.path, **parsed})


def _dumps(value: Any) -> str:
    # Chinese text stays readable in responses and logs.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
