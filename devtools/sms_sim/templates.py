"""Approve our templates in the simulator, as the SMS console would have approved them."""

from __future__ import annotations

from core.notify_templates import load_templates
from devtools.sms_sim.state import SmsSimState


def approve_templates(state: SmsSimState, path: str = "notify/templates/templates.toml") -> int:
    count = 0
    for template in load_templates(path, 1):
        spec = template.sections.get("sms")
        if spec:
            state.register_template(str(spec["template_id"]), len(spec.get("params", [])))
            count += 1
    return count
