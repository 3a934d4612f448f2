"""The shape of every setting, with validation. Defaults live in config.toml, not here."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

DB_SCHEMES = ("sqlite://", "postgres://", "asyncpg://", "psql://")
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def _http_base(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return value.rstrip("/")


HttpBase = Annotated[str, AfterValidator(_http_base)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServerSettings(Section):
    host: str
    port: int = Field(ge=0, le=65535)
    max_body_bytes: int = Field(ge=1024)
    trust_forwarded_for: bool


class DatabaseSettings(Section):
    url: str

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if not value.startswith(DB_SCHEMES):
            raise ValueError(f"must start with one of {', '.join(DB_SCHEMES)}")
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite://")


class RedisSettings(Section):
    url: str
    prefix: str = Field(min_length=1)

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if value and not value.startswith(REDIS_SCHEMES):
            raise ValueError(f"must be empty or start with one of {', '.join(REDIS_SCHEMES)}")
        return value


class WeChatSettings(Section):
    api_base: HttpBase
    appid: str
    secret: str
    timeout_seconds: float = Field(gt=0, le=60)


class WeComSettings(Section):
    api_base: HttpBase
    corpid: str
    secret: str
    agentid: int = Field(ge=0)


class AuthSettings(Section):
    citizen_session_ttl_seconds: int = Field(ge=60)
    staff_session_ttl_seconds: int = Field(ge=60)
    login_attempts_per_minute: int = Field(ge=1)


class CalendarSettings(Section):
    timezone: str
    fallback_holidays: tuple[date, ...]
    local_closures: tuple[date, ...]
    extra_workdays: tuple[date, ...]

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("unknown time zone") from None
        return value


class BookingSettings(Section):
    slot_minutes: int = Field(ge=5, le=240)
    slot_capacity: int = Field(ge=1, le=1000)
    horizon_working_days: int = Field(ge=0, le=60)
    min_lead_minutes: int = Field(ge=0)
    cancel_cutoff_minutes: int = Field(ge=0)
    checkin_grace_minutes: int = Field(ge=0, le=240)
    max_active_bookings: int = Field(ge=1, le=50)
    no_show_threshold: int = Field(ge=1)
    no_show_window_days: int = Field(ge=1)
    suspension_days: int = Field(ge=1)
    reminder_evening_time: time
    reminder_before_minutes: int = Field(ge=0, le=720)
    quiet_hours_start: time
    quiet_hours_end: time

    @model_validator(mode="after")
    def _evening_reminder_not_at_night(self) -> BookingSettings:
        if _is_quiet(self.reminder_evening_time, self.quiet_hours_start, self.quiet_hours_end):
            raise ValueError("reminder_evening_time falls within the quiet hours")
        return self

    def is_quiet(self, moment: time) -> bool:
        """Night time, when no reminder is sent."""
        return _is_quiet(moment, self.quiet_hours_start, self.quiet_hours_end)


def _is_quiet(moment: time, start: time, end: time) -> bool:
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end  # the quiet hours span midnight


class LoggingSettings(Section):
    level: str

    @field_validator("level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return upper


class Settings(Section):
    server: ServerSettings
    database: DatabaseSettings
    redis: RedisSettings
    wechat: WeChatSettings
    wecom: WeComSettings
    auth: AuthSettings
    calendar: CalendarSettings
    booking: BookingSettings
    logging: LoggingSettings
