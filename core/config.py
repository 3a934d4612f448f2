"""Load settings once: config.toml, then single settings overridden from the environment.

`MINIAPP_<SECTION>_<KEY>` overrides `[section] key`, e.g. `MINIAPP_DATABASE_URL` -> database.url.
A bad setting stops the process at start with a message naming it and where it came from.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.settings import Settings

ENV_PREFIX = "MINIAPP_"
# Environment variables with our prefix that select things rather than override a setting.
NON_SETTING_VARIABLES = frozenset({"MINIAPP_CONFIG"})
# Settings that were removed: a deployment still setting one is told what replaced it.
RETIRED_VARIABLES = {
    "MINIAPP_IDENTITY_ID_HASH_KEY": "ID numbers are now indexed by HMAC-SM3 under"
    " MINIAPP_PROTECTION_INDEX_KEY; remove it (run `migrate` once to re-index stored rows)",
}
DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent.parent / "config.toml"


class ConfigError(Exception):
    """A setting is missing, unknown or invalid; the message names it."""


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    environ = environ if environ is not None else {}
    path = path or Path(environ.get("MINIAPP_CONFIG", DEFAULT_CONFIG_PATH))
    raw = _read_toml(path)
    sources = {
        f"{section}.{key}": str(path)
        for section, values in raw.items()
        if isinstance(values, dict)
        for key in values
    }
    for variable, value in environ.items():
        if not variable.startswith(ENV_PREFIX) or variable in NON_SETTING_VARIABLES:
            continue
        section, key = _setting_for(variable, raw)
        raw[section][key] = _parse_env_value(value, raw[section][key])
        sources[f"{section}.{key}"] = variable
    try:
        return Settings.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(_describe(error, sources)) from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {path} is not valid TOML: {error}") from None


def _setting_for(variable: str, raw: dict[str, Any]) -> tuple[str, str]:
    if variable in RETIRED_VARIABLES:
        raise ConfigError(
            f"environment variable {variable} is retired: {RETIRED_VARIABLES[variable]}"
        )
    name = variable.removeprefix(ENV_PREFIX).lower()
    section, _, key = name.partition("_")
    if not isinstance(raw.get(section), dict) or key not in raw[section]:
        raise ConfigError(f"environment variable {variable} names no setting ({section}.{key})")
    return section, key


def _parse_env_value(value: str, default: Any) -> Any:
    # Lists come as JSON or comma-separated; everything else is left for pydantic to coerce.
    if isinstance(default, list):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                return json.loads(stripped)
            except json.JSONDecodeError:
                return stripped
        return [item.strip() for item in stripped.split(",") if item.strip()]
    return value


def _describe(error: ValidationError, sources: dict[str, str]) -> str:
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"][:2])
        source = sources.get(location, "missing from the config file")
        problems.append(f"setting {location} ({source}): {item['msg']}")
    return "; ".join(problems)
