"""The province's periodic work: pull the catalog, reconcile yesterday's case steps."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

import aiohttp
from pydantic import ValidationError

from core.errors import DomainError
from core.province import ProvinceApiError, ProvinceClient, ProvinceUnreachable
from worker.resources import WorkerResources
from workflows import clock
from workflows.catalog.cache import CatalogVersion
from workflows.exchange import inbound_map
from workflows.exchange.catalog_sync import receive_item
from workflows.exchange.reconcile import RemoteDay, days_due, reconcile_day
from workflows.exchange.refusals import record_refusal

log = logging.getLogger(__name__)
CATALOG_PATH = "/api/v1/catalog/items"
RECONCILE_PATH = "/api/v1/reconciliation/case-steps"


async def pull_catalog(resources: WorkerResources, client: ProvinceClient | None = None) -> int:
    """Every item of ours in the provincial catalog; returns how many changed here."""
    settings = resources.settings.exchange
    if not settings.configured:
        return 0
    async with aiohttp.ClientSession() as http:
        client = client or ProvinceClient(http, settings)
        try:
            answer = await client.get(CATALOG_PATH, {"platform": settings.platform_code})
        except (ProvinceApiError, ProvinceUnreachable) as error:
            log.warning("catalog pull failed: %s", error)
            return 0
    calendar = await resources.calendar.current()
    changed = 0
    for raw in inbound_map.catalog_items(answer):
        try:
            incoming = inbound_map.ProvinceItemIn.model_validate(raw)
            received = await receive_item(incoming, "pull", settings, calendar, clock.utc_now())
        except ValidationError as error:
            await record_refusal(CATALOG_PATH, "invalid_item", str(error)[:500],
                                 reference=str(raw.get("taskCode", ""))[:64])  # fmt: skip
            continue
        except DomainError as error:
            await record_refusal(CATALOG_PATH, error.code, str(error),
                                 reference=str(raw.get("taskCode", ""))[:64])  # fmt: skip
            continue
        changed += received.outcome != "unchanged"
    if changed:
        await CatalogVersion(resources.kv).changed()
        resources.wake.set()
        log.info("catalog pull: %d item(s) changed", changed)
    return changed


async def reconcile(resources: WorkerResources) -> int:
    """Compare each due past day with the province; returns how many steps were re-sent."""
    settings = resources.settings.exchange
    if not settings.configured:
        return 0
    tz = ZoneInfo(resources.settings.calendar.timezone)
    now = clock.utc_now()
    resent = 0
    async with aiohttp.ClientSession() as http:
        remote = province_days(ProvinceClient(http, settings))
        for day in await days_due(tz, now, settings.reconcile_days):
            try:
                run = await reconcile_day(day, tz, remote, now)
            except (ProvinceApiError, ProvinceUnreachable) as error:
                log.warning("reconciliation of %s failed: %s", day, error)
                break
            resent += run.missing
            if run.missing or run.unknown:
                log.warning("reconciliation %s: %d re-sent, %d unknown", day, run.missing,
                            run.unknown)  # fmt: skip
    if resent:
        resources.wake.set()
    return resent


def province_days(client: ProvinceClient):  # type: ignore[no-untyped-def]
    async def remote(day: str, with_ids: bool) -> RemoteDay:
        answer = await client.get(RECONCILE_PATH, {"day": day, "ids": "1" if with_ids else "0"})
        return inbound_map.reconciliation_day(answer, with_ids)

    return remote
