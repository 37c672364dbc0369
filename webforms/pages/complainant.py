"""The complainant's personal links (no account): answer one task, or follow the complaint."""

from flask import Blueprint, flash, render_template, request

from engine.errors import EngineError, InvalidFormData, NotFound, TaskAlreadyCompleted
from process.case_kinds import FACTS_FOR_COMPLAINANT

from .. import context, form_data, form_fields
from ..answers import answers
from ..case_kind import facts
from ..complainant_status import complainant_status
from ..complaint_forms import COMPLAINANT_FIELDS, REGISTRATION_FORM, in_your_words
from ..complaint_links import status_link
from ..personal_links import LinkExpired, LinkInvalid
from . import documents

bp = Blueprint("complainant", __name__)
documents.allow_uploads(bp, "complainant.task")

EXPIRED = (
    "Deze link is verlopen. Neem contact op met de relatiemanager of uw contactpersoon; "
    "u krijgt dan een nieuwe link."
)
INVALID = "Deze link is niet geldig. Controleer of u de hele link heeft gekopieerd."
USED = "Deze link is al gebruikt: uw antwoord is ontvangen. U hoeft niets meer te doen."


class LinkUsed(Exception):
    """The task of a genuine link is no longer waiting: it works once."""


@bp.errorhandler(LinkExpired)
def expired(_error):
    return render_template("complainant/link_problem.html", title="Link verlopen", message=EXPIRED), 410


@bp.errorhandler(LinkInvalid)
def invalid(_error):
    return render_template("complainant/link_problem.html", title="Ongeldige link", message=INVALID), 404


@bp.errorhandler(LinkUsed)
def used(_error):
    return render_template("complainant/link_problem.html", title="Al beantwoord", message=USED), 410


@bp.route("/link/<token>", methods=["GET", "POST"])
def task(token):
    engine = context.engine()
    found = _linked_task(engine, token)
    schema = found.schema or {}  # what is posted is validated against the whole form
    if request.method != "POST":
        return _page(engine, found, form_data.defaults(_for_complainant(schema)), {})
    upload = documents.upload_of(request.files)
    if problem := documents.problem(engine, upload):
        return _page(engine, found, request.form, {documents.FIELD: problem}, status=400)
    try:
        # The document is kept only together with an accepted answer, in the same step.
        engine.complete_task_as_complainant(
            found.id, form_data.to_json(schema, request.form), documents.as_document(upload)
        )
    except InvalidFormData as error:
        return _page(engine, found, request.form, error.fields, status=400)
    except TaskAlreadyCompleted:
        raise LinkUsed() from None
    except EngineError as error:
        if error.status != 400:
            raise
        return _page(engine, found, request.form, {documents.FIELD: f"Bijlage: {error.message}"}, status=400)
    if upload is not None:
        flash(f"Uw document {upload.filename} is toegevoegd aan uw klacht.", "success")
    return render_template(
        "complainant/thanks.html",
        reference=found.reference,
        status_url=status_link(found.reference),
        status=complainant_status(engine, engine.instance(found.reference)),
    )


def _linked_task(engine, token):
    link = context.links().task_link(token)
    try:
        found = engine.task(link.task_id)
    except NotFound:
        raise LinkInvalid() from None
    if found.form != link.purpose or found.role != engine.plugin.public_role:
        raise LinkInvalid()
    if found.state != "ready":
        raise LinkUsed()
    return found


def _page(engine, found, values, errors, status=200):
    complaint = engine.instance(found.reference)
    schema = in_your_words(_for_complainant(found.schema or {})) or {}
    registration = in_your_words(engine.plugin.forms.schema(REGISTRATION_FORM))
    return render_template(
        "complainant/task.html",
        task=found,
        title=schema.get("title") or found.title,
        intro=schema.get("description"),
        done=facts(engine, FACTS_FOR_COMPLAINANT, complaint.data),
        registered=answers(registration, complaint.data, COMPLAINANT_FIELDS),
        fields=form_fields.fields(schema, values, errors),
        form_errors=form_fields.form_errors(schema, errors),
    ), status


def _for_complainant(schema: dict) -> dict:
    """The form without the fields staff fill in ("x-staff", e.g. how the procedure was explained)."""
    properties = schema.get("properties", {})
    return {**schema, "properties": {k: v for k, v in properties.items() if not v.get("x-staff")}}


@bp.get("/status/<token>")
def status(token):
    engine = context.engine()
    reference = context.links().status_reference(token)
    try:
        complaint = engine.instance(reference)
    except NotFound:
        raise LinkInvalid() from None
    return render_template("complainant/status.html", status=complainant_status(engine, complaint))
