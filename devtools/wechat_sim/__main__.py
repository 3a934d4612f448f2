"""python -m devtools.wechat_sim: serve both simulated WeChat hosts until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from devtools.wechat_sim.runner import start_simulators
from devtools.wechat_sim.state import SimulatorState

log = logging.getLogger("devtools.wechat_sim")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    defaults = SimulatorState()
    parser = argparse.ArgumentParser(prog="python -m devtools.wechat_sim", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--mp-port", type=int, default=9100)
    parser.add_argument("--wecom-port", type=int, default=9101)
    parser.add_argument("--appid", default=defaults.appid)
    parser.add_argument("--secret", default=defaults.mp.apps[defaults.appid])
    parser.add_argument("--corpid", default=defaults.corpid)
    parser.add_argument("--corpsecret", default=next(iter(defaults.wecom.corps[defaults.corpid])))
    parser.add_argument("--agentid", type=int, default=defaults.agentid)
    parser.add_argument("--robot-key", action="append", default=[], help="may be repeated")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every call")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    state = SimulatorState(
        args.appid, args.secret, args.corpid, args.corpsecret, args.agentid, latency=args.latency
    )
    for key in args.robot_key:
        state.register_robot(key)
    runner, mp_url, wecom_url = await start_simulators(
        state, args.host, args.mp_port, args.wecom_port
    )
    log.info("mini-program host at %s, WeChat Work host at %s", mp_url, wecom_url)
    log.info("control API under /__sim/ on both hosts")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Handled here because a shell starts background jobs with SIGINT ignored.
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        log.info("stopped")


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
