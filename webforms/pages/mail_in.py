"""Binnengekomen mail: new mail that belongs to no complaint, for contact persons and relationship
managers to register as a complaint or archive; replies shown in the inbox and the case file."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine.errors import EngineError, InvalidFormData, NotFound
from process.inbound_mail import MAIL_DESK_ROLES, registration_from_mail

from .. import context, form_data, form_fields
from ..complaint_forms import PROCESS, REGISTRATION_FORM
from ..mail_intake import mail_intake
from ..signin import login
from ..user_select import user_choices
from .documents import attachment

bp = Blueprint("mail_in", __name__, url_prefix="/mail")
STATUSES = {"new": "Nieuw", "registered": "Geregistreerd", "archived": "Geen klacht"}


def _intake():
    return mail_intake(context.engine(), context.settings())


def _desk_only():
    if not current_user.has_any(MAIL_DESK_ROLES):
        abort(403)


@bp.get("/")
@login_required
def index():
    _desk_only()
    status = request.args.get("status") if request.args.get("status") in STATUSES else "new"
    mails = _intake().mails(status, viewer=login())
    return render_template("mail_in/list.html", mails=mails, status=status, statuses=STATUSES)


@bp.get("/<int:mail_id>")
@login_required
def show(mail_id):
    return _show_page(mail_id)


def _show_page(mail_id, errors=None, status=200):
    found = _intake().mail(mail_id, viewer=login())
    desk = current_user.has_any(MAIL_DESK_ROLES)
    return render_template(
        "mail_in/show.html", mail=found, statuses=STATUSES, desk=desk, errors=errors or {}
    ), status


@bp.post("/<int:mail_id>/geen-klacht")
@login_required
def archive(mail_id):
    _desk_only()
    try:
        _intake().archive(mail_id, login(), request.form.get("reason", ""))
    except InvalidFormData as error:
        return _show_page(mail_id, error.fields, status=400)
    flash("De mail is gearchiveerd als geen klacht.", "success")
    return redirect(url_for("mail_in.index"))


@bp.route("/<int:mail_id>/registreren", methods=["GET", "POST"])
@login_required
def register(mail_id):
    _desk_only()
    intake, engine = _intake(), context.engine()
    found = intake.mail(mail_id, viewer=login())
    if found.status != "new":
        flash("Deze mail is al verwerkt.", "info")
        return redirect(url_for("mail_in.show", mail_id=mail_id))
    schema = engine.plugin.forms.schema(REGISTRATION_FORM)
    if request.method != "POST":
        prefilled = {
            **form_data.defaults(schema),
            **registration_from_mail(found.sender_name, found.sender, found.subject, found.text),
        }
        return _register_page(engine, schema, found, prefilled)
    try:
        reference = intake.register(mail_id, login(), PROCESS, form_data.to_json(schema, request.form))
    except InvalidFormData as error:
        return _register_page(engine, schema, found, request.form, error.fields, status=400)
    flash(f"De mail is geregistreerd als klacht {reference}.", "success")
    try:
        engine.instance(reference, viewer=login())
    except NotFound:  # e.g. a discrimination complaint: only the relationship manager goes on
        return redirect(url_for("mail_in.index"))
    return redirect(url_for("complaints.show", reference=reference, nieuw=1))


def _register_page(engine, schema, found, values, errors=None, status=200):
    errors = errors or {}
    shown = form_fields.fields(schema, values, errors, user_choices(engine, schema))
    unplaced = form_fields.form_errors(schema, errors)
    return render_template(
        "mail_in/register.html", mail=found, schema=schema, fields=shown, form_errors=unplaced
    ), status


@bp.get("/<int:mail_id>/bijlagen/<int:attachment_id>")
@login_required
def download(mail_id, attachment_id):
    found, data = _intake().attachment(mail_id, attachment_id, login())
    return attachment(data, found.filename)


@bp.post("/<int:mail_id>/gezien")
@login_required
def seen(mail_id):
    _intake().mark_seen(mail_id, login())
    return redirect(url_for("inbox.index"))


@bp.app_template_global()
def mail_notices() -> list:
    """Replies to my complaints (or to closed ones, for the relationship manager) not yet seen."""
    try:
        return _intake().notices(login())
    except EngineError:
        return []


def case_mails(reference: str) -> list:
    """The mails filed with a complaint, for its case file's timeline (the viewer may see it)."""
    return _intake().case_mails(reference, login())
