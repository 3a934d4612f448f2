"""python -m devtools.idp_sim: serve the identity-platform simulator until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from aiohttp import web

from devtools.idp_sim.app import create_idp_app
from devtools.idp_sim.runner import DEMO_CLAIMS, DEMO_SUBJECT
from devtools.idp_sim.state import IdpState
from devtools.wechat_sim.runner import base_url

log = logging.getLogger("devtools.idp_sim")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    defaults = IdpState()
    parser = argparse.ArgumentParser(prog="python -m devtools.idp_sim", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9102)
    parser.add_argument("--client-id", default=defaults.client_id)
    parser.add_argument("--client-secret", default=defaults.client_secret)
    parser.add_argument("--redirect-uri", default=defaults.redirect_uri)
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    state = IdpState(args.client_id, args.client_secret, args.redirect_uri)
    state.register_user(DEMO_SUBJECT, DEMO_CLAIMS)
    runner = web.AppRunner(create_idp_app(state))
    await runner.setup()
    await web.TCPSite(runner, args.host, args.port).start()
    log.info("identity platform at %s", base_url(args.host, runner.addresses[-1][1]))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
