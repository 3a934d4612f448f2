"""The shape of every setting, with validation. Defaults live in config.toml, not here."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    IPvAnyNetwork,
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
    # Addresses or networks of our reverse proxies: only their X-Forwarded-For/-Proto count.
    trusted_proxies: tuple[IPvAnyNetwork, ...] = ()


class DatabaseSettings(Section):
    url: str
    # PostgreSQL connections per process (the pool grows to this under load). The default here
    # only serves code that builds DatabaseSettings(url=...) itself; config.toml sets it.
    pool_max_size: int = Field(default=20, ge=1, le=500)

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
    # Both chat webhooks refuse a callback whose signed timestamp is further than this from now.
    webhook_max_skew_seconds: int = Field(ge=30, le=3600)


class WeComSettings(Section):
    api_base: HttpBase
    corpid: str
    secret: str
    agentid: int = Field(ge=0)


class AuthSettings(Section):
    citizen_session_ttl_seconds: int = Field(ge=60)
    staff_session_ttl_seconds: int = Field(ge=60)
    session_keep_seconds: float = Field(ge=0, le=60)
    login_attempts_per_minute: int = Field(ge=1)
    password_threads: int = Field(ge=1, le=32)
    login_free_failures: int = Field(ge=1)
    login_backoff_base_seconds: float = Field(gt=0)
    login_backoff_max_seconds: float = Field(gt=0)
    login_failure_memory_seconds: int = Field(ge=60)
    account_failures_per_window: int = Field(ge=1)
    trusted_address_days: int = Field(ge=0)
    login_alert_failures: int = Field(ge=1)


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


class NotifySettings(Section):
    # Templates (logical name -> WeChat template ids, fields, tries) live in their own file.
    templates_file: str
    # Where staff cards link to: this deployment's console as staff reach it.
    console_base_url: HttpBase
    poll_seconds: float = Field(gt=0, le=300)
    batch_size: int = Field(ge=1, le=1000)
    concurrency: int = Field(ge=1, le=200)
    # A claimed row whose worker died is claimed again after this long.
    lease_seconds: float = Field(ge=5)
    default_max_tries: int = Field(ge=1, le=100)
    backoff_base_seconds: float = Field(gt=0)
    backoff_max_seconds: float = Field(gt=0)
    token_margin_seconds: int = Field(ge=0, le=3600)
    quiet_start: time
    quiet_end: time
    # 0: no limit of our own (WeChat's answers still slow us down).
    subscribe_per_minute: int = Field(ge=0)
    wecom_app_per_minute: int = Field(ge=0)
    robot_per_minute: int = Field(ge=0)
    # "DEPARTMENT_CODE=webhook key" (a secret: set it in the environment).
    robot_keys: tuple[str, ...]

    @field_validator("robot_keys")
    @classmethod
    def _code_and_key(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            code, _, key = item.partition("=")
            if not code.strip() or not key.strip():
                raise ValueError("each entry must be DEPARTMENT_CODE=key")
        return value

    def robot_key(self, department_code: str) -> str | None:
        for item in self.robot_keys:
            code, _, key = item.partition("=")
            if code.strip() == department_code:
                return key.strip()
        return None


class SmsSettings(Section):
    """Tencent Cloud SMS (API 3.0, SendSms 2021-01-11). SecretId/SecretKey are secrets: empty
    here, set MINIAPP_SMS_SECRET_ID / MINIAPP_SMS_SECRET_KEY; without them no SMS is sent."""

    api_base: HttpBase
    region: str = Field(min_length=1)
    sdk_app_id: str
    sign_name: str
    secret_id: str
    secret_key: str
    timeout_seconds: float = Field(gt=0, le=60)
    # Our own per-number limits, kept below the provider's so that it never has to refuse.
    min_interval_seconds: int = Field(ge=0, le=3600)
    per_number_per_hour: int = Field(ge=0)
    per_number_per_day: int = Field(ge=0)
    # Delivery receipts are pulled (PullSmsSendStatus) this often.
    receipts_poll_seconds: float = Field(gt=0, le=3600)

    @property
    def configured(self) -> bool:
        return bool(self.sdk_app_id and self.sign_name and self.secret_id and self.secret_key)


class CardThresholds(Section):
    # Yellow card when a running deadline is due within this many working days (0: once overdue).
    yellow_within_working_days: int = Field(ge=0, le=30)
    # Red card once overdue by more than this many working days (0: as soon as overdue).
    red_after_overdue_working_days: int = Field(ge=0, le=30)


class SupervisionSettings(CardThresholds):
    scan_seconds: float = Field(gt=0)
    # Thresholds of one kind of matter (its subject_type: case, ticket, rectification, ...),
    # given in [supervision.kinds.<kind>]; kinds not listed use the section's own.
    kinds: dict[str, CardThresholds] = Field(default_factory=dict)
    # An accountability record (问责) once a department has this many red cards within the
    # period (days); 0 turns it off.
    accountability_red_cards: int = Field(default=3, ge=0, le=100)
    accountability_period_days: int = Field(default=30, ge=1, le=366)
    # Closed complaints drawn per spot check (抽查, seed 002 art. 30).
    spot_check_size: int = Field(default=5, ge=1, le=500)

    def thresholds(self, kind: str) -> CardThresholds:
        return self.kinds.get(kind, self)


class CatalogSettings(Section):
    # Each process rebuilds its search index when the catalog changed, checked at most this often.
    search_refresh_seconds: float = Field(ge=0)
    search_max_results: int = Field(ge=1, le=200)
    # Working days to bring the catalog in line with a changed list (seed 002 art. 10).
    alignment_days: int = Field(default=10, ge=1, le=60)


class CasesSettings(Section):
    acceptance_days: int = Field(ge=0, le=60)
    lookup_per_ip_per_minute: int = Field(ge=1)
    lookup_per_case_per_hour: int = Field(ge=1)
    # A correction notice left unanswered this many working days ends the case.
    correction_expiry_days: int = Field(default=20, ge=1, le=365)


class CertificateSettings(Section):
    """Electronic certificates (seed 002 art. 40)."""

    # The public verification link printed on each certificate and in its QR code.
    verify_base_url: str = "http://127.0.0.1:8080/api/certificates/verify"
    # Anonymous verifications per client address a minute (against enumeration).
    verify_per_ip_per_minute: int = Field(default=30, ge=1)


class RoutingSettings(Section):
    # 转办: whether a reassigned matter's clock goes on ("continue") or starts anew ("restart").
    reassign_clock: Literal["continue", "restart"] = "continue"


class TicketSettings(Section):
    """Time limits in working days (seed 002 arts. 32-34)."""

    consult_days: int = Field(ge=1, le=60)
    complaint_days: int = Field(ge=1, le=60)
    suggestion_days: int = Field(ge=1, le=60)
    urgent_days: int = Field(ge=1, le=60)
    fairly_urgent_days: int = Field(ge=1, le=60)
    ordinary_days: int = Field(ge=1, le=60)
    return_window_days: int = Field(ge=1, le=10)
    callback_tries: int = Field(ge=1, le=10)
    callback_window_days: int = Field(ge=1, le=30)
    # Working days the intake office has to screen a new ticket; watched and carded.
    screening_days: int = Field(default=1, ge=1, le=10)
    # The intake office's department code; empty: the department of the first supervisor.
    intake_department: str = ""


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


class BotsSettings(Section):
    """The chat webhooks. Tokens and AES keys are secrets: empty here, the webhook then answers
    503; set them in the environment (MINIAPP_BOTS_MP_TOKEN, ...)."""

    # Official account / mini-program customer-service messages (appid: [wechat] appid).
    mp_token: str
    mp_encoding_aes_key: str = Field(pattern=r"^([A-Za-z0-9+/]{43})?$")
    # WeChat Work app callback (corpid: [wecom] corpid).
    wecom_token: str
    wecom_encoding_aes_key: str = Field(pattern=r"^([A-Za-z0-9+/]{43})?$")
    max_body_bytes: int = Field(ge=512, le=1048576)
    dedupe_ttl_seconds: int = Field(ge=60)
    reply_within_seconds: float = Field(ge=0, le=4.5)
    faq_min_confidence: float = Field(ge=0, le=1)
    handoffs_per_hour: int = Field(ge=1)
    todo_cards: int = Field(ge=0, le=20)
    bookings_page: str
    cases_page: str


class ReportsSettings(Section):
    # Last week's report is produced on Monday at this local time (or at the first scan after).
    weekly_run_time: time
    scan_seconds: float = Field(gt=0)


class ReviewSettings(Section):
    """好差评 (seed 002 arts. 35-37); rectification limits differ by city (5 or 15 working days)."""

    # One reminder to rate, this many days after the invitation, if still not rated.
    reminder_after_days: int = Field(ge=1, le=60)
    # 立行立改: 0 means "at once"; the deadline is then the end of the next working day.
    rectify_simple_working_days: int = Field(ge=0, le=30)
    rectify_complex_working_days: int = Field(ge=1, le=60)
    # The review office decides a rectification extension / an invalid request within these
    # working days; undecided, the request draws yellow and red cards (art. 37(2)-(3)).
    extension_decision_working_days: int = Field(default=1, ge=1, le=30)
    invalid_decision_working_days: int = Field(default=2, ge=1, le=30)
    # Rating links for walk-in applicants (art. 35): one use each, valid this many days.
    sms_link_valid_days: int = Field(default=7, ge=1, le=90)
    receipt_qr_valid_days: int = Field(default=90, ge=1, le=366)
    # The page a link opens: the approved SMS template's fixed text ends with it + "/".
    rating_link_base: str = Field(default="https://zsb.example.gov.cn/r", min_length=8)
    # A hall device's signed request is accepted this many seconds either side of our clock.
    device_signature_window_seconds: int = Field(default=300, ge=30, le=3600)


class LoggingSettings(Section):
    level: str

    @field_validator("level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return upper


class IdentitySettings(Section):
    """The province's unified identity platform (OIDC) and how its answers map to our levels.

    An empty issuer turns identity verification off (the operations answer 503). Secrets
    (client_secret) come from the environment only."""

    issuer: str
    client_id: str
    client_secret: str
    token_auth_method: Literal["client_secret_basic", "client_secret_post"]
    redirect_uri: str
    scopes: tuple[str, ...]
    claim_name: str = Field(min_length=1)
    claim_id_number: str = Field(min_length=1)
    claim_phone: str = Field(min_length=1)
    claim_level: str = Field(min_length=1)
    # "VALUE=L2": the platform's level values we accept, and the level each one gives.
    levels: tuple[str, ...]
    flow_ttl_seconds: int = Field(ge=60, le=3600)
    clock_skew_seconds: int = Field(ge=0, le=300)
    timeout_seconds: float = Field(gt=0, le=60)
    # Staff web sign-in with WeChat Work: OAuth inside the WeCom client, the QR page outside it.
    wecom_oauth_base: HttpBase
    wecom_sso_base: HttpBase

    @field_validator("levels")
    @classmethod
    def _value_and_level(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            claim, _, level = item.partition("=")
            if not claim.strip() or level.strip() not in ("L2", "L3"):
                raise ValueError("each entry must be VALUE=L2 or VALUE=L3")
        return value

    def level_for(self, claim_value: str) -> str | None:
        for item in self.levels:
            claim, _, level = item.partition("=")
            if claim.strip() == claim_value:
                return level.strip()
        return None

    @property
    def configured(self) -> bool:
        return bool(self.issuer and self.client_id and self.client_secret)


class LimitsSettings(Section):
    # 0 turns the limit off.
    writes_per_minute_per_user: int = Field(ge=0)


class MetricsSettings(Section):
    # Peers that may read /metrics directly (Prometheus); everyone else gets 404.
    allowed_networks: tuple[IPvAnyNetwork, ...]


class IdempotencySettings(Section):
    # How long a write's Idempotency-Key and its stored answer are kept for retries.
    retention_hours: int = Field(ge=1, le=24 * 30)
    # How long a request waits for another server's request holding the same key before 409.
    wait_seconds: float = Field(gt=0, le=60)


FileType = Literal["pdf", "jpeg", "png"]


class FilesSettings(Section):
    """Uploaded materials: where they are kept, how they are scanned, the default rules."""

    backend: Literal["local", "s3"]
    directory: str = Field(min_length=1)
    temp_directory: str
    s3_endpoint_url: str
    s3_bucket: str
    s3_region: str
    s3_prefix: str
    # Secrets: set MINIAPP_FILES_S3_ACCESS_KEY / MINIAPP_FILES_S3_SECRET_KEY in the environment.
    s3_access_key: str
    s3_secret_key: str
    clamav_socket: str
    clamav_timeout_seconds: float = Field(gt=0, le=600)
    allowed_types: tuple[FileType, ...] = Field(min_length=1)
    max_bytes: int = Field(ge=1, le=1 << 34)
    max_pdf_pages: int = Field(ge=1, le=100_000)
    max_image_pixels: int = Field(ge=1, le=500_000_000)
    link_ttl_seconds: int = Field(ge=10, le=86_400)
    unattached_expiry_hours: int = Field(ge=0, le=8760)
    # Secret: signs download links; every server must share it. Empty: a random key per process.
    link_key: str

    @model_validator(mode="after")
    def _s3_named(self) -> FilesSettings:
        if self.backend == "s3" and not self.s3_bucket:
            raise ValueError("backend s3 needs s3_bucket")
        return self


class ExchangeSettings(Section):
    """The provincial platform (互联互通, seed 000): catalog in, cases/reviews up, complaints in and
    back. The two secrets are secrets: empty here, set MINIAPP_EXCHANGE_OUTBOUND_SECRET and
    MINIAPP_EXCHANGE_INBOUND_SECRET; until then nothing is sent (rows fail visibly, re-sendable)
    and every inbound request is refused."""

    enabled: bool
    api_base: HttpBase
    # Our platform's code at the province: the key id we sign with.
    platform_code: str
    # The key id the province signs its requests to us with.
    province_key_id: str
    algorithm: Literal["HMAC-SHA256", "HMAC-SM3"]
    outbound_secret: str
    inbound_secret: str
    window_seconds: int = Field(ge=10, le=3600)
    timeout_seconds: float = Field(gt=0, le=120)
    catalog_pull_seconds: float = Field(gt=0)
    reconcile_seconds: float = Field(gt=0)
    # How many past local days the reconciliation compares (yesterday and before).
    reconcile_days: int = Field(ge=1, le=31)
    # Seed 002 art. 10: a change of the province's lists reaches our catalog within this many
    # working days.
    draft_working_days: int = Field(ge=1, le=60)
    # Province department code -> ours, "PROV=LOCAL" (an unlisted code is taken as ours).
    department_codes: tuple[str, ...]
    # Our intake office for dispatched complaints: a department's return (art. 33) goes there.
    # Empty: the parent of the department the platform named, else that department.
    intake_department: str

    def local_department(self, province_code: str) -> str:
        for entry in self.department_codes:
            theirs, _, ours = entry.partition("=")
            if theirs.strip() == province_code:
                return ours.strip()
        return province_code

    def province_department(self, local_code: str) -> str:
        for entry in self.department_codes:
            theirs, _, ours = entry.partition("=")
            if ours.strip() == local_code:
                return theirs.strip()
        return local_code

    @property
    def configured(self) -> bool:
        return bool(self.enabled and self.platform_code and self.outbound_secret)


class ProtectionSettings(Section):
    """Personal data protection: field keys, the audit chain, retention (seed 002 arts. 29, 41-43).

    Keys are secrets: `keys` ("id:hex32,id:hex32", the first encrypts, the others still read)
    and `index_key` (hex, the HMAC-SM3 key of the blind indexes) from the environment only, or
    `key_file`, a TOML file outside the repository (current, index_key, [keys])."""

    keys: str
    index_key: str
    key_file: str
    # Without keys, use the PUBLIC demo key: only for the demo and the tests, never production.
    demo_keys: bool
    rotation_batch: int = Field(ge=1, le=10_000)
    # 等保 level 3 keeps the audit trail at least six months.
    audit_retention_days: int = Field(ge=183)
    # Days after which personal fields are erased, per kind of record (counted from closing,
    # or for messages and files from creation); 0 keeps them.
    closed_case_days: int = Field(ge=0)
    ticket_days: int = Field(ge=0)
    review_days: int = Field(ge=0)
    message_days: int = Field(ge=0)
    file_days: int = Field(ge=0)


class Settings(Section):
    server: ServerSettings
    database: DatabaseSettings
    redis: RedisSettings
    wechat: WeChatSettings
    wecom: WeComSettings
    auth: AuthSettings
    calendar: CalendarSettings
    notify: NotifySettings
    sms: SmsSettings
    supervision: SupervisionSettings
    catalog: CatalogSettings
    cases: CasesSettings
    certificates: CertificateSettings = CertificateSettings()
    tickets: TicketSettings
    booking: BookingSettings
    bots: BotsSettings
    reports: ReportsSettings
    reviews: ReviewSettings
    logging: LoggingSettings
    limits: LimitsSettings
    metrics: MetricsSettings
    idempotency: IdempotencySettings
    identity: IdentitySettings
    files: FilesSettings
    routing: RoutingSettings = RoutingSettings()
    exchange: ExchangeSettings
    protection: ProtectionSettings

    @model_validator(mode="after")
    def _dedupe_outlives_the_timestamp_window(self) -> Settings:
        # A captured message is refused once its timestamp is stale; until then its dedupe key
        # must still be there, so it can be accepted on both sides of now (hence twice the skew).
        window = 2 * self.wechat.webhook_max_skew_seconds
        if self.bots.dedupe_ttl_seconds < window:
            raise ValueError(
                f"bots.dedupe_ttl_seconds must be at least twice wechat.webhook_max_skew_seconds"
                f" ({window})"
            )
        return self
