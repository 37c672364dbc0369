"""Mail in: each message stored once, as text. A reply is filed with its instance (our own
Message-ID in In-Reply-To/References first, then a reference in the subject from the address the
case knows); machine mail and our own mail are kept aside; the rest waits for a person.

Filing a mail never moves the process on: it is recorded in the case file and someone is told."""

import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from . import audit
from .documents import add_document
from .errors import EngineError
from .inbound_models import InboundAttachment, InboundMail
from .mail_desk import MailDesk
from .mail_reading import ReadMail, read_mail
from .models import Instance, OutboxMail

REFERENCE = re.compile(r"\b([A-Z]{2,8}-\d{4}-\d{4,6})\b")
LEGACY_ID = re.compile(r"^outbox-(\d+)-(\d+)@")
MAX_MESSAGE_BYTES = 40 * 1024 * 1024


@dataclass(frozen=True)
class Receipt:
    """What became of one incoming message."""

    mail_id: int
    status: str  # new, filed, ignored
    kind: str  # new, reply, auto-reply, bounce, own
    reference: str | None
    duplicate: bool = False


class MailIntake(MailDesk):
    """Stores incoming mail for an engine. `told(case, status)` says who hears of a reply:
    (login or None, role or None); `own_addresses` are the addresses we send from."""

    def __init__(self, engine, told, desk_roles=(), own_addresses=()):
        self.engine = engine
        self.told = told
        self.desk_roles = tuple(desk_roles)
        self.own_addresses = {a.strip().lower() for a in own_addresses if a}

    def receive(self, raw: bytes, source: str = "pipe") -> Receipt:
        """Store one RFC 5322 message (bytes as received); a message seen before is not stored again."""
        if len(raw) > MAX_MESSAGE_BYTES:
            raise EngineError(f"Het bericht is groter dan {MAX_MESSAGE_BYTES // (1024 * 1024)} MB.")
        read = read_mail(raw)
        key = _dedup_key(read, raw)
        try:
            with self.engine.db.write() as session:
                known = session.scalar(select(InboundMail).where(InboundMail.dedup_key == key))
                if known is not None:
                    return _receipt(session, known, duplicate=True)
                mail = self._store(session, read, key, source, len(raw))
                return _receipt(session, mail)
        except IntegrityError:  # the same message stored at this very moment by another receiver
            with self.engine.db.read() as session:
                known = session.scalar(select(InboundMail).where(InboundMail.dedup_key == key))
                if known is None:
                    raise
                return _receipt(session, known, duplicate=True)

    def _store(self, session, read: ReadMail, key, source, size) -> InboundMail:
        now = self.engine.clock.now()
        kind = "own" if self._ours(session, read) else read.machine
        instance, how = (None, None) if kind else self._match(session, read)
        mail = InboundMail(
            dedup_key=key,
            received_at=now,
            source=source,
            sender=read.sender,
            sender_name=read.sender_name,
            subject=read.subject,
            sent_at=read.sent_at,
            body_text=read.text,
            size=size,
            problems=list(read.problems),
            kind=kind or ("reply" if instance else "new"),
            status="ignored" if kind else ("filed" if instance else "new"),
            instance_id=instance.id if instance else None,
            matched_by=how,
        )
        session.add(mail)
        session.flush()
        if instance is not None:
            mail.notify_login, mail.notify_role = self.told(instance.data, instance.status)
            actor = self.engine.plugin.public_role or audit.SYSTEM
            details = {"mail": mail.id, "matched_by": how}
            audit.record(session, instance, now, "mail_received", actor, details=details)
        if kind is None:
            self._keep_attachments(session, mail, instance, read, now)
        return mail

    def _ours(self, session, read: ReadMail) -> bool:
        """Loop guard: our own outgoing mail coming back, or anything from our own address."""
        if read.sender and read.sender in self.own_addresses:
            return True
        return read.message_id is not None and _outbox_of(session, read.message_id) is not None

    def _match(self, session, read: ReadMail):
        for message_id in read.refers_to:
            sent = _outbox_of(session, message_id)
            if sent is not None and sent.instance_id is not None:
                return session.get(Instance, sent.instance_id), "message-id"
        if not read.sender:
            return None, None
        for reference in dict.fromkeys(REFERENCE.findall(read.subject)):
            instance = session.scalar(select(Instance).where(Instance.reference == reference))
            if instance is not None and self.engine.plugin.is_about(instance.data, read.sender):
                return instance, "reference"
        return None, None

    def _keep_attachments(self, session, mail, instance, read: ReadMail, now) -> None:
        """Check each attachment like an upload; file the good ones with an open case right away,
        keep them with the mail otherwise (until it is registered)."""
        author = self.engine.plugin.public_role or audit.SYSTEM
        for part in read.attachments:
            row = InboundAttachment(
                mail_id=mail.id,
                filename=part.filename[:255],
                content_type=part.content_type[:100],
                size=len(part.data),
                content=b"",
            )
            try:
                row.filename = self.engine.check_document(part.filename, part.content_type, part.data)
            except EngineError as refusal:
                row.refused = refusal.message
                mail.problems = [*mail.problems, f"Bijlage {row.filename} niet opgenomen: {refusal.message}"]
                session.add(row)
                continue
            if instance is not None and instance.status == "open":
                filed = add_document(
                    session, instance, row.filename, row.content_type, part.data, author, now
                )
                row.document_id = filed.id
            else:
                row.content = part.data
            session.add(row)


def _outbox_of(session, message_id: str) -> OutboxMail | None:
    local = message_id.split("@", 1)[0]
    if local.startswith("klacht."):
        return session.scalar(select(OutboxMail).where(OutboxMail.message_id == local))
    legacy = LEGACY_ID.match(message_id)
    if legacy:
        sent = session.get(OutboxMail, int(legacy.group(1)))
        if sent is not None and int(sent.created_at.timestamp()) == int(legacy.group(2)):
            return sent
    return None


def _dedup_key(read: ReadMail, raw: bytes) -> str:
    if read.message_id and len(read.message_id) <= 290:
        return f"id:{read.message_id}"
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _receipt(session, mail: InboundMail, duplicate=False) -> Receipt:
    reference = session.scalar(select(Instance.reference).where(Instance.id == mail.instance_id))
    return Receipt(mail.id, mail.status, mail.kind, reference, duplicate)
