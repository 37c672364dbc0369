"""The public complaint form: anyone may file a complaint, without an account."""

from flask import Blueprint, redirect, render_template, request, session, url_for

from engine.errors import InvalidFormData, NotFound

from .. import context, form_data, form_fields
from ..complaint_forms import PROCESS, PUBLIC_FIXED, REGISTRATION_FORM, in_your_words, public_schema
from ..complaint_links import status_link, task_link
from ..errors import page
from . import documents

bp = Blueprint("public", __name__)
documents.allow_uploads(bp, "public.complaint_form")

HONEYPOT = "website"  # hidden from people; bots fill it in
TOO_MANY = "Er zijn vanaf dit adres veel klachten ingediend. Probeer het over een uur opnieuw."


@bp.route("/klacht-indienen", methods=["GET", "POST"])
def complaint_form():
    engine = context.engine()
    schema = public_schema(engine.plugin.forms.schema(REGISTRATION_FORM))
    if request.method != "POST":
        return _page(schema, form_data.defaults(schema), {})
    throttle = context.throttle("public_form")
    if throttle.exceeded(request.remote_addr):
        return page(429, TOO_MANY)
    if request.form.get(HONEYPOT):
        return render_template("public/received.html", reference=None)
    upload = documents.upload_of(request.files)
    if problem := documents.problem(engine, upload):
        return _page(schema, request.form, {documents.FIELD: problem}, status=400)
    data = {**form_data.to_json(schema, request.form), **PUBLIC_FIXED}
    try:
        complaint = engine.start_by_complainant(PROCESS, data)
    except InvalidFormData as error:
        return _page(schema, request.form, error.fields, status=400)
    documents.attach_for_complainant(engine, complaint.reference, upload)
    session["filed_complaint"] = complaint.reference
    return redirect(url_for("public.received"))


@bp.get("/klacht-ontvangen")
def received():
    reference = session.get("filed_complaint")
    if reference is None:
        return redirect(url_for("public.complaint_form"))
    try:
        complaint = context.engine().instance(reference)
    except NotFound:
        return redirect(url_for("public.complaint_form"))
    return render_template(
        "public/received.html",
        reference=reference,
        status_url=status_link(reference),
        answer_urls=_answer_links(complaint),
    )


def _answer_links(complaint) -> list[tuple[str, str]]:
    """The complainant's own open steps right after filing (checking what was recorded)."""
    plugin = context.engine().plugin
    return [
        (
            (in_your_words(plugin.forms.schema(task.form or "")) or {}).get("title") or task.title,
            task_link(task, external=False),
        )
        for task in complaint.tasks
        if task.role == plugin.public_role
    ]


def _page(schema, values, errors, status=200):
    return render_template(
        "public/complaint_form.html",
        fields=form_fields.fields(schema, values, errors),
        form_errors=form_fields.form_errors(schema, errors),
        honeypot=HONEYPOT,
    ), status
