"""Configuration from one source: defaults here, overrides from the environment (prefix KLACHT_)."""

import os
from dataclasses import dataclass, field, replace
from datetime import date, datetime

DEFAULT_DATABASE_URL = "sqlite:///instance/klacht.db"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    now: datetime | None = None  # a fixed clock for demos and tests; None = the real clock
    closing_days: tuple[date, ...] = field(default_factory=tuple)
    # Web app: the session/link signing key (None = the demo key), "production" hardens it.
    secret_key: str | None = None
    environment: str = "development"
    task_link_days: int = 14  # how long a complainant's personal task link works
    status_link_days: int = 365  # how long a complainant's status page link works
    idle_minutes: int = 30  # a staff session ends after this long without a request
    session_hours: int = 12  # ... and this long after logging in, however busy (OWASP ASVS 3.3.2)
    # Mail: links in mails start with base_url; without smtp_host mails stay in the outbox.
    base_url: str = "http://127.0.0.1:5000"
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_tls: str = "starttls"
    mail_from: str = "klachten@localhost"
    organisation: str = "Exactpi"
    scheduler_sweep_seconds: int = 60
    # Behind a reverse proxy: how many proxies in front set X-Forwarded-For/-Proto/-Host, so the
    # app sees the client's address (rate limits) and scheme; 0 = clients connect directly.
    proxies: int = 0

    @classmethod
    def from_env(cls, environ=None, **overrides) -> "Settings":
        env = os.environ if environ is None else environ
        settings = cls(
            database_url=env.get("KLACHT_DATABASE_URL") or DEFAULT_DATABASE_URL,
            now=parse_moment(env["KLACHT_NOW"]) if env.get("KLACHT_NOW") else None,
            closing_days=tuple(
                date.fromisoformat(day)
                for day in env.get("KLACHT_CLOSING_DAYS", "").split(",")
                if day.strip()
            ),
            secret_key=env.get("KLACHT_SECRET_KEY") or None,
            environment=env.get("KLACHT_ENV") or "development",
            task_link_days=int(env.get("KLACHT_TASK_LINK_DAYS") or 14),
            status_link_days=int(env.get("KLACHT_STATUS_LINK_DAYS") or 365),
            idle_minutes=int(env.get("KLACHT_IDLE_MINUTES") or 30),
            session_hours=int(env.get("KLACHT_SESSION_HOURS") or 12),
            base_url=(env.get("KLACHT_BASE_URL") or "http://127.0.0.1:5000").rstrip("/"),
            smtp_host=env.get("KLACHT_SMTP_HOST") or None,
            smtp_port=int(env.get("KLACHT_SMTP_PORT") or 587),
            smtp_user=env.get("KLACHT_SMTP_USER") or None,
            smtp_password=env.get("KLACHT_SMTP_PASSWORD") or None,
            smtp_tls=(env.get("KLACHT_SMTP_TLS") or "starttls").lower(),
            mail_from=env.get("KLACHT_MAIL_FROM") or "klachten@localhost",
            organisation=env.get("KLACHT_ORGANISATION") or "Exactpi",
            scheduler_sweep_seconds=int(env.get("KLACHT_SCHEDULER_SWEEP_SECONDS") or 60),
            proxies=int(env.get("KLACHT_PROXIES") or 0),
        )
        return replace(settings, **{k: v for k, v in overrides.items() if v is not None})


def parse_moment(text: str) -> datetime:
    """An ISO 8601 moment with a timezone (`Z` or an offset); naive moments are ambiguous."""
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        raise ValueError(f"'{text}' heeft geen tijdzone; gebruik bijvoorbeeld {text}+01:00 of {text}Z")
    return moment
