"""Complaints: the list, registering a new one, and one complaint's page with its case file."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

import process
from engine.errors import InvalidFormData, NotFound
from process.acknowledgement_letter import acknowledgement_pdf
from process.rules import HANDLER_ROLE

from .. import context, form_data, form_fields
from ..audit_filters import ComplaintFilters
from ..case_kind import ANALYSIS
from ..case_notes import CHANNELS, OUTCOMES, NoteForm, note_rights
from ..case_timeline import KINDS, CaseSources, chosen_kinds, timeline
from ..complaint_forms import PROCESS, REGISTRATION_FORM, STATUS_LABELS
from ..complaint_links import complainant_links
from ..complaint_view import complaint_view
from ..reporting import READERS
from ..signin import login
from ..user_select import user_choices
from .mail_in import case_mails

bp = Blueprint("complaints", __name__, url_prefix="/klachten")

# The lane of the diagram's start event; this only hides what the engine would refuse anyway.
REGISTERING_ROLES = process.REGISTERING_ROLES


@bp.get("/")
@login_required
def index():
    """The complaints this user may see, searched by reference, name, e-mail, words, handler,
    status and period (the engine applies the visibility rules in the same query)."""
    engine = context.engine()
    filters = ComplaintFilters.from_args(request.args)
    return render_template(
        "complaints.html",
        found=engine.find_instances(filters.query(), login()),
        filters=filters,
        labels=STATUS_LABELS,
        handlers=[user for user in engine.users() if HANDLER_ROLE in user.roles],
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new():
    if not current_user.has_any(REGISTERING_ROLES):
        abort(403)
    engine = context.engine()
    schema = engine.plugin.forms.schema(REGISTRATION_FORM)
    if request.method != "POST":
        return _new_page(engine, schema, form_data.defaults(schema))
    try:
        complaint = engine.start(PROCESS, login(), form_data.to_json(schema, request.form))
    except InvalidFormData as error:
        return _new_page(engine, schema, request.form, error.fields, status=400)
    flash(f"De klacht is geregistreerd onder kenmerk {complaint.reference}.", "success")
    return _after_registration(engine, complaint.reference)


def _new_page(engine, schema, values, errors=None, status=200):
    errors = errors or {}
    shown = form_fields.fields(schema, values, errors, user_choices(engine, schema))
    unplaced = form_fields.form_errors(schema, errors)
    return render_template("complaint_new.html", schema=schema, fields=shown, form_errors=unplaced), status


def _after_registration(engine, reference):
    try:
        engine.instance(reference, viewer=login())
    except NotFound:  # e.g. a discrimination complaint: only the relationship manager goes on
        flash("De relatiemanager neemt de klacht nu verder in behandeling.", "info")
        return redirect(url_for("inbox.index"))
    return redirect(url_for("complaints.show", reference=reference, nieuw=1))


@bp.get("/<reference>")
@login_required
def show(reference):
    return complaint_page(reference, new=request.args.get("nieuw") == "1")


@bp.get("/<reference>/ontvangstbevestiging.pdf")
@login_required
def acknowledgement_letter(reference):
    """The acknowledgement as a letter to print, for a complainant without e-mail."""
    complaint = complaint_view(context.engine(), reference, login()).complaint  # NotFound when not theirs
    pdf = acknowledgement_pdf(
        reference, complaint.data, complaint.started_at, context.settings().organisation
    )
    headers = {"Content-Disposition": f'attachment; filename="ontvangstbevestiging-{reference}.pdf"'}
    return Response(pdf, mimetype="application/pdf", headers=headers)


def complaint_page(reference, note_form=None, status=200, new=False):
    """The complaint page; the case file's forms show `note_form` (after an invalid note)."""
    engine = context.engine()
    case = complaint_view(engine, reference, login())
    writes = note_rights(engine, current_user)
    shown = chosen_kinds(request.args)
    sources = CaseSources(engine, case, login(), _names(engine), case_mails)
    return render_template(
        case.pages.page,
        case=case,
        new=new,
        may_write=writes,
        timeline=timeline(sources, shown),
        kinds=KINDS,
        shown=shown,
        note_form=note_form or NoteForm.empty(engine),
        channels=CHANNELS,
        outcomes=OUTCOMES,
        links=complainant_links(case),
        mails=engine.outbox(reference=reference) if case.kind == ANALYSIS else [],
        reads_reports=current_user.has_any(READERS),
    ), status


def _names(engine) -> dict[str, str]:
    names = {user.login: user.name for user in engine.users()}
    names[engine.plugin.public_role or "klager"] = "De klager"
    return names
