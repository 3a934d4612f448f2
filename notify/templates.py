"""Which section of a template (core.notify_templates) each outbox channel uses."""

from __future__ import annotations

from typing import Any

from core.notify_templates import Template, TemplateBook, TemplateError, load_templates
from models.outbox import Channel

SECTION = {
    Channel.SUBSCRIBE_MESSAGE: "subscribe",
    Channel.WECOM_APP: "wecom",
    Channel.WECOM_ROBOT: "robot",
    Channel.SMS: "sms",
    Channel.CUSTOMER_SERVICE: "custom",
    Channel.PROVINCE: "province",
}
CHANNEL = {section: channel for channel, section in SECTION.items()}


def channel_spec(template: Template, channel: Channel) -> dict[str, Any]:
    return template.section(SECTION[Channel(channel)])


def fallback_channel(template: Template) -> Channel | None:
    return CHANNEL[template.fallback] if template.fallback else None


__all__ = [
    "Template",
    "TemplateBook",
    "TemplateError",
    "channel_spec",
    "fallback_channel",
    "load_templates",
]
