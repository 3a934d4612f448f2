"""A WeChat API simulator over HTTP: the mini-program host and the WeChat Work host.

Tests build the apps with `create_mp_app(state)` / `create_wecom_app(state)`; the demo mode and
other processes use `start_simulators(state)` or `python -m devtools.wechat_sim`.
"""

from devtools.wechat_sim.errors import ApiError
from devtools.wechat_sim.mp_app import create_mp_app
from devtools.wechat_sim.runner import start_simulators
from devtools.wechat_sim.state import SimulatorState
from devtools.wechat_sim.wecom_app import create_wecom_app

__all__ = ["ApiError", "SimulatorState", "create_mp_app", "create_wecom_app", "start_simulators"]
