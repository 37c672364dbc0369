"""Incoming mail put together: the engine's intake with this procedure's rules, and the IMAP
mailbox from the environment (KLACHT_IMAP_*)."""

import os
from dataclasses import dataclass

from engine.inbound_mail import MailIntake
from process.inbound_mail import MAIL_DESK_ROLES, told_about_mail

from .settings import Settings


@dataclass(frozen=True)
class ImapSettings:
    host: str
    port: int = 993
    user: str = ""
    password: str = ""
    folder: str = "INBOX"
    tls: str = "ssl"  # "ssl" (IMAPS, the default), "starttls", or "none" (tests, loopback only)
    done_folder: str | None = None  # move stored messages there; without it they are flagged \Seen
    ca_file: str | None = None  # trust this CA (a private mail server)

    @classmethod
    def from_env(cls, environ=None) -> "ImapSettings | None":
        env = os.environ if environ is None else environ
        if not env.get("KLACHT_IMAP_HOST"):
            return None
        tls = (env.get("KLACHT_IMAP_TLS") or "ssl").lower()
        return cls(
            host=env["KLACHT_IMAP_HOST"],
            port=int(env.get("KLACHT_IMAP_PORT") or (993 if tls == "ssl" else 143)),
            user=env.get("KLACHT_IMAP_USER") or "",
            password=env.get("KLACHT_IMAP_PASSWORD") or "",
            folder=env.get("KLACHT_IMAP_FOLDER") or "INBOX",
            tls=tls,
            done_folder=env.get("KLACHT_IMAP_DONE_FOLDER") or None,
            ca_file=env.get("KLACHT_IMAP_CA_FILE") or None,
        )


def mail_intake(engine, settings: Settings) -> MailIntake:
    return MailIntake(engine, told_about_mail, MAIL_DESK_ROLES, own_addresses=(settings.mail_from,))


def imap_job(engine, settings: Settings, environ=None):
    """The scheduler's mail job when an IMAP mailbox is configured, else None."""
    imap = ImapSettings.from_env(environ)
    if imap is None:
        return None
    intake = mail_intake(engine, settings)

    def fetch_mail():
        from engine.imap_fetch import fetch

        return fetch(intake, imap)

    return fetch_mail
