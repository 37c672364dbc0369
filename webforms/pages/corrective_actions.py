"""The corrective-action register: procedure changes still being implemented after their
complaint closed; due, overdue and done, as a page and as CSV; marked done with what was done."""

import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine.errors import InvalidFormData
from process import corrective_actions
from process.spreadsheet import FORMULA_STARTS

from .. import context
from ..output import when
from ..signin import login

bp = Blueprint("corrective_actions", __name__, url_prefix="/verbetermaatregelen")

READERS = (*corrective_actions.DONE_ROLES, *corrective_actions.READER_ROLES)
STATUS_LABELS = {"due": "Loopt", "overdue": "Over termijn", "done": "Afgerond"}
HEADER = (
    "kenmerk",
    "maatregel",
    "omschrijving",
    "termijn",
    "status",
    "eigenaar",
    "afgerond",
    "door",
    "toelichting",
)


@bp.get("/")
@login_required
def index():
    status = request.args.get("status") if request.args.get("status") in STATUS_LABELS else None
    actions = _register(status)
    return render_template(
        "corrective_actions.html",
        actions=actions,
        status=status,
        labels=STATUS_LABELS,
        may_complete=current_user.has_any(corrective_actions.DONE_ROLES),
        errors={},
    )


@bp.get("/register.csv")
@login_required
def as_csv():
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for a in _register(None):
        due = a.due.isoformat() if a.due else ""
        row = (a.reference, a.title, a.description, due, STATUS_LABELS[a.status], a.owner or "")
        row += (when(a.done_at) or "", a.done_by or "", a.done_note or "")
        writer.writerow("'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for v in row)
    headers = {"Content-Disposition": 'attachment; filename="verbetermaatregelen.csv"'}
    return Response(out.getvalue(), mimetype="text/csv; charset=utf-8", headers=headers)


@bp.post("/<int:action_id>/afgerond")
@login_required
def complete(action_id):
    try:
        context.engine().complete_follow_up(action_id, login(), request.form.get("note", ""))
    except InvalidFormData as error:
        return render_template(
            "corrective_actions.html",
            actions=_register(None),
            status=None,
            labels=STATUS_LABELS,
            may_complete=True,
            errors={action_id: error.fields.get("note")},
        ), 400
    flash("De maatregel is afgerond.", "success")
    return redirect(url_for("corrective_actions.index"))


def _register(status):
    if not current_user.has_any(READERS):
        abort(403)
    return context.engine().follow_ups(login(), status)
