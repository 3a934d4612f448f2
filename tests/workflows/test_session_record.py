"""The database record of sessions: ended rows are purged by the worker, live ones are kept."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from aiohttp import web
from aiohttp.test_utils import TestClient

from core.appkeys import SESSIONS
from core.sessions import token_hash
from models.sessions import UserSession
from worker.jobs import JOBS, expired_sessions
from workflows.session_record import DatabaseSessionRecord


async def test_sessions_ended_a_day_ago_are_purged_and_live_ones_kept(
    client: TestClient, app: web.Application
) -> None:
    live, _ = await app[SESSIONS].issue("citizen", 1)
    await app[SESSIONS].issue("citizen", 2)
    await app[SESSIONS].issue("staff", 3)
    long_ago = datetime.now(UTC) - timedelta(days=2)
    await UserSession.filter(subject_id__in=[2, 3]).update(expires_at=long_ago)

    assert "expired_sessions" in [name for name, _, _ in JOBS]
    await expired_sessions(None)  # type: ignore[arg-type]  # the job uses none of them
    assert await UserSession.all().values_list("subject_id", flat=True) == [1]
    assert await DatabaseSessionRecord().find(token_hash(live), time.time()) is not None
