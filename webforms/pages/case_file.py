"""Writing in a complaint's case file: comments and contact attempts with the complainant."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import login_required

from engine.errors import InvalidFormData

from .. import context
from ..case_notes import NoteForm, contact_arguments
from ..signin import login
from .complaints import complaint_page

bp = Blueprint("case_file", __name__, url_prefix="/klachten")


@bp.post("/<reference>/opmerking")
@login_required
def comment(reference):
    try:
        context.engine().add_comment(reference, login(), request.form.get("text", ""))
    except InvalidFormData as error:
        return complaint_page(reference, NoteForm(request.form, error.fields, "comment"), status=400)
    flash("De opmerking is toegevoegd aan het dossier.", "success")
    return redirect(url_for("complaints.show", reference=reference, _anchor="tijdlijn"))


@bp.post("/<reference>/contact")
@login_required
def contact(reference):
    try:
        context.engine().log_contact(reference, login(), **contact_arguments(request.form))
    except InvalidFormData as error:
        return complaint_page(reference, NoteForm(request.form, error.fields, "contact"), status=400)
    flash("Het contact met de klager is vastgelegd.", "success")
    return redirect(url_for("complaints.show", reference=reference, _anchor="tijdlijn"))
