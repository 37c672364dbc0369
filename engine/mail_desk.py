"""What people do with incoming mail: the list of new mail, registering one as a case or
archiving it with a reason, the notices of replies, and the mails of one case file."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update

from . import access, users
from .documents import add_document
from .errors import EngineError, InvalidFormData, NotAllowed, NotFound
from .inbound_models import InboundAttachment, InboundMail
from .models import Instance

STATUSES = ("new", "registered", "archived", "filed", "ignored")
MAX_REASON = 1000


@dataclass(frozen=True)
class AttachmentView:
    id: int
    filename: str
    content_type: str
    size: int
    refused: str | None
    document_id: int | None


@dataclass(frozen=True)
class InboundMailView:
    id: int
    received_at: datetime
    source: str
    sender: str
    sender_name: str
    subject: str
    text: str
    status: str
    kind: str
    reference: str | None
    matched_by: str | None
    archive_reason: str | None
    handled_by: str | None
    problems: tuple[str, ...]
    attachments: tuple[AttachmentView, ...]
    size: int


class MailDesk:
    """Mixed into MailIntake: needs self.engine and self.desk_roles."""

    def mails(self, status: str | None = None, viewer: str | None = None, limit: int = 200):
        """Incoming mail, newest first; viewer None is the operator on the command line."""
        with self.engine.db.read() as session:
            self._require_desk(session, viewer)
            query = select(InboundMail).order_by(InboundMail.id.desc()).limit(limit)
            if status:
                query = query.where(InboundMail.status == status)
            return [_view(session, row) for row in session.scalars(query)]

    def mail(self, mail_id: int, viewer: str | None = None) -> InboundMailView:
        with self.engine.db.read() as session:
            return _view(session, self._readable(session, mail_id, viewer))

    def attachment(self, mail_id: int, attachment_id: int, viewer: str) -> tuple[AttachmentView, bytes]:
        with self.engine.db.read() as session:
            self._readable(session, mail_id, viewer)
            row = session.get(InboundAttachment, int(attachment_id))
            if row is None or row.mail_id != int(mail_id) or not row.content:
                raise NotFound("Deze bijlage is er niet (meer).")
            return _attachment_view(row), row.content

    def archive(self, mail_id: int, login: str | None, reason: str) -> None:
        """ "Geen klacht": the mail leaves the list of new mail, with the reason recorded."""
        reason = (reason or "").strip()
        if not reason or len(reason) > MAX_REASON:
            raise InvalidFormData({"reason": f"Geef een reden (hoogstens {MAX_REASON} tekens)."})
        with self.engine.db.write() as session:
            self._require_desk(session, login)
            self._take(session, mail_id, login, status="archived", archive_reason=reason)

    def register(self, mail_id: int, login: str, process_id: str, data: dict) -> str:
        """Register a new mail as a case (the start form's data); its attachments go with it."""
        with self.engine.db.write() as session:
            self._require_desk(session, login)
            self._take(session, mail_id, login, status="registered")
        try:
            reference = self.engine.start(process_id, login, data).reference
        except Exception:  # refused (or failed): the mail waits in the list again
            with self.engine.db.write() as session:
                session.execute(
                    update(InboundMail)
                    .where(InboundMail.id == int(mail_id))
                    .values(status="new", handled_by=None, handled_at=None)
                )
            raise
        self._carry_over(mail_id, reference)
        return reference

    def notices(self, login: str, limit: int = 20) -> list[InboundMailView]:
        """Replies filed with cases this user is told about and has not marked as seen."""
        with self.engine.db.read() as session:
            user = users.require_active(session, login)
            query = (
                select(InboundMail)
                .where(
                    InboundMail.status == "filed",
                    InboundMail.seen_at.is_(None),
                    or_(
                        InboundMail.notify_login == user.login,
                        InboundMail.notify_role.in_(users.roles_of(user)),
                    ),
                )
                .order_by(InboundMail.id)
                .limit(limit)
            )
            return [_view(session, row) for row in session.scalars(query)]

    def mark_seen(self, mail_id: int, login: str) -> None:
        """The notice of a reply is done with; only for whom it was meant."""
        with self.engine.db.write() as session:
            row = self._readable(session, mail_id, login)
            user = users.require_active(session, login)
            if row.notify_login != user.login and row.notify_role not in users.roles_of(user):
                raise NotAllowed("Deze melding is niet voor u bedoeld.")
            row.seen_at = self.engine.clock.now()

    def case_mails(self, reference: str, viewer: str) -> list[InboundMailView]:
        """The mails filed with one case, oldest first: entries for its case file's timeline."""
        with self.engine.db.read() as session:
            instance = session.scalar(select(Instance).where(Instance.reference == reference))
            if instance is None:
                raise NotFound(f"'{reference}' bestaat niet.")
            user = users.require_active(session, viewer)
            access.require_visible(session, self.engine.plugin, instance, user.login, users.roles_of(user))
            rows = session.scalars(
                select(InboundMail).where(InboundMail.instance_id == instance.id).order_by(InboundMail.id)
            )
            return [_view(session, row) for row in rows]

    # -- rules ------------------------------------------------------------------------------

    def _require_desk(self, session, login) -> None:
        if login is None:
            return
        user = users.require_active(session, login)
        if not set(users.roles_of(user)) & set(self.desk_roles):
            raise NotAllowed("Alleen contactpersonen en relatiemanagers zien binnengekomen mail.")

    def _readable(self, session, mail_id, login) -> InboundMail:
        row = session.get(InboundMail, int(mail_id))
        if row is None:
            raise NotFound("Deze mail bestaat niet (meer).")
        if login is not None and row.instance_id is not None:
            user = users.require_active(session, login)
            instance = session.get(Instance, row.instance_id)
            access.require_visible(session, self.engine.plugin, instance, user.login, users.roles_of(user))
        else:
            self._require_desk(session, login)
        return row

    def _take(self, session, mail_id, login, **values) -> None:
        """Move a new mail on, once: a second person acting on it is told it already happened."""
        done = session.execute(
            update(InboundMail)
            .where(InboundMail.id == int(mail_id), InboundMail.status == "new")
            .values(handled_by=login, handled_at=self.engine.clock.now(), **values)
        ).rowcount
        if done != 1:
            if session.get(InboundMail, int(mail_id)) is None:
                raise NotFound("Deze mail bestaat niet (meer).")
            raise EngineError("Deze mail is al verwerkt; er is niets gewijzigd.")

    def _carry_over(self, mail_id, reference) -> None:
        with self.engine.db.write() as session:
            mail = session.get(InboundMail, int(mail_id))
            instance = session.scalar(select(Instance).where(Instance.reference == reference))
            mail.instance_id = instance.id
            author = self.engine.plugin.public_role or "klager"
            now = self.engine.clock.now()
            for row in session.scalars(select(InboundAttachment).where(InboundAttachment.mail_id == mail.id)):
                if row.content and row.refused is None:
                    row.document_id = add_document(
                        session, instance, row.filename, row.content_type, row.content, author, now
                    ).id
                    row.content = b""




def _attachment_view(row: InboundAttachment) -> AttachmentView:
    return AttachmentView(row.id, row.filename, row.content_type, row.size, row.refused, row.document_id)


def _view(session, row: InboundMail) -> InboundMailView:
    reference = session.scalar(select(Instance.reference).where(Instance.id == row.instance_id))
    attachments = session.scalars(
        select(InboundAttachment).where(InboundAttachment.mail_id == row.id).order_by(InboundAttachment.id)
    )
    return InboundMailView(
        id=row.id,
        received_at=row.received_at,
        source=row.source,
        sender=row.sender,
        sender_name=row.sender_name,
        subject=row.subject,
        text=row.body_text,
        status=row.status,
        kind=row.kind,
        reference=reference,
        matched_by=row.matched_by,
        archive_reason=row.archive_reason,
        handled_by=row.handled_by,
        problems=tuple(row.problems or ()),
        attachments=tuple(_attachment_view(a) for a in attachments),
        size=row.size,
    )
