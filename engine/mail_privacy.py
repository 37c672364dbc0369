"""Personal data in incoming mail: exported with the person's cases, erased with them, and mail
that belongs to no case found by its sender and erased on request or when its term has passed."""

from sqlalchemy import select, update

from .inbound_models import InboundAttachment, InboundMail

ERASED = "[verwijderd]"


def instance_mails(session, instance_id: int) -> list[dict]:
    """The mails filed with a case, for its subject access export."""
    rows = session.scalars(
        select(InboundMail).where(InboundMail.instance_id == instance_id).order_by(InboundMail.id)
    )
    return [_export(row) for row in rows]


def loose_mails(session, email: str) -> list[dict]:
    """Mail from this address that belongs to no case (new, archived or ignored)."""
    rows = session.scalars(
        select(InboundMail)
        .where(InboundMail.instance_id.is_(None), InboundMail.sender == email.strip().lower())
        .order_by(InboundMail.id)
    )
    return [_export(row) for row in rows if row.erased_at is None]


def erase_instance_mails(session, instance_id: int, now) -> None:
    _erase(session, InboundMail.instance_id == instance_id, now)


def erase_loose_mails(session, email: str, now) -> None:
    _erase(session, (InboundMail.instance_id.is_(None)) & (InboundMail.sender == email.strip().lower()), now)


def expire_loose_mails(session, received_before, now) -> None:
    """The retention job: mail that became no case is erased once its term has passed."""
    _erase(session, (InboundMail.instance_id.is_(None)) & (InboundMail.received_at < received_before), now)


def _erase(session, which, now) -> None:
    ids = select(InboundMail.id).where(which, InboundMail.erased_at.is_(None)).scalar_subquery()
    session.execute(
        update(InboundAttachment)
        .where(InboundAttachment.mail_id.in_(ids))
        .values(content=b"", filename=ERASED)
    )
    session.execute(
        update(InboundMail)
        .where(InboundMail.id.in_(ids))
        .values(sender=ERASED, sender_name=ERASED, subject=ERASED, body_text=ERASED, erased_at=now)
        .execution_options(synchronize_session=False)
    )


def _export(row: InboundMail) -> dict:
    return {
        "received_at": row.received_at,
        "from": row.sender,
        "name": row.sender_name,
        "subject": row.subject,
        "text": row.body_text,
        "status": row.status,
    }
