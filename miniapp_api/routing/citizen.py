"""一件事一次办 for citizens: listBundles, applyForBundle, getBundleApplication."""

from __future__ import annotations

from datetime import datetime

from core.settings import Settings
from miniapp_api.operations import OperationTable
from miniapp_api.routing.present import (
    BundleList,
    BundleProgress,
    BundleStarted,
    bundle_out,
    bundle_progress,
)
from miniapp_api.routing.schemas import BundleApplicationIn, BundleApplicationParams, BundleParams
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.routing import bundles

table = OperationTable(tags=("routing",), audience="citizen")


@table.get("/api/bundles", "listBundles", audience="public")
async def list_() -> BundleList:
    """The bundles (一件事一次办) with their member items, in order"""
    return BundleList(bundles=[bundle_out(b, items) for b, items in await bundles.list_bundles()])


@table.post("/api/bundles/{code}/applications", "applyForBundle", status=201, errors=(404, 409))
async def apply(
    principal: Principal,
    params: BundleParams,
    body: BundleApplicationIn,
    now: datetime,
    calendar: WorkingCalendar,
    settings: Settings,
) -> BundleStarted:
    """Apply for a bundle: one form and one set of materials for all its items"""
    started = await bundles.apply_for_bundle(
        principal, params.code, body.application(), calendar, now, settings.cases.acceptance_days
    )
    record, members = await bundles.application_for(principal, started.application.id)
    secrets = {m.case.case_no: started.secrets[m.case.id] for m in members if m.case}
    return BundleStarted(application=bundle_progress(record, members), lookup_secrets=secrets)


@table.get(
    "/api/bundle-applications/{application_id}",
    "getBundleApplication",
    audience="any",
    errors=(404,),
)
async def get(principal: Principal, params: BundleApplicationParams) -> BundleProgress:
    """One progress view of a bundle application: each member's case and the bundle's status"""
    record, members = await bundles.application_for(principal, params.application_id)
    return bundle_progress(record, members)
