"""Tables of incoming mail: each message stored once, its attachments, and which IMAP messages
were already taken in (so a fetch that is repeated or dies half-way stores nothing twice)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, UtcDateTime


class InboundMail(Base):
    """One incoming message as text: a reply filed with an instance, or a new one waiting."""

    __tablename__ = "inbound_mails"
    __table_args__ = (Index("ix_inbound_mails_status", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The Message-ID, or "sha256:<digest of the raw message>" when it has none: stored once.
    dedup_key: Mapped[str] = mapped_column(String(300), unique=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    source: Mapped[str] = mapped_column(String(16))
    sender: Mapped[str] = mapped_column(String(254), default="", index=True)
    sender_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    body_text: Mapped[str] = mapped_column(Text, default="")
    # new (waits for a person), registered, archived, filed (with a complaint), ignored (auto/own)
    status: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))  # new, reply, auto-reply, bounce, own
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("instances.id"), index=True, nullable=True)
    matched_by: Mapped[str | None] = mapped_column(String(16), nullable=True)
    archive_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    handled_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # Who is told in the inbox (a login, or everyone with a role), and when they saw it.
    notify_login: Mapped[str | None] = mapped_column(String(64), nullable=True)
    notify_role: Mapped[str | None] = mapped_column(String(32), nullable=True)
    seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    problems: Mapped[list] = mapped_column(JSON, default=list)
    size: Mapped[int] = mapped_column(Integer, default=0)
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class InboundAttachment(Base):
    """A file that came with a mail; kept until it is filed as a case document (or refused)."""

    __tablename__ = "inbound_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    mail_id: Mapped[int] = mapped_column(ForeignKey("inbound_mails.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    refused: Mapped[str | None] = mapped_column(Text, nullable=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), nullable=True)


class ImapReceipt(Base):
    """An IMAP message already stored: (mailbox incl. UIDVALIDITY, UID)."""

    __tablename__ = "imap_receipts"

    mailbox: Mapped[str] = mapped_column(String(400), primary_key=True)
    uid: Mapped[int] = mapped_column(Integer, primary_key=True)
    mail_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_mails.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
