"""Liveness and readiness: is the database answering, is Redis answering."""

from __future__ import annotations

from typing import Literal

from aiohttp import web
from pydantic import BaseModel
from tortoise import connections

from core.appkeys import KV
from core.errors import DomainError
from miniapp_api.operations import OperationTable

table = OperationTable(tags=("system",), audience="public")


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    database: Literal["ok", "unavailable"]
    redis: Literal["ok", "unavailable", "not_configured"]


@table.get("/healthz", "health", response=HealthOut, other_responses=((503, HealthOut),))
async def health(request: web.Request) -> web.Response:
    """Check the database and Redis"""
    database = "ok"
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:  # any failure means not ready; the cause is in the database's own log
        database = "unavailable"
    kv = request.app[KV]
    redis = "not_configured" if kv.backend == "memory" else "ok"
    if kv.backend != "memory":
        try:
            await kv.ping()
        except DomainError:
            redis = "unavailable"
    healthy = database == "ok" and redis != "unavailable"
    body = HealthOut(status="ok" if healthy else "degraded", database=database, redis=redis)
    return web.json_response(body.model_dump(), status=200 if healthy else 503)
