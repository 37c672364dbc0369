"""Case documents: the list and upload form on the complaint page, downloads that are always an
attachment, and the complainant's optional document on the public form and their task link."""

from dataclasses import dataclass
from urllib.parse import quote

from flask import Blueprint, Response, current_app, flash, redirect, request, url_for
from flask_login import login_required

from engine.documents import ALLOWED_TYPES, MAX_DOCUMENT_BYTES
from engine.errors import EngineError

from .. import context
from ..errors import page
from ..signin import login

bp = Blueprint("documents", __name__, url_prefix="/klachten")

FIELD = "document"  # the file input's name on every form that takes a document
EXTENSIONS = ",".join(ext for extensions in ALLOWED_TYPES.values() for ext in extensions)
TOO_LARGE = (
    f"U heeft te veel gegevens verstuurd: een document mag ten hoogste {MAX_DOCUMENT_BYTES // 2**20} MB "
    "zijn. Kies een kleiner bestand of maak de tekst korter."
)


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class DocumentLine:
    document: object  # the engine's DocumentView
    by: str


def allow_uploads(blueprint: Blueprint, *endpoints: str) -> None:
    """Make room for a document in these endpoints' POSTs: the app-wide limit is for text forms.

    Only a multipart body can hold a file (its text fields keep Flask's MAX_FORM_MEMORY_SIZE). A
    URL value preprocessor runs before every before_request function, so also before the CSRF
    check reads the form."""

    @blueprint.url_value_preprocessor
    def room_for_a_document(endpoint, _values):
        if endpoint in endpoints and request.method == "POST" and request.mimetype == "multipart/form-data":
            text = current_app.config.get("MAX_CONTENT_LENGTH") or 0
            request.max_content_length = text + MAX_DOCUMENT_BYTES

    blueprint.register_error_handler(413, lambda _error: page(413, TOO_LARGE))


def upload_of(files) -> Upload | None:
    """The file chosen in a form's document field; None when none was chosen."""
    chosen = files.get(FIELD)
    if chosen is None or not chosen.filename:
        return None
    return Upload(chosen.filename, _content_type(chosen.filename, chosen.mimetype), chosen.read())


def problem(engine, upload: Upload | None) -> str | None:
    """Why the engine would refuse this document (checked before the complaint or task goes on)."""
    if upload is None:
        return None
    try:
        engine.check_document(upload.filename, upload.content_type, upload.data)
    except EngineError as error:
        return f"Bijlage: {error.message}"
    return None


def as_document(upload: Upload | None) -> tuple | None:
    """(filename, content type, bytes) for the engine, which keeps it only with an accepted answer."""
    return None if upload is None else (upload.filename, upload.content_type, upload.data)


def attach_for_complainant(engine, reference: str, upload: Upload | None) -> None:
    """Attach the complainant's (checked) document and say how it went."""
    if upload is None:
        return
    try:
        added = engine.attach_document(reference, None, upload.filename, upload.content_type, upload.data)
    except EngineError as error:
        flash(f"Uw document is niet toegevoegd: {error.message}", "fout")
    else:
        flash(f"Uw document {added.filename} is toegevoegd aan uw klacht.", "success")


def attachment(data: bytes, filename: str) -> Response:
    """A download that no browser renders: an opaque type, never sniffed, always saved."""
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
    return Response(
        data,
        mimetype="application/octet-stream",
        headers={
            "Content-Disposition": disposition,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


@bp.post("/<reference>/documenten")
@login_required
def upload(reference):
    chosen = upload_of(request.files)
    if chosen is None:
        flash("Kies eerst een bestand om toe te voegen.", "fout")
        return redirect(url_for("complaints.show", reference=reference, _anchor="documenten"))
    try:
        added = context.engine().attach_document(
            reference, login(), chosen.filename, chosen.content_type, chosen.data
        )
    except EngineError as error:
        if error.status != 400:
            raise
        flash(f"Het document is niet toegevoegd: {error.message}", "fout")
    else:
        flash(f"Het document {added.filename} is toegevoegd aan het dossier.", "success")
    return redirect(url_for("complaints.show", reference=reference, _anchor="documenten"))


@bp.get("/<reference>/documenten/<int:document_id>")
@login_required
def download(reference, document_id):
    document, data = context.engine().document(reference, document_id, login())
    return attachment(data, document.filename)


allow_uploads(bp, "documents.upload")


@bp.app_template_global()
def case_documents(reference: str) -> list[DocumentLine]:
    """The complaint's documents for the complaint page (whose viewer may see the complaint)."""
    engine = context.engine()
    names = {user.login: user.name for user in engine.users()}
    names[engine.plugin.public_role or "klager"] = "De klager"
    found = engine.documents(reference, login())
    return [DocumentLine(d, names.get(d.uploaded_by, d.uploaded_by)) for d in found]


@bp.app_template_global()
def document_extensions() -> str:
    return EXTENSIONS


@bp.app_template_filter("bestandsgrootte")
def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} kB"
    return f"{size / 2**20:.1f} MB".replace(".", ",")


def _content_type(filename: str, sent: str | None) -> str:
    """The type the file's extension stands for (the engine checks the content against it)."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    found = (kind for kind, extensions in ALLOWED_TYPES.items() if suffix in extensions)
    return next(found, sent or "application/octet-stream")
