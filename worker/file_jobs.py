"""The file store's periodic job: uploads never attached to an application do not accumulate."""

from __future__ import annotations

import logging
from datetime import timedelta

from core.storage import open_store
from worker.resources import WorkerResources
from workflows import clock
from workflows.files.unattached import remove_unattached

log = logging.getLogger(__name__)


async def unattached_uploads(resources: WorkerResources) -> None:
    settings = resources.settings.files
    if settings.unattached_expiry_hours <= 0:
        return  # 0 keeps them
    # Opened per run (hourly): the worker holds no store otherwise.
    store = await open_store(settings)
    try:
        age = timedelta(hours=settings.unattached_expiry_hours)
        removed = await remove_unattached(store, clock.utc_now(), age)
    finally:
        await store.close()
    if removed:
        log.info("removed %d upload(s) never attached to an application", removed)
