"""Outgoing mail: written to the outbox in the step's own transaction, sent afterwards with
retries and backoff. A mail is claimed before it is sent, so two senders never send it both."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select, update

from .models import OutboxMail

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
BACKOFF = [timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 720)]
MAX_ATTEMPTS = len(BACKOFF) + 1


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


def listing(session, status=None, limit=200, reference=None) -> list[OutboxView]:
    from .models import Instance

    query = (
        select(OutboxMail, Instance.reference)
        .outerjoin(Instance, Instance.id == OutboxMail.instance_id)
        .order_by(OutboxMail.id.desc())
        .limit(limit)
    )
    if status:
        query = query.where(OutboxMail.status == status)
    if reference:
        query = query.where(Instance.reference == reference)
    return [
        OutboxView(
            id=m.id,
            reference=ref,
            kind=m.kind,
            to=m.recipient,
            subject=m.subject,
            text=m.body_text,
            html=m.body_html,
            status=m.status,
            attempts=m.attempts,
            created_at=m.created_at,
            next_attempt_at=m.next_attempt_at,
            sent_at=m.sent_at,
            last_error=m.last_error,
        )
        for m, ref in session.execute(query)
    ]
