"""Versions of the deployed diagrams: list, view, download, compare and roll back (under /procesbeheer)."""

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from engine.errors import InvalidDiagram, NotAllowed

from .. import context
from ..form_data import whole_number
from ..signin import login
from .documents import attachment

bp = Blueprint("versions", __name__, url_prefix="/versies")


@bp.get("/")
def index():
    engine = context.engine()
    processes = {}
    for version in engine.versions():
        processes.setdefault(version.process_id, []).append(version)
    return render_template("modeler/versions.html", processes=processes, names=_names(engine))


@bp.get("/<int:definition_id>")
def show(definition_id):
    engine = context.engine()
    version, _xml = engine.version_file(definition_id)
    older = [v for v in engine.versions(version.process_id) if v.version < version.version]
    return render_template(
        "modeler/version.html",
        version=version,
        previous=older[0] if older else None,
        names=_names(engine),
        diagram_url=url_for(".download", definition_id=definition_id),
    )


@bp.get("/<int:definition_id>.bpmn")
def download(definition_id):
    """The deployed file, always as a download: it is uploaded content, never a page of ours."""
    version, xml = context.engine().version_file(definition_id)
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{version.process_id}-versie-{version.version}.bpmn")
    return attachment(xml.encode("utf-8"), name)


@bp.get("/vergelijken")
def compare():
    old, new = request.args.get("van", type=whole_number), request.args.get("naar", type=whole_number)
    if not old or not new:
        abort(400)
    diff = context.engine().compare_versions(old, new)
    return render_template("modeler/diff.html", diff=diff, old_id=old, new_id=new)


@bp.post("/<int:definition_id>/terugzetten")
def roll_back(definition_id):
    comment = request.form.get("comment", "").strip()[:500]
    try:
        deployed = context.engine().roll_back(definition_id, login(), comment)
    except InvalidDiagram as refused:
        reasons = "; ".join(message for _element, message in refused.problems)
        flash(f"Deze versie kan niet opnieuw in gebruik worden genomen: {reasons}", "fout")
        return redirect(url_for(".show", definition_id=definition_id))
    except NotAllowed as refused:
        flash(refused.message, "fout")
        return redirect(url_for(".show", definition_id=definition_id))
    new = ", ".join(f"{d.name} versie {d.version}" for d in deployed if d.new)
    flash(f"Teruggezet: de oude versie is opnieuw in gebruik genomen als {new}.", "success")
    return redirect(url_for(".index"))


def _names(engine) -> dict[str, str]:
    return {user.login: user.name for user in engine.users()}
