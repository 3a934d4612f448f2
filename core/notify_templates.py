"""The template book: logical template names -> per-channel WeChat templates, from a TOML file.

Nothing about wording or WeChat template ids lives in code. Each template has one table per
channel section ("subscribe", "wecom", "robot", "sms"). An unknown name is an error the notifier
records on the message (status failed), so it is visible rather than dropped.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("subscribe", "wecom", "robot", "sms", "custom", "province")


class TemplateError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Template:
    name: str
    max_tries: int
    fallback: str | None  # a section name
    quiet_hours: bool
    long_term: bool
    sections: dict[str, dict[str, Any]]

    def section(self, name: str) -> dict[str, Any]:
        spec = self.sections.get(name)
        if spec is None:
            raise TemplateError(
                "template_channel_missing",
                f"template {self.name!r} has no [{self.name}.{name}] section",
            )
        return spec

    @property
    def subscribe_template_id(self) -> str | None:
        spec = self.sections.get("subscribe")
        return str(spec["template_id"]) if spec else None


class TemplateBook:
    def __init__(self, templates: dict[str, Template]) -> None:
        self._templates = templates

    def get(self, name: str) -> Template:
        template = self._templates.get(name)
        if template is None:
            raise TemplateError("unknown_template", f"no template named {name!r} is configured")
        return template

    def subscribe_template_ids(self) -> set[str]:
        return {t.subscribe_template_id for t in self if t.subscribe_template_id}

    def __iter__(self) -> Iterator[Template]:
        return iter(self._templates.values())


def load_templates(path: str, default_max_tries: int) -> TemplateBook:
    file = Path(path) if Path(path).is_absolute() else ROOT / path
    with file.open("rb") as handle:
        raw = tomllib.load(handle)
    templates = {}
    for name, spec in raw.items():
        fallback = spec.get("fallback")
        if fallback is not None and fallback not in SECTIONS:
            raise ValueError(f"template {name}: fallback must be one of {', '.join(SECTIONS)}")
        templates[name] = Template(
            name=name,
            max_tries=int(spec.get("max_tries", default_max_tries)),
            fallback=fallback,
            quiet_hours=bool(spec.get("quiet_hours", True)),
            long_term=bool(spec.get("long_term", False)),
            sections={k: v for k, v in spec.items() if k in SECTIONS},
        )
    return TemplateBook(templates)
