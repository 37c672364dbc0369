"""The process owner's BPMN modeler: open, check and deploy a diagram; versions and migration below it."""

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from flask_login import current_user, login_required

from engine.diagram import MAX_DIAGRAM_BYTES
from engine.errors import InvalidDiagram

from .. import context
from ..form_data import whole_number
from ..modeler_settings import editor_policy, editor_settings, problem_list
from ..signin import login
from . import migration, versions

PROCESS_OWNERS = ("procesbeheerder",)
# The diagram travels as JSON text (with its quotes escaped): room above the engine's own limit.
MAX_REQUEST_BYTES = MAX_DIAGRAM_BYTES * 3 // 2
TOO_LARGE = f"Het bestand is te groot: een diagram mag hoogstens {MAX_DIAGRAM_BYTES // 1000} kB zijn."

bp = Blueprint("modeler", __name__, url_prefix="/procesbeheer")
bp.register_blueprint(versions.bp)
bp.register_blueprint(migration.bp)


@bp.record_once
def check_own_csrf(state):
    """The app-wide CSRF check reads the body under the app's smaller size limit: the two views
    that receive diagrams check it themselves, after raising that limit (process_owners_only)."""
    csrf = state.app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(check)
        csrf.exempt(deploy)


@bp.before_request
@login_required
def process_owners_only():
    """Every page below /procesbeheer: process owners only, and no body larger than a diagram."""
    if not current_user.has_any(PROCESS_OWNERS):
        abort(403)
    request.max_content_length = MAX_REQUEST_BYTES
    if (request.content_length or 0) > MAX_REQUEST_BYTES:
        abort(413)
    csrf = current_app.extensions.get("csrf")
    if csrf is not None and request.endpoint in ("modeler.check", "modeler.deploy"):
        csrf.protect()


@bp.errorhandler(413)
def too_large(_error):
    if request.path.endswith(("/controleren", "/deployen")):
        return jsonify(problems=[{"element": None, "message": TOO_LARGE}]), 413
    return render_template("error.html", title="Te groot", message=TOO_LARGE, status=413), 413


@bp.get("/")
def editor():
    """The modeler on the newest deployed file, or on the version asked for."""
    engine = context.engine()
    chosen = request.args.get("versie", type=whole_number)
    if chosen:
        shown = [engine.version_file(chosen)[0]]
    else:
        shown = [v for v in engine.versions() if v.latest]
    newest = max(shown, key=lambda v: v.id, default=None)
    diagram_url = url_for("modeler.versions.download", definition_id=newest.id) if newest else None
    page = render_template("modeler/editor.html", shown=shown, settings=editor_settings(engine, diagram_url))
    return page, {"Content-Security-Policy": editor_policy()}


@bp.post("/controleren")
def check():
    """The problems that stand in the way of deploying the posted diagram (JSON)."""
    xml = _posted_xml()
    return jsonify(problems=problem_list(context.engine().check_diagram(xml)))


@bp.post("/deployen")
def deploy():
    """Deploy the posted diagram as a new version, or say what is wrong with it (JSON)."""
    xml = _posted_xml()
    comment = str((request.get_json(silent=True) or {}).get("comment") or "").strip()[:500]
    try:
        deployed = context.engine().deploy(xml, actor=login(), comment=comment)
    except InvalidDiagram as refused:
        return jsonify(problems=problem_list(refused.problems)), 422
    new = [d for d in deployed if d.new]
    message = (
        "In gebruik genomen: " + ", ".join(f"{d.name} versie {d.version}" for d in new)
        if new
        else "Dit diagram was al in gebruik; er is geen nieuwe versie gemaakt."
    )
    return jsonify(message=message, versions_url=url_for("modeler.versions.index"), new=bool(new))


def _posted_xml() -> bytes:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("xml"), str):
        abort(400)
    return body["xml"].encode("utf-8")
