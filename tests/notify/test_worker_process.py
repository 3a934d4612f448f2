"""`python -m miniapp_api worker` delivers the outbox to WeChat over HTTP, end to end."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from tortoise.context import TortoiseContext

from core.db import migrate_database, tortoise_config
from core.settings import DatabaseSettings
from devtools.wechat_sim import SimulatorState, start_simulators
from models.outbox import OutboxMessage, OutboxStatus
from models.people import Department, StaffAccount
from workflows.outbox import enqueue, to_staff

pytestmark = pytest.mark.skipif(
    os.environ.get("MINIAPP_TEST_BACKEND", "sqlite") != "sqlite",
    reason="the embedded default is what a single worker process starts with",
)


async def test_worker_process_delivers_a_message_through_the_simulator(
    project_root: Path, tmp_path: Path
) -> None:
    database = DatabaseSettings(url=f"sqlite://{tmp_path / 'worker.sqlite3'}")
    await migrate_database(database)
    async with TortoiseContext() as context:
        await context.init(config=tortoise_config(database))
        department = await Department.create(code="D1", name="部门", region="县")
        staff = await StaffAccount.create(
            username="h1",
            name="h1",
            department=department,
            password_hash="x",
            roles=["handler"],
            wecom_userid="wx-h1",
        )
        data = {"title": "某事项", "due_at": "2026-11-24", "deadline_id": 1, "message": "请加快"}
        await enqueue([to_staff("s:1", staff.id, "urging_notice", data)])

    state = SimulatorState()
    state.register_wecom_user("wx-h1")
    runner, mp_base, wecom_base = await start_simulators(state)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINIAPP_")}
    env.update(
        MINIAPP_DATABASE_URL=database.url,
        MINIAPP_WECHAT_API_BASE=mp_base,
        MINIAPP_WECHAT_APPID=state.appid,
        MINIAPP_WECHAT_SECRET=state.secret,
        MINIAPP_WECOM_API_BASE=wecom_base,
        MINIAPP_WECOM_CORPID=state.corpid,
        MINIAPP_WECOM_SECRET=state.corpsecret,
        MINIAPP_WECOM_AGENTID=str(state.agentid),
        MINIAPP_NOTIFY_POLL_SECONDS="0.2",
        MINIAPP_PROTECTION_DEMO_KEYS="true",  # personal data sealed under the public test key
        MINIAPP_NOTIFY_QUIET_START="00:00:00",
        MINIAPP_NOTIFY_QUIET_END="00:00:00",
    )
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "miniapp_api",
        "worker",
        cwd=project_root,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        for _ in range(300):
            if state.delivered or worker.returncode is not None:
                break
            await asyncio.sleep(0.1)
    finally:
        if worker.returncode is None:
            worker.send_signal(signal.SIGTERM)
        _, stderr = await worker.communicate()
        await runner.cleanup()

    assert worker.returncode == 0, stderr.decode()
    [delivered] = state.delivered
    assert delivered.channel == "wecom.app" and delivered.recipients == ("wx-h1",)
    async with TortoiseContext() as context:
        await context.init(config=tortoise_config(database))
        message = await OutboxMessage.get(dedupe_key="s:1")
        assert message.status == OutboxStatus.SENT
