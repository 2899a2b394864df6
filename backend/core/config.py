"""Settings read from the environment (prefix ``PUMPURS_``; the database from ``DATABASE_URL``)."""

import base64
import binascii
from functools import lru_cache
from typing import Literal, Self

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Demo values: accepted only while demo mode is on, refused everywhere else.
DEMO_SECRET_KEY = "pumpurs-demo-signing-key-not-for-production-use-0001"  # noqa: S105
DEMO_DATA_KEY = "cHVtcHVycy1kZW1vLWRhdGEta2V5LTMyLWJ5dGVzLiE="
DEMO_LOOKUP_KEY = "pumpurs-demo-lookup-key-not-for-production-use"
DEMO_SECRETS = frozenset({DEMO_SECRET_KEY, DEMO_DATA_KEY, DEMO_LOOKUP_KEY})


def _is_aes_key(value: str) -> bool:
    try:
        return len(base64.b64decode(value, validate=True)) == 32
    except (binascii.Error, ValueError):
        return False


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PUMPURS_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///var/pumpurs.db",
        validation_alias=AliasChoices("DATABASE_URL", "PUMPURS_DATABASE_URL"),
    )
    demo_mode: bool = False
    # Signs access tokens (HS256).
    secret_key: str = ""
    # 32 bytes, base64: encrypts personal codes at rest (AES-GCM).
    data_key: str = ""
    # Keys the look-up hash of personal codes (HMAC-SHA256).
    lookup_key: str = ""

    jwt_issuer: str = "pumpurs"
    jwt_audience: str = "pumpurs-api"
    access_token_minutes: int = 15
    refresh_token_days: int = 14

    # Dates (today, "not in the future") are those of this time zone: the programme is Latvian.
    timezone: str = "Europe/Riga"

    host: str = "127.0.0.1"
    port: int = 8000
    web_dist: str = "frontend/dist"

    # Grades 5-12 of general schools and courses 1-4 of vocational schools (DESIGN §1).
    eligible_grade_min: int = 5
    eligible_grade_max: int = 12
    eligible_course_min: int = 1
    eligible_course_max: int = 4

    # The most one youth NGO project may ask for (DESIGN §1 item 7).
    ngo_project_cap_eur: int = 4600

    # Integration (issue 5): rate limits in the notation of the ``limits`` library.
    rate_limits_enabled: bool = True
    # Where the counters live: ``memory://`` (this process) or ``redis://host:6379/0`` (shared
    # by every API process).
    rate_limit_storage_url: str = "memory://"
    # The token endpoint per account (normalised user name, or client id), and per address
    # (rates, not secrets).
    rate_limit_token: str = "30/minute"  # noqa: S105
    rate_limit_token_address: str = "120/minute"  # noqa: S105
    rate_limit_integration: str = "1200/minute"  # per API client or user
    # Personal codes found registered outside the caller's scope, per user (students, imports).
    rate_limit_code_lookup: str = "30/hour"
    max_request_bytes: int = 1_048_576  # JSON and form bodies
    max_upload_bytes: int = 20_971_520  # multipart uploads (CSV imports)
    # Webhooks: only https to public addresses unless this is on (local test receivers).
    webhooks_allow_private: bool = False
    webhook_worker_embedded: bool = True  # run the worker inside the API process
    webhook_poll_seconds: float = 1.0
    webhook_timeout_seconds: float = 10.0
    webhook_max_attempts: int = 8
    webhook_backoff_seconds: float = 10.0  # first retry; doubles on each further one
    # Aggregate reports on PostgreSQL read counts refreshed at most this long ago (0: always
    # refreshed before a report is read).
    report_max_age_seconds: float = 300.0
    # A running import whose process gave no sign of life for this long is reported failed.
    import_stale_seconds: float = Field(default=60.0, gt=0)
    # Deliveries one worker process sends at once (threads); run more processes to go further.
    webhook_worker_concurrency: int = Field(default=4, ge=1, le=64)

    # Operations (issue 16): the database pool of each process, logs, metrics, shutdown.
    db_pool_size: int = Field(default=10, ge=1)
    db_max_overflow: int = Field(default=10, ge=0)
    db_pool_timeout_seconds: float = Field(default=10.0, gt=0)
    log_format: Literal["json", "text"] = "json"
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    # Bearer token that ``GET /metrics`` requires; empty switches the endpoint off.
    metrics_token: str = ""
    # On SIGTERM, how long requests in flight may take to finish before the process exits.
    shutdown_timeout_seconds: int = Field(default=20, ge=1)
    # Addresses whose X-Forwarded-For / -Proto headers are believed (the reverse proxy).
    forwarded_allow_ips: str = "127.0.0.1"

    # Retention (DESIGN §4): students whose plans all ended more than this many years ago, and
    # who are no longer enrolled, are anonymised by ``backend.cli retention``.
    retention_years: int = Field(default=5, ge=1)
    # A plan is evaluated in the last this many days of its semester; earlier only with a reason.
    evaluation_window_days: int = Field(default=21, ge=0, le=366)

    # Notifications and e-mail (issue 15). Mail goes out from the worker through this SMTP server.
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_tls: Literal["none", "starttls", "ssl"] = "none"
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "Pumpurs <no-reply@pumpurs.lv>"
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    mail_backoff_seconds: float = Field(default=30.0, gt=0)  # first retry; doubles, at most 1 h
    # The daily digest leaves at this local hour (PUMPURS_TIMEZONE) or at the first pass after it.
    digest_hour: int = Field(default=7, ge=0, le=23)
    notification_retention_days: int = Field(default=180, ge=1)
    # Links in e-mails lead here (the web app's address as people reach it).
    base_url: str = "http://127.0.0.1:8000"
    # Documents: stored encrypted with the data key in this directory, outside the database.
    documents_dir: str = "var/documents"
    document_max_bytes: int = Field(default=10_485_760, ge=1)
    password_reset_minutes: int = Field(default=30, ge=1)
    invitation_days: int = Field(default=7, ge=1)
    # Reset requests per e-mail address (and four times as many per client address).
    rate_limit_password_reset: str = "5/hour"  # noqa: S105

    @model_validator(mode="after")
    def _secrets_fit_the_mode(self) -> Self:
        if self.demo_mode:
            self.secret_key = self.secret_key or DEMO_SECRET_KEY
            self.data_key = self.data_key or DEMO_DATA_KEY
            self.lookup_key = self.lookup_key or DEMO_LOOKUP_KEY
            return self
        for name in ("secret_key", "data_key", "lookup_key"):
            value = getattr(self, name)
            if not value:
                raise ValueError(f"PUMPURS_{name.upper()} must be set outside demo mode")
            if value in DEMO_SECRETS:
                raise ValueError(
                    f"PUMPURS_{name.upper()} is a demo secret: refused outside demo mode"
                )
        if len(self.secret_key) < 32:
            raise ValueError("PUMPURS_SECRET_KEY must be at least 32 characters")
        if not _is_aes_key(self.data_key):
            # Refused here, not at the first personal code read.
            raise ValueError("PUMPURS_DATA_KEY must be 32 bytes, base64-encoded")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
