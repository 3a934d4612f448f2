"""Serve the identity-platform simulator on a local port, for the demo and other processes."""

from __future__ import annotations

from aiohttp import web

from devtools.idp_sim.app import create_idp_app
from devtools.idp_sim.state import IdpState
from devtools.wechat_sim.runner import SimulatorRunner, base_url

# The demo's one verified person (a valid GB 11643 number: checksum X).
DEMO_SUBJECT = "demo-person"
DEMO_CLAIMS = {
    "name": "张三丰",
    "id_card_number": "11010519491231002X",
    "phone_number": "13900001111",
    "auth_level": "2",
}


async def start_idp(
    state: IdpState, companion: web.AppRunner, host: str = "127.0.0.1", port: int = 0
) -> tuple[web.AppRunner, str]:
    """Start the host; port 0 picks a free port. `await runner.cleanup()` stops it and the
    companion (the WeChat simulators' runner)."""
    runner = SimulatorRunner(create_idp_app(state), companion)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except BaseException:
        # Only this host's part: the companion stays up for the caller to decide.
        await web.AppRunner.cleanup(runner)
        raise
    return runner, base_url(host, runner.addresses[-1][1])
