"""Outgoing mail: written to the outbox in the step's own transaction, sent afterwards with
retries and backoff. A mail is claimed before it is sent, so two senders never send it both."""

import logging
import re
import secrets
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import or_, select, update

from .mailbox import InvalidMailbox
from .models import OutboxMail

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 720)]
MAX_ATTEMPTS = len(BACKOFF) + 1
# A signed token in a link (payload.timestamp.signature in base64url, as itsdangerous makes
# them): whoever reads a listing could answer for the recipient, so listings never show one.
SIGNED_TOKEN = re.compile(r"(?<=/)\.?[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}")
HIDDEN_LINK = "[link verborgen]"
SHIELDED = "Afgeschermd: mail bij een klacht die je niet mag inzien"


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str = ""
    kind: str = "bericht"


@dataclass(frozen=True)
class OutboxView:
    id: int
    reference: str | None
    kind: str
    to: str
    subject: str
    text: str
    html: str
    status: str
    attempts: int
    created_at: object
    next_attempt_at: object
    sent_at: object
    last_error: str | None


def queue(session, instance_id, now, mails) -> None:
    for mail in mails:
        session.add(
            OutboxMail(
                instance_id=instance_id,
                created_at=now,
                kind=mail.kind,
                recipient=mail.to,
                subject=mail.subject,
                body_text=mail.text,
                body_html=mail.html,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                # Unguessable, so a reply naming it in In-Reply-To can be trusted to be a reply.
                message_id=f"klacht.{secrets.token_hex(16)}",
            )
        )


def send_due(db, now, transport) -> dict:
    """Send every mail that is due; returns counts of sent, retried and failed mails."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    with db.read() as session:
        due = session.scalars(select(OutboxMail.id).where(_sendable(now)).order_by(OutboxMail.id)).all()
    for mail_id in due:
        mail = _claim(db, mail_id, now)
        if mail is not None:
            counts[_deliver(db, mail, now, transport)] += 1
    return counts


def _sendable(now):
    pending = (OutboxMail.status == "pending") & (OutboxMail.next_attempt_at <= now)
    abandoned = (OutboxMail.status == "sending") & (OutboxMail.claimed_until < now)
    return or_(pending, abandoned)


def _claim(db, mail_id, now) -> OutboxMail | None:
    with db.write() as session:
        taken = session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail_id, _sendable(now))
            .values(status="sending", claimed_until=now + LEASE, attempts=OutboxMail.attempts + 1)
        ).rowcount
        return session.get(OutboxMail, mail_id) if taken == 1 else None


def _deliver(db, mail, now, transport) -> str:
    try:
        transport.send(mail)
    except InvalidMailbox:
        log.warning("mail %s not sent: not one mailbox", mail.id)
        return _record(db, mail.id, now, error="Geen enkel geldig e-mailadres.", attempts=MAX_ATTEMPTS)
    except Exception as error:  # any SMTP or network failure: keep the mail, try again later
        log.warning("mail %s not sent: %s", mail.id, type(error).__name__)
        return _record(db, mail.id, now, error=f"{type(error).__name__}: {error}", attempts=mail.attempts)
    return _record(db, mail.id, now)


def _record(db, mail_id, now, error=None, attempts=0) -> str:
    with db.write() as session:
        mail = session.get(OutboxMail, mail_id)
        mail.claimed_until = None
        if error is None:
            mail.status, mail.sent_at, mail.last_error = "sent", now, None
            return "sent"
        mail.last_error = error
        if attempts >= MAX_ATTEMPTS:
            mail.status = "failed"
            return "failed"
        mail.status, mail.next_attempt_at = "pending", now + BACKOFF[attempts - 1]
        return "retry"


def masked(text: str | None) -> str:
    """The text with every signed link token replaced: the link can be re-sent, never read back."""
    return SIGNED_TOKEN.sub(HIDDEN_LINK, text or "")


def shielded(view: OutboxView) -> OutboxView:
    """A mail of an instance the reader may not see: only what the delivery needs to be fixed."""
    return replace(view, to="", subject=SHIELDED, text="", html="")


def listing(
    session, status=None, limit=200, hidden=lambda instance_id, data: False, reference=None
) -> list[OutboxView]:
    """Mails newest first (of one instance when `reference` is given), links masked;
    `hidden(instance_id, case data)` says which to shield."""
    from .models import Instance

    query = (
        select(OutboxMail, Instance.reference, Instance.data)
        .outerjoin(Instance, Instance.id == OutboxMail.instance_id)
        .order_by(OutboxMail.id.desc())
        .limit(limit)
    )
    if status:
        query = query.where(OutboxMail.status == status)
    if reference:
        query = query.where(Instance.reference == reference)
    views = []
    for m, ref, data in session.execute(query):
        view = OutboxView(
            id=m.id,
            reference=ref,
            kind=m.kind,
            to=m.recipient,
            subject=m.subject,
            text=masked(m.body_text),
            html=masked(m.body_html),
            status=m.status,
            attempts=m.attempts,
            created_at=m.created_at,
            next_attempt_at=m.next_attempt_at,
            sent_at=m.sent_at,
            last_error=m.last_error,
        )
        views.append(
            shielded(view) if m.instance_id is not None and hidden(m.instance_id, data or {}) else view
        )
    return views
