"""Serve both simulated hosts on local ports, for the demo mode and for other processes."""

from __future__ import annotations

from aiohttp import web

from devtools.wechat_sim.mp_app import create_mp_app
from devtools.wechat_sim.state import SimulatorState
from devtools.wechat_sim.wecom_app import create_wecom_app


class SimulatorRunner(web.AppRunner):
    """Runs the mini-program host and stops the WeChat Work host's runner along with it."""

    def __init__(self, app: web.Application, companion: web.AppRunner) -> None:
        super().__init__(app)
        self._companion = companion

    async def cleanup(self) -> None:
        try:
            await super().cleanup()
        finally:
            await self._companion.cleanup()


def base_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


async def _serve(runner: web.AppRunner, host: str, port: int) -> str:
    site = web.TCPSite(runner, host, port)
    await site.start()
    return base_url(host, runner.addresses[-1][1])


async def start_simulators(
    state: SimulatorState, host: str = "127.0.0.1", mp_port: int = 0, wecom_port: int = 0
) -> tuple[web.AppRunner, str, str]:
    """Start both hosts; port 0 picks a free port. `await runner.cleanup()` stops both."""
    wecom_runner = web.AppRunner(create_wecom_app(state))
    await wecom_runner.setup()
    try:
        wecom_url = await _serve(wecom_runner, host, wecom_port)
        runner = SimulatorRunner(create_mp_app(state), wecom_runner)
    except BaseException:
        await wecom_runner.cleanup()
        raise
    try:
        await runner.setup()
        mp_url = await _serve(runner, host, mp_port)
    except BaseException:
        await runner.cleanup()
        raise
    return runner, mp_url, wecom_url
