"""Privacy (AVG) for the admin: retention terms and legal holds, a person's data (export and
erasure on request) and the processing register. A person is always sent in a POST body, so
their e-mail address or name never ends up in a URL or an access log."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine.errors import EngineError, NotAllowed

from .. import context, privacy_view
from ..signin import login
from .documents import attachment

bp = Blueprint("privacy", __name__, url_prefix="/beheer/privacy")
PERSON = "persoon"  # the form field with a person's e-mail address or name
COMPLAINT = "klacht"  # the complaints chosen for that person (one field per reference)


@bp.before_request
@login_required
def only_privacy_officers():
    if not current_user.has_any(context.engine().plugin.privacy_roles):
        abort(403)


@bp.app_template_global()
def privacy_pages() -> list[tuple[str, str]]:
    return [
        ("privacy.index", "Bewaren"),
        ("privacy.persons", "Inzage en wissen"),
        ("privacy.processing_register", "Verwerkingsregister"),
    ]


@bp.get("/")
def index():
    return _index_page(privacy_view.terms(context.engine()))


@bp.post("/bewaartermijnen")
def retention_terms():
    engine = context.engine()
    typed, days, errors = privacy_view.typed_terms(request.form, engine.retention_terms())
    if not errors:
        try:
            engine.set_retention_terms(login(), days)
        except EngineError as error:
            if error.status != 400:
                raise
            errors = {key: error.message for key in typed}
    if errors:
        return _index_page(privacy_view.terms(engine, typed, errors), status=400)
    flash("De bewaartermijnen zijn opgeslagen.", "success")
    return redirect(url_for("privacy.index"))


@bp.post("/bewaarplicht/<reference>")
def legal_hold(reference):
    lift = request.form.get("actie") == "opheffen"
    try:
        context.engine().set_legal_hold(reference, login(), None if lift else request.form.get("reden", ""))
    except EngineError as error:
        if error.status != 400:
            raise
        flash(f"{reference}: {error.message}", "fout")
    else:
        flash(f"De bewaarplicht op {reference} is {'opgeheven' if lift else 'vastgelegd'}.", "success")
    return redirect(url_for("privacy.index", _anchor=f"klacht-{reference}"))


@bp.route("/personen", methods=["GET", "POST"])
def persons():
    person = request.form.get(PERSON, "").strip()
    if request.method == "GET" or not person:
        error = "Geef een e-mailadres of naam." if request.method == "POST" else None
        return render_template("privacy/persons.html", person=person, found=None, error=error)
    people = privacy_view.people(context.engine(), context.engine().subject_matches(person))
    return render_template("privacy/persons.html", person=person, found=people, error=None)


def _chosen() -> list[str] | None:
    """The complaints chosen on the page (one person's); None: all about the e-mail address."""
    return request.form.getlist(COMPLAINT) or None


@bp.post("/personen/inzage")
def export():
    data = context.engine().subject_access(request.form.get(PERSON, ""), login(), _chosen())
    return attachment(data, f"inzage-{context.engine().clock.now():%Y-%m-%d}.zip")


@bp.post("/personen/wissen")
def erase():
    engine = context.engine()
    person = request.form.get(PERSON, "").strip()
    chosen = engine.subjects(person, _chosen()) if person else []
    found = privacy_view.kept(engine, chosen)
    if not found:
        flash("Over deze persoon zijn geen gegevens gevonden.", "fout")
        return redirect(url_for("privacy.persons"))
    if request.form.get("bevestigd") != "ja":
        return render_template("privacy/erase.html", person=person, found=found, chosen=chosen, refusal=None)
    try:
        erased = engine.erase_subject(person, login(), chosen)
    except NotAllowed as refusal:
        page = render_template(
            "privacy/erase.html", person=person, found=found, chosen=chosen, refusal=refusal.message
        )
        return page, 409
    flash(f"De persoonsgegevens zijn gewist uit {', '.join(erased)}.", "success")
    return redirect(url_for("privacy.persons"))


@bp.get("/verwerkingsregister")
def processing_register():
    engine = context.engine()
    return render_template(
        "privacy/register.html",
        entries=privacy_view.register_entries(engine),
        terms=privacy_view.terms(engine),
    )


def _index_page(terms, status=200):
    engine = context.engine()
    return render_template("privacy/index.html", terms=terms, complaints=privacy_view.kept(engine)), status
