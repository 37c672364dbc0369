"""Documents in a case file: checked on the way in, stored in the database, served only to those
who may see the case, always as a download."""

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from . import access, audit, users
from .errors import EngineError, NotAllowed, NotFound
from .models import Document, Instance

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "text/plain": (".txt",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
}
# What the person the process is about (no account) may add to one instance, over the public
# form and all their links together: a link cannot be used to fill the database.
COMPLAINANT_MAX_DOCUMENTS = 5
COMPLAINANT_MAX_BYTES = 25 * 1024 * 1024
SIGNATURES = {"application/pdf": b"%PDF", "image/png": b"\x89PNG", "image/jpeg": b"\xff\xd8\xff"}


@dataclass(frozen=True)
class DocumentView:
    id: int
    reference: str
    filename: str
    content_type: str
    size: int
    uploaded_at: datetime
    uploaded_by: str
    erased: bool


class Documents:
    """Mixed into Engine: needs self.db, self.plugin and self.clock."""

    def check_document(self, filename: str, content_type: str, data: bytes) -> str:
        """Refuse a file that may not be attached (EngineError); returns its cleaned name."""
        clean_name = _checked(filename, content_type, data)
        self.plugin.scan_document(data)
        return clean_name

    def attach_document(self, reference, login: str | None, filename: str, content_type: str, data: bytes):
        """Attach a file; login None means the complainant (public form or personal link)."""
        clean_name = self.check_document(filename, content_type, data)
        with self.db.write() as session:
            instance = _instance(session, reference)
            author = self._document_author(session, instance, login)
            return self._store_document(session, instance, author, clean_name, content_type, data)

    def _store_document(self, session, instance, author, clean_name, content_type, data) -> DocumentView:
        """Add a checked file in the caller's transaction (with the answer it came with)."""
        if author == (self.plugin.public_role or "klager"):
            _within_complainant_limits(session, instance, author, len(data))
        document = add_document(session, instance, clean_name, content_type, data, author, self.clock.now())
        return _view(document, instance.reference)

    def documents(self, reference: str, viewer: str) -> list[DocumentView]:
        with self.db.read() as session:
            instance = _instance(session, reference)
            _require_viewer(session, self.plugin, instance, viewer)
            rows = session.scalars(
                select(Document).where(Document.instance_id == instance.id).order_by(Document.id)
            )
            return [_view(row, reference) for row in rows]

    def document(self, reference: str, document_id: int, viewer: str) -> tuple[DocumentView, bytes]:
        with self.db.read() as session:
            instance = _instance(session, reference)
            _require_viewer(session, self.plugin, instance, viewer)
            row = session.get(Document, int(document_id))
            if row is None or row.instance_id != instance.id or row.erased_at is not None:
                raise NotFound("Dit document bestaat niet (meer).")
            found = _view(row, reference), row.content
        self._note_reads(viewer, [(instance.id, instance.data)], f"document {found[0].filename}")
        return found

    def _document_author(self, session, instance, login) -> str:
        if login is None:
            if instance.status != "open":
                raise NotAllowed("Bij een afgesloten klacht kunnen geen documenten meer worden toegevoegd.")
            return self.plugin.public_role or "klager"
        user = users.require_active(session, login)
        access.require_visible(session, self.plugin, instance, user.login, users.roles_of(user))
        if not set(users.roles_of(user)) & set(self.plugin.case_roles):
            raise NotAllowed("Je rol mag dit dossier alleen inzien.")
        return user.login


def _within_complainant_limits(session, instance, author, size: int) -> None:
    count, total = session.execute(
        select(func.count(Document.id), func.coalesce(func.sum(Document.size), 0)).where(
            Document.instance_id == instance.id, Document.uploaded_by == author
        )
    ).one()
    if count >= COMPLAINANT_MAX_DOCUMENTS:
        raise EngineError(
            f"U heeft al {COMPLAINANT_MAX_DOCUMENTS} documenten bij deze klacht gevoegd; meer kan niet."
        )
    if total + size > COMPLAINANT_MAX_BYTES:
        raise EngineError(
            f"Samen mogen uw documenten bij deze klacht ten hoogste {COMPLAINANT_MAX_BYTES // 2**20} MB zijn."
        )


def _checked(filename: str, content_type: str, data: bytes) -> str:
    name = re.sub(r"[^\w.\- ]", "_", (filename or "").replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")[:200]
    if not name:
        raise EngineError("Het bestand heeft geen naam.")
    if not data:
        raise EngineError("Het bestand is leeg.")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise EngineError(f"Het bestand is groter dan {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.")
    extensions = ALLOWED_TYPES.get(content_type)
    if extensions is None or not name.lower().endswith(extensions):
        raise EngineError(
            "Dit soort bestand kan niet worden toegevoegd (wel: pdf, png, jpg, txt, docx, xlsx)."
        )
    signature = SIGNATURES.get(content_type)
    if signature and not data.startswith(signature):
        raise EngineError("De inhoud van het bestand past niet bij het soort bestand.")
    return name


def _instance(session, reference) -> Instance:
    found = session.scalar(select(Instance).where(Instance.reference == reference))
    if found is None:
        raise NotFound(f"'{reference}' bestaat niet.")
    return found


def _require_viewer(session, plugin, instance, viewer) -> None:
    user = users.require_active(session, viewer)
    access.require_visible(session, plugin, instance, user.login, users.roles_of(user))


def _view(row: Document, reference: str) -> DocumentView:
    return DocumentView(
        id=row.id,
        reference=reference,
        filename=row.filename,
        content_type=row.content_type,
        size=row.size,
        uploaded_at=row.uploaded_at,
        uploaded_by=row.uploaded_by,
        erased=row.erased_at is not None,
    )


def add_document(session, instance, filename, content_type, data, author, now) -> Document:
    """A checked file as a document of the case file, audited as added, in the caller's transaction."""
    document = Document(
        instance_id=instance.id,
        uploaded_at=now,
        uploaded_by=author,
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        content=data,
    )
    session.add(document)
    session.flush()
    details = {"filename": filename, "size": len(data), "document": document.id}
    audit.record(session, instance, now, "document_added", author, details=details)
    return document
