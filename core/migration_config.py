"""Tortoise config as a module variable, the form tortoise's own CLI tools need.

Used only by `python -m miniapp_api makemigrations` (and `tortoise -c core.migration_config.
TORTOISE_ORM ...`); the running services build their config from settings instead.
"""

import os

from core.config import load_settings
from core.db import tortoise_config

TORTOISE_ORM = tortoise_config(load_settings(environ=os.environ).database)
