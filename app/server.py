"""The HTTP server process; with the demo, also the simulator and the worker in the same process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from aiohttp import web

from app.worker import run_worker
from core.settings import Settings
from devtools.demo import prepare_demo
from miniapp_api.access_log import AccessLogger
from miniapp_api.app import create_app

log = logging.getLogger("miniapp_api")


async def serve(
    settings: Settings,
    host: str,
    port: int,
    stop: asyncio.Event,
    demo_ports: tuple[int, int] | None = None,
) -> None:
    """Serve until `stop` is set. `demo_ports`: run as the demo, its simulator on these ports."""
    simulator = None
    if demo_ports is not None:
        demo = await prepare_demo(settings, demo_ports)
        settings, simulator = demo.settings, demo.simulator
    app = create_app(settings)
    runner = web.AppRunner(app, access_log=log, access_log_class=AccessLogger)
    await runner.setup()
    worker = None
    try:
        await web.TCPSite(runner, host, port).start()
        # The port bound, not the one asked for: with port 0 the OS chose it.
        bound = runner.addresses[0][1]
        log.info("serving on http://%s:%s (API document: /api/openapi.json)", host, bound)
        if demo_ports is not None:
            # The demo also delivers its outbox, sharing the server's database connections.
            worker = asyncio.create_task(run_worker(settings, stop, open_own_database=False))
            worker.add_done_callback(_stop_if_failed(stop))
        await stop.wait()
    finally:
        if worker is not None:
            stop.set()
            with contextlib.suppress(Exception):
                await worker
        await runner.cleanup()
        if simulator is not None:
            await simulator.cleanup()


def _stop_if_failed(stop: asyncio.Event) -> Callable[[asyncio.Task[None]], None]:
    def check(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("the worker stopped", exc_info=task.exception())
            stop.set()

    return check
