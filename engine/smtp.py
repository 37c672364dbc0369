"""Sending one outbox mail over SMTP (plain text with an HTML alternative)."""

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate

from .mailbox import single_mailbox


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    user: str | None = None
    password: str | None = None
    tls: str = "starttls"  # "starttls", "ssl" or "none"
    sender: str = "klachten@localhost"
    timeout: float = 30.0


class SmtpTransport:
    def __init__(self, settings: SmtpSettings):
        self.settings = settings

    def send(self, mail) -> None:
        settings = self.settings
        # One outbox row, one mailbox: a list or an encoded word in the address is refused here.
        recipient = single_mailbox(mail.recipient)
        message = EmailMessage()
        message["From"] = settings.sender
        message["To"] = recipient
        message["Subject"] = mail.subject
        message["Date"] = formatdate(localtime=False)
        # One stable id per outbox row lets receiving servers drop a resent duplicate.
        domain = settings.sender.rsplit("@", 1)[-1]
        local = mail.message_id or f"outbox-{mail.id}-{int(mail.created_at.timestamp())}"
        message["Message-ID"] = f"<{local}@{domain}>"
        # RFC 3834: out-of-office responders do not answer it; our own intake knows it as ours.
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(mail.body_text)
        if mail.body_html:
            message.add_alternative(mail.body_html, subtype="html")
        with self._connect() as smtp:
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            smtp.send_message(message, to_addrs=[recipient])

    def _connect(self):
        settings = self.settings
        if settings.tls == "ssl":
            return smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=ssl.create_default_context()
            )
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        if settings.tls == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        return smtp
