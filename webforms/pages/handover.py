"""Handing a complaint to another handler (the relationship manager), with a reason."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

import process
from engine.errors import InvalidFormData

from .. import context, form_fields
from ..complaint_view import complaint_view
from ..signin import login
from ..user_select import user_choices

bp = Blueprint("handover", __name__, url_prefix="/klachten")

FORM = {
    "properties": {
        "handler": {
            "type": "string",
            "title": "Nieuwe klacht-afhandelaar",
            "x-widget": "user-select",
            "x-role": "afhandelaar",
            "description": "Nooit de medewerker die de dienst verleende. Open taken gaan mee.",
        },
        "reason": {
            "type": "string",
            "title": "Reden van de wissel",
            "x-widget": "textarea",
            "maxLength": 2000,
        },
    },
    "required": ["handler", "reason"],
}


@bp.app_context_processor
def helpers():
    return {"reassign_link": reassign_link}


def reassign_link(complaint) -> str | None:
    """The reassignment page of an open complaint with a handler, for relationship managers."""
    if complaint.status != "open" or not complaint.data.get(process.HANDOVER_FIELD):
        return None
    if not current_user.is_authenticated or not current_user.has_any(process.REASSIGN_ROLES):
        return None
    return url_for("handover.reassign", reference=complaint.reference)


@bp.route("/<reference>/afhandelaar", methods=["GET", "POST"])
@login_required
def reassign(reference):
    engine = context.engine()
    case = complaint_view(engine, reference, login())
    if reassign_link(case.complaint) is None:
        abort(403)
    if request.method != "POST":
        return _page(engine, case, {}, {})
    values = {name: request.form.get(name, "") for name in FORM["properties"]}
    try:
        engine.reassign(reference, login(), values["handler"], values["reason"])
    except InvalidFormData as error:
        return _page(engine, case, values, error.fields, status=400)
    flash("De klacht is overgedragen; beide afhandelaars krijgen bericht.", "success")
    return redirect(url_for("complaints.show", reference=reference))


def _page(engine, case, values, errors, status=200):
    current = case.complaint.data.get(process.HANDOVER_FIELD)
    choices = user_choices(engine, FORM, case.complaint.data)
    choices["handler"] = [c for c in choices["handler"] if c.value != current]
    return render_template(
        "handover.html",
        case=case,
        fields=form_fields.fields(FORM, values, errors, choices),
        form_errors=form_fields.form_errors(FORM, errors),
    ), status
