"""Demo wiring: the demo county in the database and, unless WeChat is configured, the simulator."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiohttp import web

from core.db import migrate_database, open_database
from core.notify_templates import load_templates
from core.settings import Settings
from devtools import demo_data
from devtools.idp_sim import IdpState
from devtools.idp_sim.runner import DEMO_CLAIMS, DEMO_SUBJECT, start_idp
from devtools.seed_demo import seed_demo
from devtools.wechat_sim import SimulatorState, start_simulators

log = logging.getLogger(__name__)
DEMO_PASSWORD = "demo-2026"
# Where `serve --demo` runs the WeChat simulator (mini-program host, WeChat Work host).
DEMO_SIMULATOR_PORTS = (9100, 9101)


@dataclass(frozen=True)
class Demo:
    settings: Settings  # pointing at the simulator when it runs
    simulator: web.AppRunner | None  # `await simulator.cleanup()` stops it


async def seed_demo_county(settings: Settings, password: str | None) -> dict[str, str]:
    """Insert the demo county (the embedded database is created first); {username: password}."""
    if settings.database.is_sqlite:
        await migrate_database(settings.database)
    context = await open_database(settings.database)
    try:
        return await seed_demo(password)
    finally:
        await context.close_connections()


async def prepare_demo(settings: Settings, simulator_ports: tuple[int, int]) -> Demo:
    """Seed with DEMO_PASSWORD, then start the simulator on `simulator_ports` (0: any free port)."""
    created = await seed_demo_county(settings, DEMO_PASSWORD)
    if created:
        log.info("demo staff created (password %r): %s", DEMO_PASSWORD, ", ".join(created))
    if settings.wechat.appid:
        return Demo(settings, None)
    return await _start_simulator(settings, simulator_ports)


async def _start_simulator(settings: Settings, ports: tuple[int, int]) -> Demo:
    state = SimulatorState()
    # So the demo's notifier can deliver: our subscribe templates and the demo staff exist there.
    book = load_templates(settings.notify.templates_file, settings.notify.default_max_tries)
    for template in book:
        spec = template.sections.get("subscribe")
        if spec:
            state.register_template(str(spec["template_id"]), list(spec.get("data", {})))
    for _, _, _, _, wecom_userid in demo_data.STAFF:
        if wecom_userid:
            state.register_wecom_user(wecom_userid)
    runner, mp_base, wecom_base = await start_simulators(
        state, mp_port=ports[0], wecom_port=ports[1]
    )
    log.info(
        "WeChat simulator on %s, WeChat Work simulator on %s"
        " (get a login code: POST %s/__sim/login_code)",
        mp_base,
        wecom_base,
        mp_base,
    )
    settings, runner = await _start_identity_platform(
        settings, ports[0] + 2 if ports[0] else 0, runner
    )
    settings = settings.model_copy(
        update={
            "wechat": settings.wechat.model_copy(
                update={"api_base": mp_base, "appid": state.appid, "secret": state.secret}
            ),
            "wecom": settings.wecom.model_copy(
                update={
                    "api_base": wecom_base,
                    "corpid": state.corpid,
                    "secret": state.corpsecret,
                    "agentid": state.agentid,
                }
            ),
        }
    )
    return Demo(settings, runner)


async def _start_identity_platform(
    settings: Settings, port: int, wechat_runner: web.AppRunner
) -> tuple[Settings, web.AppRunner]:
    """The demo's provincial identity platform (one runner stops it and the WeChat simulator);
    the settings point at it unless a real platform is configured."""
    redirect = f"http://{settings.server.host}:{settings.server.port}/identity/callback"
    state = IdpState(redirect_uri=redirect)
    state.register_user(DEMO_SUBJECT, DEMO_CLAIMS)
    try:
        runner, issuer = await start_idp(state, wechat_runner, port=port)
    except OSError:  # the port beside the WeChat simulator's is taken: any free one will do
        runner, issuer = await start_idp(state, wechat_runner, port=0)
    log.info("identity platform simulator on %s (sign in as login_as=%s)", issuer, DEMO_SUBJECT)
    if settings.identity.issuer:
        return settings, runner
    identity = settings.identity.model_copy(
        update={
            "issuer": issuer,
            "client_id": state.client_id,
            "client_secret": state.client_secret,
            "redirect_uri": redirect,
        }
    )
    return settings.model_copy(update={"identity": identity}), runner
